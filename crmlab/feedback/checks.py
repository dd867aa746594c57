"""Instant feedback for the exercises: the framework of the public checks (公开检查).

Each lesson's checks live with the lesson's course code, ``crmcourse/l04_pyramid/checks.py`` and
so on; a notebook imports them with ``from crmcourse.l04_pyramid import checks``. This module is
the lesson-independent part.

A check function in a lesson module:

* fetches the student's answer by variable name with :func:`get_answer` (a missing variable is a
  friendly Chinese message, not a ``NameError``), unless the answer is passed in explicitly;
* computes the expected answer with the crmlab function the lesson teaches (never a second copy
  of the logic);
* compares with :func:`check_number`, :func:`check_series` or :func:`check_columns`, which run
  *diagnoses* (small functions that recognise a typical mistake and return a Chinese hint);
* on success calls :func:`passed`, which prints "✅ 公开检查通过 (public checks passed)" and reminds
  the student that hidden tests still decide the grade;
* on failure raises ``AssertionError`` through :func:`fail`, so nbgrader scores the cell 0.

Checks return ``None`` (nbgrader would read a returned number as partial credit) and write nothing
to stderr.

Exercises that must be solved by hand use :func:`by_hand`: it looks at the answer cell (found in
IPython's input history ``In``) and at the cells it depends on, and fails when they call one of
crmlab's ready-made analysis functions, either by name in the source or, when the call tracker
was running, by crmlab's private call counter.
"""

from __future__ import annotations

import ast
import difflib
import math
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NoReturn

import numpy as np
import pandas as pd

from .. import _usage

__all__ = [
    "ANALYSIS_FUNCTIONS",
    "FAIL_MARK",
    "MISSING",
    "PASS_MARK",
    "CheckFailed",
    "answer_cell",
    "as_number",
    "blame_upstream",
    "boundary_off_by_one",
    "by_hand",
    "check_columns",
    "check_number",
    "check_series",
    "column_problem",
    "cumulative_not_share",
    "fail",
    "frequency_counts_customers",
    "get_answer",
    "last_assigned",
    "monetary_is_mean",
    "out_of_range",
    "passed",
    "percent_not_fraction",
    "recency_from_first_purchase",
    "share_not_cumulative",
    "sorted_ascending",
    "typed_in",
]

PASS_MARK = "✅ 公开检查通过 (public checks passed)"
FAIL_MARK = "❌ 公开检查未通过 (public check failed)"

#: crmlab's ready-made analysis functions; an exercise done "by hand" may not call them.
ANALYSIS_FUNCTIONS = (
    "abc_analysis",
    "abc_summary",
    "abc_display",
    "pyramid",
    "pyramid_summary",
    "tier_sizes",
    "concentration",
    "gini",
    "rfm_table",
    "rfm_scores",
    "rfm_segments",
    "segment_summary",
    "weighted_score",
    "member_tier",
    "retier",
    "profit_contribution",
)


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


#: Default for a check's ``answer`` argument: "look the variable up in the notebook".
MISSING: Any = _Missing()

Hint = Callable[..., "str | None"]
#: The range a sensible answer lies in: ``(low, high)``, ``None`` for no bound.
Range = tuple["float | None", "float | None"]


# --------------------------------------------------------------------------------------------
# messages


def passed(label: str, detail: str = "") -> None:
    """Print the success line. It never says "all tests passed": hidden tests come later."""
    extra = f"{detail} " if detail else ""
    print(
        f"{PASS_MARK}：{label}。{extra}"
        "提交后老师还会运行隐藏测试 (hidden tests)，最终成绩以它为准。"
    )


class CheckFailed(AssertionError):
    """A public check that did not pass.

    It is an ``AssertionError``, so the cell fails as before: nbgrader scores it 0 and "run all"
    goes on only past cells tagged ``raises-exception``. In Jupyter it shows as a short Chinese
    box (what is wrong, a hint, where to change it) instead of a traceback into the kit's code:
    IPython prints what :meth:`_render_traceback_` returns in place of the traceback.
    """

    def __init__(self, label: str, problem: str, hint: str | None = None, where: str | None = None):
        self.label, self.problem, self.hint = label, problem, hint
        self.where = where or f"改上面{label}的答案单元格，运行它，再运行这个检查单元格。"
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        out = [f"{FAIL_MARK}：{self.label}", f"问题：{self.problem}"]
        if self.hint:
            out.append(f"提示 (hint)：{self.hint}")
        out.append(f"去哪里改 (where)：{self.where}")
        return out

    def _render_traceback_(self) -> list[str]:
        return self.lines()


def fail(label: str, problem: str, hint: str | None = None, *, where: str | None = None) -> NoReturn:
    """Fail the check: raise :class:`CheckFailed` with a Chinese message and, if known, a
    targeted hint and the place to change."""
    raise CheckFailed(label, problem, hint, where)


def blame_upstream(label: str, upstream: Sequence[Callable[..., None]]) -> None:
    """Fail with "fix that exercise first" when one of the ``upstream`` checks fails.

    Call it when an answer is wrong and it is built on earlier answers: ``upstream`` are the
    public checks of those exercises, in lesson order. Each runs quietly; the first that fails
    names its exercise. Nothing happens when they all pass (the mistake is in this exercise).
    """
    __tracebackhide__ = True
    import contextlib
    import io

    for check in upstream:
        try:
            with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                check()
        except CheckFailed as err:
            fail(
                label,
                f"这一题用到了{err.label}的结果，而{err.label}还没有通过（{err.problem}）",
                f"先改正{err.label}，重新运行它的答案单元格和检查，再回来运行这个检查。"
                "前一题对了，这一题很可能也就对了。"
                + (f"{err.label}的提示：{err.hint}" if err.hint else ""),
                where=f"{err.label}的答案单元格。",
            )
        except Exception:  # noqa: BLE001 - an upstream check that cannot run blames nothing
            continue


# --------------------------------------------------------------------------------------------
# the student's namespace


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of jupyterlab
        return None
    return get_ipython()


def _user_ns() -> Mapping[str, Any]:
    shell = _shell()
    if shell is not None:
        return shell.user_ns
    import __main__

    return vars(__main__)


def _why_missing(name: str) -> str:
    """Why ``name`` may be missing: the error of the answer cell that should define it, when
    there was one (see :mod:`crmlab.feedback.errors`), else the usual reasons."""
    from . import errors

    last = errors.last_error()
    if last is not None:
        exc, source = last
        if re.search(rf"(?<![\w.]){re.escape(name)}\s*=(?!=)", source):
            if isinstance(exc, NotImplementedError):
                return (
                    f"定义 {name} 的答案单元格还留着 raise NotImplementedError()：删掉这一行，"
                    f"写上 {name} = ……，运行它，再运行这个检查。"
                )
            kind = type(exc).__name__
            return (
                f"定义 {name} 的答案单元格运行时出错了（{kind}），所以 {name} 没有算出来。"
                "先看那个单元格下面的错误信息（和它的中文解释），改好后重新运行它，"
                "再运行这个检查。"
            )
    return (
        f"先在上面的答案单元格里写出 {name} = ……，运行它（Shift+Enter），"
        "再运行这个检查单元格。如果你看到 NotImplementedError，说明答案单元格里"
        "的 raise NotImplementedError() 还没有删掉。"
    )


def _stale(name: str) -> str | None:
    """A hint when the last cell that ran ended in an error and assigns ``name``: the variable
    then still holds an older value, and checking it would judge an earlier attempt."""
    from . import errors

    last = errors.last_error()
    if last is None:
        return None
    exc, source = last
    if not re.search(rf"(?<![\w.]){re.escape(name)}\s*=(?!=)", source):
        return None
    if isinstance(exc, NotImplementedError):
        return (
            "答案单元格里还留着 raise NotImplementedError()：删掉这一行，重新运行答案单元格，"
            "再运行这个检查。"
        )
    return (
        f"先看那个单元格下面的错误信息（{type(exc).__name__}）和中文解释，改好后让它运行成功，"
        "再运行这个检查；否则检查看到的是你上一次的答案。"
    )


def get_answer(
    name: str, label: str, answer: Any = MISSING, ns: Mapping[str, Any] | None = None
) -> Any:
    """The student's answer: ``answer`` if given, else the notebook variable ``name``.

    A variable that does not exist yet means the answer cell was not written or not run; that is
    reported in Chinese instead of a ``NameError`` traceback.
    """
    __tracebackhide__ = True
    if answer is not MISSING:
        return answer
    ns = _user_ns() if ns is None else ns
    if name not in ns:
        fail(label, f"还没有找到变量 {name}。", _why_missing(name))
    stale = _stale(name)
    if stale:
        fail(label, f"定义 {name} 的答案单元格刚才运行出错了，{name} 里可能还是以前的旧值。", stale)
    return ns[name]


# --------------------------------------------------------------------------------------------
# formatting and comparing values


def _fmt(value: Any) -> str:
    if isinstance(value, pd.DataFrame):
        return f"一张表 (DataFrame)，{value.shape[0]} 行 × {value.shape[1]} 列"
    if isinstance(value, pd.Series):
        return f"一列数据 (Series)，共 {len(value)} 个值"
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    if isinstance(value, str):
        return repr(value)
    if _is_method(value):
        return "一个方法本身（后面少了圆括号）"
    kind = _KINDS.get(type(value).__name__)
    if kind:
        return kind
    return f"一个 {type(value).__name__} 类型的对象"


#: Chinese names of the types a beginner's answer often turns out to be.
_KINDS = {
    "tuple": "一个元组 (tuple)，例如 .shape 得到的 (行数, 列数)",
    "list": "一个列表 (list)",
    "dict": "一个字典 (dict)",
    "set": "一个集合 (set)",
    "NoneType": "空值 None",
    "DataFrameGroupBy": "一个还没有汇总的分组 (groupby) 结果",
    "SeriesGroupBy": "一个还没有汇总的分组 (groupby) 结果",
    "Figure": "一张图 (Figure)",
    "Axes": "一个坐标轴 (Axes)",
}


def _is_method(value: Any) -> bool:
    import inspect

    return inspect.ismethod(value) or inspect.isbuiltin(value) or (
        callable(value) and type(value).__name__ in ("method", "method-wrapper", "function")
    )


METHOD_HINT = "方法后面要加圆括号才会计算，例如 .sum() 而不是 .sum、.mean() 而不是 .mean。"


def _as_float_array(values: Any) -> np.ndarray | None:
    """Values as a float array, or None when they are not all numbers."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            s = pd.Series(values) if not isinstance(values, pd.Series) else values
            if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
                return None
            return s.to_numpy(dtype="float64", na_value=np.nan)
    except (TypeError, ValueError):
        return None


def _close(a: Any, b: Any, tol: float = 1e-6) -> bool:
    """Numeric closeness for scalars or sequences of equal length (NaN never matches)."""
    x, y = _as_float_array(np.ravel(a)), _as_float_array(np.ravel(b))
    if x is None or y is None or x.shape != y.shape or x.size == 0:
        return False
    with np.errstate(all="ignore"):
        return bool(np.allclose(x, y, rtol=tol, atol=tol, equal_nan=False))


def _labels(values: Any) -> list[str]:
    return [str(v) for v in pd.Series(values).tolist()]


def _same(student: pd.Series, expected: pd.Series, tol: float) -> bool:
    if len(student) != len(expected):
        return False
    x, y = _as_float_array(student), _as_float_array(expected)
    if x is not None and y is not None:
        return _close(x, y, tol)
    return _labels(student) == _labels(expected)


def _run_hints(hints: Iterable[Hint], *args: Any) -> str | None:
    for hint in hints:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                text = hint(*args)
            except Exception:  # noqa: BLE001 - a diagnosis must never hide the real problem
                text = None
        if text:
            return text
    return None


def as_number(value: Any, label: str, what: str) -> float:
    """The answer as a float, or a failure that says what kind of thing arrived instead."""
    __tracebackhide__ = True
    if value is None:
        fail(
            label,
            f"{what}是 None（空值）。",
            "是不是写了 print(...) 却没有把结果赋给变量？用 变量名 = 表达式 的写法。",
        )
    if isinstance(value, (bool, np.bool_)):
        fail(label, f"{what}应该是一个数，你的答案是真/假值 {value!r}。")
    if isinstance(value, str):
        fail(
            label,
            f"{what}应该是一个数，你的答案是文字 (str) {value!r}。",
            "去掉引号，让 Python 直接算出这个数。",
        )
    if isinstance(value, tuple) and len(value) == 2:
        fail(
            label,
            f"{what}应该是一个数，你的答案是{_fmt(value)}。",
            ".shape 给出的是（行数, 列数）两个数；要行数，取第一个 [0]，或者用 len(表)。",
        )
    if isinstance(value, (pd.Series, pd.DataFrame, list, tuple, np.ndarray)):
        fail(
            label,
            f"{what}应该是一个数，你的答案是{_fmt(value)}。",
            "这一题要的是一个数，你得到的是一组值。想一想还差哪一步：把这一组值汇总成一个数"
            "（求和、求平均、计数、比例），还是从中取出某一个值（例如 .iloc[0]）。",
        )
    if _is_method(value):
        fail(label, f"{what}应该是一个数，你的答案是{_fmt(value)}。", METHOD_HINT)
    try:
        number = float(value)
    except (TypeError, ValueError):
        fail(label, f"{what}应该是一个数，你的答案是{_fmt(value)}。")
    if math.isnan(number):
        fail(label, f"{what}是 NaN（缺失值）。", "检查计算中是否用到了不存在的列或空表。")
    return number


def check_number(
    answer: Any,
    expected: float,
    *,
    label: str,
    what: str,
    hints: Sequence[Hint] = (),
    tol: float = 1e-6,
    upstream: Sequence[Callable[..., None]] = (),
    valid: Range | None = None,
) -> None:
    """Compare one number. ``hints`` are diagnoses called as ``hint(value, expected)``;
    ``upstream`` are the checks of earlier exercises this one builds on (see
    :func:`blame_upstream`), consulted when the number is wrong; ``valid`` is the range any
    sensible answer lies in, ``(low, high)`` with ``None`` for no bound: a number outside it
    always gets a hint that says so."""
    __tracebackhide__ = True
    value = as_number(answer, label, what)
    if _close(value, expected, tol):
        return
    blame_upstream(label, upstream)
    hint = _run_hints((*hints, percent_not_fraction), value, expected)
    hint = hint or out_of_range([value], valid, what)
    fail(label, f"{what}不对：你的答案是 {_fmt(value)}。", hint)


def out_of_range(values: Any, valid: Range | None, what: str) -> str | None:
    """A hint when a value lies outside ``valid`` (a share above 1, a negative count...)."""
    if valid is None:
        return None
    x = _as_float_array(np.ravel(values) if not isinstance(values, pd.Series) else values)
    if x is None or x.size == 0:
        return None
    low, high = valid
    for pos, v in enumerate(x):
        if np.isnan(v):
            continue
        yours = f"{what}里第 {pos + 1} 个值是" if x.size > 1 else f"你的{what}是"
        if low is not None and v < low - 1e-9:
            return (
                f"{yours} {_fmt(float(v))}，可是{what}不会小于 {_fmt(low)}，这样的数不可能出现。"
                "检查公式里的减号、相减的顺序，或者是不是用错了列。"
            )
        if high is not None and v > high + 1e-9:
            extra = "比例 (share) 最大是 1：是不是没有除以总数，或者除错了数？" if high == 1 else ""
            return (
                f"{yours} {_fmt(float(v))}，可是{what}不会大于 {_fmt(high)}，"
                f"这样的数不可能出现。{extra}"
            )
    return None


def check_series(
    answer: Any,
    expected: pd.Series,
    *,
    label: str,
    what: str,
    hints: Sequence[Hint] = (),
    tol: float = 1e-6,
    ids: pd.Series | None = None,
    upstream: Sequence[Callable[..., None]] = (),
    valid: Range | None = None,
    who: str = "客户",
) -> None:
    """Compare a column value by value, in order (positions, not index labels).

    ``hints`` are diagnoses called as ``hint(student, expected)``. ``ids`` (the customer of each
    expected row) lets the generic message name the first wrong customer.
    """
    __tracebackhide__ = True
    if answer is None:
        fail(label, f"{what}是 None（空值）。", "把计算结果赋给变量，而不是只 print 出来。")
    if isinstance(answer, pd.DataFrame):
        if answer.shape[1] == 1:
            answer = answer.iloc[:, 0]
        else:
            fail(
                label,
                f"{what}应该是一列 (Series)，你的答案是{_fmt(answer)}。",
                '用 表名["列名"] 取出其中一列。',
            )
    if isinstance(answer, (list, tuple, np.ndarray)):
        answer = pd.Series(answer)
    if _is_method(answer):
        fail(label, f"{what}应该是一列 (Series)，你的答案是{_fmt(answer)}。", METHOD_HINT)
    if not isinstance(answer, pd.Series):
        fail(label, f"{what}应该是一列 (Series)，你的答案是{_fmt(answer)}。")
    if len(answer) != len(expected):
        blame_upstream(label, upstream)
        fail(
            label,
            f"{what}应该有 {len(expected)} 个值，你的答案有 {len(answer)} 个。",
            "是不是筛选掉了一些行，或者用了别的表？",
        )
    if _same(answer, expected, tol):
        return
    blame_upstream(label, upstream)
    hint = _run_hints(
        (*hints, sorted_ascending, percent_not_fraction, share_not_cumulative),
        answer,
        expected,
    )
    if hint is None:
        hint = out_of_range(answer, valid, what)
    if hint is None:
        hint = _first_difference(answer, expected, ids, who)
    fail(label, f"{what}和正确结果不一致。", hint)


def _first_difference(student: pd.Series, expected: pd.Series, ids: pd.Series | None,
                      who: str = "客户") -> str:
    xs, ys = student.tolist(), expected.tolist()
    for pos, (x, y) in enumerate(zip(xs, ys)):
        if not (_close(x, y) if _as_float_array([x, y]) is not None else str(x) == str(y)):
            whose = f"（{who} {ids.iloc[pos]}）" if ids is not None and pos < len(ids) else ""
            return f"从第 {pos + 1} 行{whose}开始不一致：你的值是 {_fmt(x)}。"
    return "请逐行核对。"  # pragma: no cover - only reached if the comparison is inconsistent


def check_columns(df: Any, columns: Sequence[str], *, label: str, what: str = "你的表") -> None:
    """Require a DataFrame that has every named column; suggest the closest spelling."""
    __tracebackhide__ = True
    if not isinstance(df, pd.DataFrame):
        fail(label, f"{what}应该是一张表 (DataFrame)，你的答案是{_fmt(df)}。")
    problem = column_problem(df, columns)
    if problem:
        fail(label, f"{what}缺少需要的列。", problem)


# --------------------------------------------------------------------------------------------
# diagnoses: each compares a student's answer with the expected one and returns a Chinese hint
# when it recognises the mistake, else None. They never raise on odd input.


def _values(x: Any) -> np.ndarray | None:
    if isinstance(x, pd.DataFrame):
        return None
    return _as_float_array(np.ravel(x) if not isinstance(x, pd.Series) else x)


def sorted_ascending(student: Any, expected: Any) -> str | None:
    """Sorted from small to large where large to small (descending) was asked."""
    s, e = _values(student), _values(expected)
    if s is None or e is None or s.size != e.size or s.size < 2:
        return None
    if np.allclose(e, e[0]):  # all equal: order cannot be wrong
        return None
    if _close(s, e[::-1]) or (
        np.all(np.diff(s) >= 0) and _close(np.sort(s), np.sort(e)) and np.all(np.diff(e) <= 0)
    ):
        return (
            "你的顺序是从小到大（升序, ascending），题目要从大到小（降序, descending）。"
            "sort_values 要加上 ascending=False。"
        )
    return None


def share_not_cumulative(student: Any, expected_cum: Any) -> str | None:
    """Each row's own share given where the cumulative share was asked."""
    s, e = _values(student), _values(expected_cum)
    if s is None or e is None or s.size != e.size or s.size < 2:
        return None
    share = np.diff(e, prepend=0.0)
    if _close(s, share):
        return (
            "你算的是每位客户自己的占比 (share)，题目要的是累计占比 (cumulative share)："
            "从第一行一直加到当前行。对占比那一列再用一次 .cumsum()。"
        )
    return None


def cumulative_not_share(student: Any, expected_share: Any) -> str | None:
    """The cumulative share given where each row's own share was asked."""
    s, e = _values(student), _values(expected_share)
    if s is None or e is None or s.size != e.size or s.size < 2:
        return None
    if _close(s, np.cumsum(e)):
        return (
            "你算的是累计占比 (cumulative share)，这里要的是每位客户自己的占比 (share)："
            "单个客户的值 ÷ 总数，不要再累加。"
        )
    return None


def percent_not_fraction(student: Any, expected: Any) -> str | None:
    """Percentages 0-100 where fractions 0-1 were asked."""
    s, e = _values(student), _values(expected)
    if s is None or e is None or s.size != e.size or s.size == 0:
        return None
    if not np.any(np.abs(e) > 1e-12):
        return None
    if _close(s, e * 100):
        return (
            "你的数是百分数（0–100），题目要的是小数形式的比例 (fraction, 0–1)，"
            "例如 37% 要写成 0.37。把结果除以 100。"
        )
    return None


def boundary_off_by_one(student: Any, expected: Any, ids: Any = None) -> str | None:
    """Class labels that are wrong only for rows sitting right at a class boundary."""
    try:
        s, e = _labels(student), _labels(expected)
    except (TypeError, ValueError):
        return None
    if len(s) != len(e) or not s:
        return None
    wrong = [i for i, (x, y) in enumerate(zip(s, e)) if x != y]
    if not wrong or len(wrong) > 2:
        return None
    for i in wrong:
        neighbours = {e[j] for j in (i - 1, i + 1) if 0 <= j < len(e) and e[j] != e[i]}
        if s[i] not in neighbours:
            return None
    i = wrong[0]
    if ids is not None and len(ids) == len(e):
        who = f"客户 {list(ids)[i]}"
    else:
        who = f"第 {i + 1} 行"
    return (
        f"差一点：{who}正好在两个等级的分界处，你把它分到了 {s[i]!r}，应该是 {e[i]!r}。"
        "再看一遍分界规则：是“小于等于”(<=) 还是“小于”(<)？名次要不要向上取整 (ceil)？"
    )


def recency_from_first_purchase(student: Any, expected: pd.DataFrame) -> str | None:
    """Recency counted from the first purchase instead of the last one.

    ``expected`` is the table from ``cl.rfm_table`` (it has ``first_date`` and ``attrs["as_of"]``).
    """
    s = _values(student)
    if s is None or "first_date" not in expected:
        return None
    as_of = expected.attrs.get("as_of")
    if as_of is None:
        return None
    wrong = (pd.Timestamp(as_of) - pd.to_datetime(expected["first_date"])).dt.days.to_numpy()
    if s.size == wrong.size and _close(s, wrong):
        return (
            "R（最近一次购买距今的天数, recency）要从每位客户最后一次购买 (last purchase) "
            "算到分析日。你用的好像是第一次购买的日期：把 min() 换成 max()。"
        )
    return None


def frequency_counts_customers(student: Any, expected: Any) -> str | None:
    """Frequency that counts customers (every value 1, or the number of customers)."""
    e = _values(expected["frequency"] if isinstance(expected, pd.DataFrame) else expected)
    if e is None or e.size == 0 or np.all(e == e[0]):
        return None
    n = e.size
    s = _values(student)
    if s is None:
        return None
    if (s.size == 1 and s[0] in (1, n)) or (s.size == n and np.all((s == 1) | (s == n))):
        return (
            "F（购买频率, frequency）数的是每位客户的购买次数 (purchases)，"
            "你数的好像是客户的个数（每位客户都得 1，或者都是客户总数）。"
            "按客户分组后用 .size() 数交易记录的行数。"
        )
    return None


def monetary_is_mean(student: Any, expected: pd.DataFrame) -> str | None:
    """Monetary as the mean per purchase instead of the total.

    ``expected`` is the table from ``cl.rfm_table`` (columns ``monetary`` and ``frequency``).
    """
    s = _values(student)
    if s is None or not {"monetary", "frequency"} <= set(expected.columns):
        return None
    mean = expected["monetary"].to_numpy(dtype=float) / expected["frequency"].to_numpy(dtype=float)
    if s.size == mean.size and _close(s, mean) and not _close(mean, expected["monetary"]):
        return (
            "M（订单金额, monetary）是这段时间里的总金额 (sum)，你算的是平均每次的金额 (mean)。"
            "把 .mean() 换成 .sum()。"
        )
    return None


def column_problem(df: Any, columns: Sequence[str]) -> str | None:
    """A required column that is missing, with the closest existing name as a suggestion."""
    if not isinstance(df, pd.DataFrame):
        return None
    have = [str(c) for c in df.columns]
    for col in columns:
        if col in df.columns:
            continue
        norm = {re.sub(r"[\s_\-]", "", h).lower(): h for h in have}
        close = norm.get(re.sub(r"[\s_\-]", "", col).lower())
        if close is None:
            matches = difflib.get_close_matches(col, have, n=1, cutoff=0.6)
            close = matches[0] if matches else None
        if close is not None:
            return (
                f"找不到列 {col!r}，但有一列叫 {close!r}。列名 (column name) 必须一字不差，"
                "包括大小写和下划线。"
            )
        return f"找不到列 {col!r}。你的表里现在的列是：{have}。请按题目给的列名添加这一列。"
    return None


# --------------------------------------------------------------------------------------------
# "by hand" exercises


class _CallTracker:
    """Records, per executed cell, which crmlab analysis functions it called.

    Registered on IPython's pre/post_run_cell events when this module is imported inside a
    kernel; it reads crmlab's private call counter (``crmlab._usage``).
    """

    def __init__(self) -> None:
        self.by_cell: dict[int, Counter] = {}
        self._before: Counter | None = None

    def pre(self, info: Any = None) -> None:
        self._before = Counter(_usage._CALLS)

    def post(self, result: Any = None) -> None:
        if self._before is None or result is None:
            return
        count = getattr(result, "execution_count", None)
        if count is not None:
            self.by_cell[count] = Counter(_usage._CALLS) - self._before
        self._before = None


def _install_tracker() -> _CallTracker | None:
    shell = _shell()
    if shell is None or not hasattr(shell, "events"):
        return None
    tracker = getattr(shell, "_crmlab_call_tracker", None)
    if tracker is None:
        tracker = _CallTracker()
        shell.events.register("pre_run_cell", tracker.pre)
        shell.events.register("post_run_cell", tracker.post)
        shell._crmlab_call_tracker = tracker
    return tracker


_TRACKER = _install_tracker()


def _parse(source: str) -> ast.AST | None:
    try:
        return ast.parse(source)
    except SyntaxError:
        # IPython magics (%time, !ls) are not Python; drop those lines and retry
        lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
        try:
            return ast.parse("\n".join(lines))
        except SyntaxError:
            return None


def _assigned(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def _referenced(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for a in node.names:
                names.update(a.name.split("."))
    return names


def _defining_cell(inputs: Sequence[str], name: str, before: int) -> int | None:
    for i in range(min(before, len(inputs)) - 1, 0, -1):
        tree = _parse(inputs[i])
        if tree is not None and name in _assigned(tree):
            return i
    return None


def answer_cell(variable: str, ns: Mapping[str, Any] | None = None) -> ast.AST | None:
    """The parsed source of the latest cell (in IPython's input history ``In``) that assigns
    ``variable``, or None outside Jupyter or when no such cell ran."""
    ns = _user_ns() if ns is None else ns
    inputs = ns.get("In")
    if not isinstance(inputs, list) or len(inputs) < 2:
        return None
    cell = _defining_cell(inputs, variable, len(inputs) - 1)
    return None if cell is None else _parse(inputs[cell])


def last_assigned(tree: ast.AST, variable: str) -> ast.expr | None:
    """The expression last assigned to the plain name ``variable`` in ``tree``."""
    found = None
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == variable for t in node.targets)
            and (found is None or node.lineno >= found.lineno)
        ):
            found = node
    return None if found is None else found.value


#: Calls that still leave a typed-in number typed in (``round(0.2, 2)``, ``pd.Series([1, 2])``).
_NUMBER_CALLS = frozenset({"round", "float", "int", "abs", "ceil", "floor", "dict", "Series",
                           "float64", "int64"})


def typed_in(node: ast.AST) -> bool:
    """The expression is made of typed-in numbers only: no data, no variable
    (``0.2``, ``[2, 24, 60]``, ``6140 / 600``, ``math.ceil(120 * 0.01)``)."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.BinOp):
        return typed_in(node.left) and typed_in(node.right)
    if isinstance(node, ast.UnaryOp):
        return typed_in(node.operand)
    if isinstance(node, (ast.Tuple, ast.List)):
        return bool(node.elts) and all(typed_in(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and typed_in(k) for k in node.keys) and all(
            typed_in(v) for v in node.values
        )
    if isinstance(node, ast.Call):
        f = node.func
        name = f.id if isinstance(f, ast.Name) else None
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
            name = f.attr if f.value.id in ("pd", "np", "pandas", "numpy", "math") else None
        return (
            name in _NUMBER_CALLS
            and all(typed_in(a) for a in node.args)
            and all(typed_in(k.value) for k in node.keywords)
        )
    return False


def by_hand(
    variable: str,
    label: str,
    forbidden: Sequence[str] = ANALYSIS_FUNCTIONS,
    ns: Mapping[str, Any] | None = None,
    tracker: _CallTracker | None = None,
) -> None:
    """Fail if the cell that computed ``variable`` used one of crmlab's ready-made functions.

    The answer cell is the latest cell in ``In`` (before the current one) that assigns
    ``variable``. Evidence: the function names in its source, crmlab's call counter for that cell
    (when the tracker was running), and the statements in earlier cells that assigned the names
    the answer cell uses, so ``t = cl.abc_analysis(...)`` in one cell and ``answer = t[...]`` in
    the next is caught too. Outside IPython there is no history and the check is skipped.
    """
    __tracebackhide__ = True
    ns = _user_ns() if ns is None else ns
    tracker = _TRACKER if tracker is None else tracker
    inputs = ns.get("In")
    if not isinstance(inputs, list) or len(inputs) < 2:
        return
    current = len(inputs) - 1
    answer_cell = _defining_cell(inputs, variable, current)
    if answer_cell is None:
        return
    tree = _parse(inputs[answer_cell])
    if tree is None:
        return
    used = _referenced(tree) & set(forbidden)
    if tracker is not None and answer_cell in tracker.by_cell:
        used |= {n for n, k in tracker.by_cell[answer_cell].items() if k and n in forbidden}
    # one step back: the statements that made the names the answer cell uses
    for name in _referenced(tree) - _assigned(tree):
        dep = _defining_cell(inputs, name, answer_cell)
        dep_tree = _parse(inputs[dep]) if dep is not None else None
        if dep_tree is None:
            continue
        for stmt in getattr(dep_tree, "body", []):
            if name in _assigned(stmt):
                used |= _referenced(stmt) & set(forbidden)
    if used:
        names = "、".join(f"cl.{n}" for n in sorted(used))
        fail(
            label,
            f"这道题要求自己动手计算，但计算 {variable} 时用到了 crmlab 的现成函数 {names}。",
            "请只用 pandas 的基本操作（排序、求和、筛选等）一步一步算出来。",
        )
