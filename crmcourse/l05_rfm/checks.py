"""Public checks for lesson 05 RFM 模型 (``cl.checks.l05``).

The exercises work on the real CDNOW purchase log ``cl.load_dataset("cdnow")`` with the fixed
analysis date :data:`AS_OF` (1998-07-01):

* ``q1_recency()``: ``recency``, whole days from the analysis date back to each customer's last
  purchase, one value per customer (by hand: groupby, not ``cl.rfm_table``);
* ``q2_frequency()``: ``frequency``, the number of purchases (rows) per customer (by hand);
* ``q3_monetary()``: ``monetary``, the total amount per customer (by hand);
* ``q4_high_low()``: ``hl``, the RFM table with ``R_high``, ``F_high``, ``M_high`` against the
  mean (R is high when recency is *below* its mean), by hand;
* ``q5_segments()``: ``seg``, the same customers with the eight-way ``segment`` looked up in
  ``cl.rfm_segment_table()``, by hand (not ``cl.rfm_segments``);
* ``q6_top_segment()``: ``top_segment`` and ``top_value_share``, the segment holding the largest
  share of the money and that share (``cl.segment_summary`` is allowed).

Each check looks the variable up in the notebook, or takes it as ``answer=...``.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd

from crmlab import datasets
from crmlab.feedback import checks as _framework
from crmlab.feedback.checks import (
    METHOD_HINT,
    MISSING,
    CheckFailed,
    _is_method,
    as_number,
    blame_upstream,
    by_hand,
    check_number,
    check_series,
    fail,
    frequency_counts_customers,
    get_answer,
    passed,
    recency_from_first_purchase,
)
from crmlab.rfm import rfm_segment_table, rfm_segments, rfm_table, segment_summary

Q1 = "第 1 题 (q1_recency)"
Q2 = "第 2 题 (q2_frequency)"
Q3 = "第 3 题 (q3_monetary)"
Q4 = "第 4 题 (q4_high_low)"
Q5 = "第 5 题 (q5_segments)"
Q6 = "第 6 题 (q6_top_segment)"

#: The fixed analysis date of the lesson (the day after the last purchase in the log).
AS_OF = "1998-07-01"
CUSTOMER = "customer_id"
FLAGS = ("R_high", "F_high", "M_high")
#: Names of the readonly variables that already hold a finished answer.
_SEGMENT_SHORTCUTS = ("rfm_segments", "rfm_scores", "segment_summary")


# --------------------------------------------------------------------------------------------
# the expected answers, computed with the functions the lesson teaches (once per kernel)


@functools.lru_cache(maxsize=1)
def _tx() -> pd.DataFrame:
    return datasets.load_dataset("cdnow")


@functools.lru_cache(maxsize=1)
def _rfm() -> pd.DataFrame:
    return rfm_table(_tx(), customer=CUSTOMER, date="date", amount="amount", as_of=AS_OF)


@functools.lru_cache(maxsize=1)
def _segments() -> pd.DataFrame:
    return rfm_segments(_rfm(), method="mean")


def _expected(column: str) -> pd.Series:
    return _rfm().set_index(CUSTOMER)[column]


# --------------------------------------------------------------------------------------------
# reading a per-customer answer


def _per_customer(value: Any, label: str, what: str, expected: pd.Series) -> pd.Series:
    """The answer as a Series in the order of ``expected`` (one value per customer).

    Accepted: a Series indexed by customer id (any order; what ``groupby`` gives), a plain
    sequence in customer order, or a DataFrame with a ``customer_id`` column plus one value
    column (or with just one column).
    """
    __tracebackhide__ = True
    n = len(expected)
    if value is None:
        fail(label, f"{what}是 None（空值）。", "把计算结果赋给变量，而不是只 print 出来。")
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        fail(
            label,
            f"{what}应该是每位顾客一个值（共 {n:,} 个），你的答案只是一个数 {_full(value)}。",
            '先按顾客分组：tx.groupby("customer_id")，再对每组求值。',
        )
    _not_a_method(value, label, what)
    if type(value).__name__ in ("DataFrameGroupBy", "SeriesGroupBy"):
        fail(
            label,
            f"{what}还是一个没有汇总的分组 (groupby) 结果，不是每位顾客一个值。",
            "分组之后还要接一个汇总方法，算出每组的一个值，例如 .max()、.size() 或 .sum()。",
        )
    if isinstance(value, pd.DataFrame):
        frame = value
        if CUSTOMER in frame.columns:
            frame = frame.set_index(CUSTOMER)
        if frame.shape[1] != 1:
            fail(
                label,
                f"{what}应该是一列数据 (Series)，你的答案是一张 {frame.shape[1]} 列的表。",
                '分组后先选出一列再汇总，例如 tx.groupby("customer_id")["amount"].sum()；'
                '数次数时直接用 tx.groupby("customer_id").size()。',
            )
        value = frame.iloc[:, 0]
    if isinstance(value, (list, tuple, np.ndarray)):
        value = pd.Series(value)
    if not isinstance(value, pd.Series):
        fail(label, f"{what}应该是一列数据 (Series)，你的答案是 {type(value).__name__} 类型。")
    if len(value) != n:
        fail(
            label,
            f"{what}应该有 {n:,} 个值（每位顾客一个），你的答案有 {len(value):,} 个。",
            _length_hint(value, expected),
        )
    ids = pd.Index(value.index.astype(str))
    if ids.is_unique and set(ids) == set(expected.index):
        value = value.set_axis(ids).reindex(expected.index)
    return value


def _full(number: Any) -> str:
    """A number written out in full (2,500,315.63, not 2.50032e+06)."""
    x = float(number)
    if not np.isfinite(x):
        return str(x)
    if x.is_integer():
        return f"{int(x):,}"
    return f"{x:,.6f}".rstrip("0").rstrip(".")


def _not_a_method(value: Any, label: str, what: str) -> None:
    """Fail with the brackets hint when the answer is a method that was never called."""
    __tracebackhide__ = True
    if not _is_method(value):
        return
    name = getattr(value, "__name__", "")
    hint = (
        f"方法后面要加圆括号才会计算：写 .{name}() 而不是 .{name}。"
        if isinstance(name, str) and name.isidentifier()
        else METHOD_HINT
    )
    fail(label, f"{what}是一个方法本身（后面少了圆括号），还没有算出结果。", hint)


def _by_hand(variable: str, label: str, hint: str, **kwargs: Any) -> None:
    """:func:`by_hand` with this lesson's own hint: how to do the exercise without crmlab."""
    __tracebackhide__ = True
    try:
        by_hand(variable, label, **kwargs)
    except CheckFailed as err:
        fail(label, err.problem, hint)


def _table_note(value: Any, name: str) -> str:
    """A remark for a right answer handed in as a table instead of the Series asked for.

    The values are right, so the check (and the hidden test) accept it; the student still
    learns what shape the exercise meant."""
    if not isinstance(value, pd.DataFrame):
        return ""
    return (
        f"（数值都对，这次算通过。不过你的 {name} 是一张表 (DataFrame)，题目要的是"
        "以 customer_id 为索引的一列数据 (Series)：groupby 汇总的结果本来就是这样，"
        "不需要再用 reset_index()、to_frame() 或 groupby(..., as_index=False) 变成表。）"
    )


def _length_hint(value: pd.Series, expected: pd.Series) -> str:
    """Why a per-customer answer has the wrong number of values."""
    tx = _tx()
    size = len(value)
    if size == len(tx):
        return (
            "你的结果是每笔交易一个值，说明还没有按顾客汇总。"
            '用 tx.groupby("customer_id") 分组，再用 .max()、.size() 或 .sum() 汇总。'
        )
    for col in tx.columns:
        if col != CUSTOMER and tx[col].nunique() == size:
            return (
                f"你的结果正好有 {size:,} 个值，和 {col} 列里不同取值的个数一样："
                f'你可能按 {col} 分组了。R、F、M 都是每位顾客一个值，要按 "customer_id" 分组。'
            )
    ids = pd.Index(value.index.astype(str))
    if size < len(expected) and ids.is_unique and set(ids) <= set(expected.index):
        return (
            f"你的结果少了 {len(expected) - size:,} 位顾客。是不是先筛选了 tx（例如只留某一段时间"
            "或某些顾客），或者用了别的表？请对完整的 tx 分组汇总。"
        )
    return "每位顾客应当正好一个值：对完整的 tx 按 customer_id 分组 (groupby) 后再汇总。"


def _same_numbers(a: Any, b: Any, tol: float = 1e-6) -> bool:
    try:
        x = np.asarray(a, dtype="float64")
        y = np.asarray(b, dtype="float64")
    except (TypeError, ValueError):
        return False
    return x.shape == y.shape and bool(np.allclose(x, y, rtol=tol, atol=tol))


# --------------------------------------------------------------------------------------------
# exercise 1: recency


def _recency_hints(student: pd.Series, expected: pd.Series) -> str | None:
    s = student.to_numpy(dtype="float64")
    e = expected.to_numpy(dtype="float64")
    hint = recency_from_first_purchase(student, _rfm())
    if hint:
        return hint
    if _same_numbers(s, -e):
        return (
            "你的天数都是负数：减法的顺序反了。要用 分析日 − 最后一次购买日期，"
            "即 AS_OF - 最后购买日，而不是反过来。"
        )
    table = _rfm()
    tenure = (table["last_date"] - table["first_date"]).dt.days.to_numpy(dtype="float64")
    if _same_numbers(s, tenure):
        return (
            "你算的是第一次到最后一次购买之间隔了多少天。R 要从最后一次购买算到分析日 "
            "AS_OF（1998-07-01）：AS_OF - 最后购买日。"
        )
    if _same_numbers(s, e * 86400):
        return "这些数是秒 (seconds)，不是天。用 .dt.days 取整天数，不要用 .dt.total_seconds()。"
    shift = s - e
    if np.all(np.isfinite(shift)) and np.allclose(shift, shift[0]) and shift[0] != 0:
        k = shift[0]
        if k == 1:
            return (
                "你的每个值都比正确答案多了 1 天。如果你在天数后面加了 1，请去掉："
                "R 就是 AS_OF 减去最后购买日得到的天数，不用再加 1。"
                "例如最后一次在 1998-06-30 购买的顾客，离 AS_OF（1998-07-01）是 1 天，不是 2 天。"
            )
        more = f"多了 {k:g}" if k > 0 else f"少了 {-k:g}"
        extra = ""
        if k == -1:
            extra = "你可能用了数据里最后一笔交易的日期（1998-06-30）当分析日。"
        return (
            f"你的每个值都比正确答案{more} 天，说明分析日期用错了。{extra}"
            "题目规定的分析日是变量 AS_OF（1998-07-01）。"
        )
    return None


def q1_recency(answer: Any = MISSING) -> None:
    """Check ``recency``: whole days from ``AS_OF`` back to each customer's last purchase."""
    __tracebackhide__ = True
    value = get_answer("recency", Q1, answer)
    expected = _expected("recency")
    s = _per_customer(value, Q1, "R（recency）", expected)
    if pd.api.types.is_timedelta64_dtype(s):
        fail(
            Q1,
            "R 的单位不对：你的值是时间差 (Timedelta)，例如“546 days”，题目要的是整天数（整数）。",
            "在时间差后面加上 .dt.days，得到天数，例如 (AS_OF - 最后购买日).dt.days。",
        )
    if pd.api.types.is_datetime64_any_dtype(s):
        fail(
            Q1,
            "你的值是日期 (datetime)，还不是天数。",
            "这是每位顾客的购买日期；R 还要再算一步：(AS_OF - 最后购买日).dt.days。",
        )
    check_series(
        s,
        expected,
        label=Q1,
        what="R（距最后一次购买的天数）",
        hints=[_recency_hints],
        ids=pd.Series(expected.index),
        valid=(0, None),
    )
    _by_hand(
        "recency",
        Q1,
        '这一题不用现成的函数，自己分两步算：先用 tx.groupby("customer_id")["date"].max() '
        "找到每位顾客最后一次购买的日期，再用 AS_OF 减去它，把时间差换成整天数。",
    )
    passed(
        Q1,
        f"最近一次购买距分析日最少 {int(expected.min())} 天，最多 {int(expected.max())} 天。"
        + _table_note(value, "recency"),
    )


# --------------------------------------------------------------------------------------------
# exercise 2: frequency


def _frequency_hints(student: pd.Series, expected: pd.Series) -> str | None:
    s = student.to_numpy(dtype="float64")
    g = _tx().groupby(CUSTOMER)
    hint = frequency_counts_customers(student, expected)
    if hint:
        return hint
    if _same_numbers(s, g["date"].nunique().reindex(expected.index)):
        return (
            "你数的是每位顾客有几个不同的购买日 (nunique)。同一天买两次要算两次购买："
            "F 是交易记录的笔数，用 .size() 数行数。"
        )
    if _same_numbers(s, g["cds"].sum().reindex(expected.index)):
        return (
            "你加起来的是 CD 的张数 (cds)。F 是购买的次数：每一行是一次购买，"
            "用 .size() 数每位顾客有几行。"
        )
    if _same_numbers(s, g["cds"].nunique().reindex(expected.index)) or _same_numbers(
        s, g["amount"].nunique().reindex(expected.index)
    ):
        return "nunique() 数的是不同的值有几种，不是次数。用 .size() 数每位顾客有几行。"
    if _same_numbers(s, g["amount"].sum().reindex(expected.index)):
        return (
            "你加起来的是金额 (amount)，那是第 3 题的 M。F 不加任何一列，"
            '只数每位顾客有几行：tx.groupby("customer_id").size()。'
        )
    return None


def q2_frequency(answer: Any = MISSING) -> None:
    """Check ``frequency``: the number of purchases (rows of the log) per customer."""
    __tracebackhide__ = True
    value = get_answer("frequency", Q2, answer)
    expected = _expected("frequency")
    s = _per_customer(value, Q2, "F（frequency）", expected)
    check_series(
        s,
        expected,
        label=Q2,
        what="F（购买次数）",
        hints=[_frequency_hints],
        ids=pd.Series(expected.index),
        valid=(1, None),
    )
    _by_hand(
        "frequency",
        Q2,
        "这一题不用现成的函数，自己用分组汇总：按 customer_id 分组后，数每位顾客有几行（几笔购买）。",
    )
    once = float((expected == 1).mean())
    passed(Q2, f"只买过 1 次的顾客占 {once:.1%}。" + _table_note(value, "frequency"))


# --------------------------------------------------------------------------------------------
# exercise 3: monetary


def _monetary_hints(student: pd.Series, expected: pd.Series) -> str | None:
    s = student.to_numpy(dtype="float64")
    g = _tx().groupby(CUSTOMER)
    if _same_numbers(s, g["amount"].mean().reindex(expected.index)):
        return (
            "这是平均每笔的金额 (mean)。M（订单金额）是这段时间里所有订单金额的合计："
            "把 .mean() 换成 .sum()。"
        )
    if _same_numbers(s, g["amount"].max().reindex(expected.index)):
        return "这是每位顾客最大的一笔金额 (max)。M 是这段时间的总金额：用 .sum()。"
    if _same_numbers(s, g["cds"].sum().reindex(expected.index)):
        return "你加起来的是 CD 张数 (cds)，M 要加的是金额 (amount) 那一列。"
    if _same_numbers(s, g.size().reindex(expected.index)):
        return (
            "这是每位顾客的购买次数（.size() 或 .count() 数的是行数），那是第 2 题的 F。"
            'M 要把金额加起来：tx.groupby("customer_id")["amount"].sum()。'
        )
    times = (_tx()["cds"] * _tx()["amount"]).groupby(_tx()[CUSTOMER]).sum()
    if _same_numbers(s, times.reindex(expected.index)):
        return (
            "你把金额乘了 CD 张数。amount 已经是这一笔购买付的全部金额（不是单价），"
            "不用再乘 cds，直接把 amount 加起来。"
        )
    if _same_numbers(s, np.round(expected.to_numpy(dtype="float64"))) or _same_numbers(
        s, np.round(expected.to_numpy(dtype="float64"), 1)
    ):
        return "你的金额被四舍五入 (round) 了。请保留原来的数值，不要取整。"
    return None


def q3_monetary(answer: Any = MISSING) -> None:
    """Check ``monetary``: the total amount (US dollars) per customer."""
    __tracebackhide__ = True
    value = get_answer("monetary", Q3, answer)
    expected = _expected("monetary")
    s = _per_customer(value, Q3, "M（monetary）", expected)
    check_series(
        s,
        expected,
        label=Q3,
        what="M（订单总金额）",
        hints=[_monetary_hints],
        ids=pd.Series(expected.index),
        valid=(0, None),
    )
    _by_hand(
        "monetary",
        Q3,
        "这一题不用现成的函数，自己用分组汇总：按 customer_id 分组后，把每位顾客的 amount 加起来。",
    )
    passed(
        Q3, f"全部顾客的订单金额合计 {expected.sum():,.2f} 美元。" + _table_note(value, "monetary")
    )


# --------------------------------------------------------------------------------------------
# exercise 4: high / low against the mean


def _table_in_rfm_order(
    value: Any, label: str, what: str, needed: tuple[str, ...], upstream: tuple = ()
):
    """A per-customer table in the order of ``cl.rfm_table``'s rows (by customer id).

    ``upstream`` are the checks of the exercises the table is built on, blamed first when it
    has the wrong number of rows."""
    __tracebackhide__ = True
    rfm = _rfm()
    _not_a_method(value, label, what)
    if not isinstance(value, pd.DataFrame):
        kind = "一列数据 (Series)" if isinstance(value, pd.Series) else type(value).__name__
        fail(
            label,
            f"{what} 应该是一张表 (DataFrame)，你的答案是 {kind}。",
            "先复制 rfm 表：hl = rfm.copy()，再往里添加新的列。",
        )
    missing = [c for c in needed if c not in value.columns]
    if missing:
        from crmlab.feedback.checks import column_problem

        fail(label, f"{what} 缺少需要的列 {missing[0]!r}。", column_problem(value, needed))
    if len(value) != len(rfm):
        blame_upstream(label, upstream)
        if len(value) > len(rfm):
            hint = (
                "表里的行比顾客还多，一位顾客出现了好几次。合并 (merge) 时如果只按一两列合并，"
                "映射表里会有好几行都对得上；要按 R、F、M 三列一起合并："
                'on=["R", "F", "M"]。'
            )
        else:
            hint = "不要筛选掉任何顾客；直接在 rfm 的副本上添加列。"
        fail(
            label,
            f"{what} 应该有 {len(rfm):,} 行（每位顾客一行），你的表有 {len(value):,} 行。",
            hint,
        )
    ids = value[CUSTOMER] if CUSTOMER in value.columns else value.index.to_series()
    ids = pd.Index(ids.astype(str))
    if ids.is_unique and set(ids) == set(rfm[CUSTOMER]):
        value = value.iloc[ids.get_indexer(rfm[CUSTOMER])]
    return value.reset_index(drop=True)


def _as_bool(s: pd.Series) -> pd.Series | None:
    if pd.api.types.is_bool_dtype(s):
        return s.astype(bool)
    values = set(pd.unique(s))
    if values <= {0, 1}:  # True == 1 and False == 0
        return s.astype(bool)
    return None


_FLAG_TEXT = {
    "R_high": ("recency", "天数", "<"),
    "F_high": ("frequency", "次数", ">"),
    "M_high": ("monetary", "金额", ">"),
}

_R_SWAP = (
    "R 的方向反了。R（recency）是距最后一次购买的天数，天数越少说明越近、越活跃，"
    "所以 R“高”要写成 recency < 平均值，F 和 M 才是“大于平均值为高”。"
    "方向一反，最近常来又花得多的重要价值客户会被当成重要保持客户，"
    "很久没来的重要保持客户反倒成了重要价值客户：两群人整个对调"
    "（其余各类也两两互换，例如重要发展客户和重要挽留客户）。"
)


def _flag_hint(col: str, student: pd.Series, rfm: pd.DataFrame) -> str | None:
    source, unit, _ = _FLAG_TEXT[col]
    x = rfm[source]
    mean, median = x.mean(), x.median()
    s = student.to_numpy()
    if col == "R_high" and (
        np.array_equal(s, (x > mean).to_numpy()) or np.array_equal(s, (x >= mean).to_numpy())
    ):
        return _R_SWAP
    if col != "R_high" and np.array_equal(s, (x < mean).to_numpy()):
        return f"{col} 的方向反了：{source} 的{unit}越大越好，所以“高”是 {source} > 平均值。"
    if col == "R_high" and np.array_equal(s, (x < median).to_numpy()):
        return '你和中位数 (median) 比较了。本题要和平均值 (mean) 比较：rfm["recency"].mean()。'
    if col != "R_high" and np.array_equal(s, (x > median).to_numpy()):
        return f'你和中位数 (median) 比较了。本题要和平均值 (mean) 比较：rfm["{source}"].mean()。'
    for other, (osource, _, op) in _FLAG_TEXT.items():
        if other == col:
            continue
        y = rfm[osource]
        right = (y < y.mean()) if op == "<" else (y > y.mean())
        if np.array_equal(s, right.to_numpy()):
            return (
                f"{col} 这一列用错了数据：它和 {other} 的结果一样。{col} 要用 {source} 列来判断。"
            )
    return _threshold_hint(col, s.astype(bool), x)


def _threshold_hint(col: str, high: np.ndarray, x: pd.Series) -> str | None:
    """The direction is right but the cut is not the mean (a copied, rounded or other mean)."""
    source = _FLAG_TEXT[col][0]
    values = x.to_numpy(dtype="float64")
    if high.all() or not high.any():
        return None
    if col == "R_high":  # high = few days: every "high" value lies below every "low" one
        below, above = values[high].max(), values[~high].min()
    else:
        below, above = values[~high].max(), values[high].min()
    if not below < above:
        return None
    return (
        f"{col} 的方向对了，但分界不是平均值：按你的结果，分界在 {below:g} 和 {above:g} 之间，"
        f"而 {source} 的平均值约是 {x.mean():.4f}。"
        f'直接写 hl["{source}"].mean() 作分界，不要手抄四舍五入后的数，'
        f"也不要用别的表或自己在前几题算的结果求平均值。"
    )


def q4_high_low(answer: Any = MISSING) -> None:
    """Check ``hl``: ``R_high``, ``F_high``, ``M_high`` against the means (by hand)."""
    __tracebackhide__ = True
    value = get_answer("hl", Q4, answer)
    table = _table_in_rfm_order(value, Q4, "hl", FLAGS)
    expected = _segments()
    rfm = _rfm()
    for col in FLAGS:
        if table[col].isna().any():
            n = int(table[col].isna().sum())
            fail(
                Q4,
                f"{col} 列里有 {n:,} 个空值 (NaN)。",
                "往表里添加一列时，pandas 按行的标签 (index) 对齐。hl 的行标签是 0、1、2……，"
                "而第 1–3 题的 recency、frequency、monetary 以 customer_id 为标签，两边对不上，"
                f'就成了空值。请用 hl 自己的列来比较，例如 hl["{_FLAG_TEXT[col][0]}"]。',
            )
        flags = _as_bool(table[col])
        if flags is None:
            fail(
                Q4,
                f"{col} 列应该是真/假值 (True/False)，你的列里有 {table[col].iloc[0]!r} 这样的值。",
                '比较的结果本身就是真/假值，例如 rfm["frequency"] > rfm["frequency"].mean()。'
                "“高/低”两个字留到下一题再换。",
            )
        right = expected[col].to_numpy()
        if not np.array_equal(flags.to_numpy(), right):
            wrong = int((flags.to_numpy() != right).sum())
            fail(
                Q4,
                f"{col} 列和正确结果不一致（有 {wrong:,} 位顾客判断错了）。",
                _flag_hint(col, flags, rfm)
                or f"把每位顾客的 {_FLAG_TEXT[col][0]} 和这一列的平均值 (mean) 比较。",
            )
    by_hand("hl", Q4, forbidden=_SEGMENT_SHORTCUTS)
    shares = "、".join(f"{c} {expected[c].mean():.1%}" for c in FLAGS)
    passed(Q4, f"判为“高”的顾客比例：{shares}。" + _shared_rfm_note(value))


def _shared_rfm_note(value: Any) -> str:
    """A remark when the notebook's ``rfm`` got the new columns too (``hl = rfm`` without
    ``.copy()``): both names point at one table, so adding to ``hl`` changed ``rfm``."""
    try:
        rfm = _framework._user_ns().get("rfm")
    except Exception:  # noqa: BLE001 - a remark must never hide a pass
        return ""
    if not isinstance(rfm, pd.DataFrame):
        return ""
    if rfm is not value and not any(c in rfm.columns for c in FLAGS):
        return ""
    return (
        "（注意：rfm 表里也多出了 R_high 等列。hl = rfm 没有复制，只是给同一张表又起了一个名字，"
        "往 hl 里加列，rfm 也跟着变了。请写成 hl = rfm.copy()，"
        "再从生成 rfm 的那个只读单元格开始往下重新运行。）"
    )


# --------------------------------------------------------------------------------------------
# exercise 5: the eight segments


def _segment_from_flags(r: np.ndarray, f: np.ndarray, m: np.ndarray) -> np.ndarray:
    table = rfm_segment_table()
    hi = table["R"].iloc[0]  # "高"
    lookup = np.empty(8, dtype=object)
    for row in table.itertuples():
        lookup[4 * (row.R == hi) + 2 * (row.F == hi) + (row.M == hi)] = row.segment
    key = 4 * np.asarray(r, dtype=int) + 2 * np.asarray(f, dtype=int) + np.asarray(m, dtype=int)
    return lookup[key].astype(str)


def _segment_hint(student: np.ndarray) -> str | None:
    """Segments that are right except for one or more whole flags read the wrong way round.

    Called after :func:`blame_upstream` found exercise 4 right, so the flip happened here."""
    seg = _segments()
    r, f, m = (seg[c].to_numpy() for c in FLAGS)
    for flips in (("R",), ("F",), ("M",), ("R", "F"), ("R", "M"), ("F", "M"), ("R", "F", "M")):
        rr = ~r if "R" in flips else r
        ff = ~f if "F" in flips else f
        mm = ~m if "M" in flips else m
        if np.array_equal(student, _segment_from_flags(rr, ff, mm)):
            dims = "、".join(flips)
            extra = "R 一反，重要价值客户和重要保持客户会整个对调。" if "R" in flips else ""
            return (
                f"你的 {dims} 的“高/低”整个反了，而第 4 题的 hl 是对的，问题出在这一题："
                "检查 .map 里的对应是不是 True → “高”、False → “低”，"
                f"以及你用的是不是 hl 里对应的那一列（R 用 R_high，F 用 F_high，M 用 M_high）。{extra}"
            )
    return None


def _empty_letters_cause() -> str | None:
    """What the student's cells show about empty R, F, M columns, latest cell first:
    ``"quoted"`` (a dict with the keys "True"/"False" in quotes), ``"left_on"`` (a merge with
    ``left_on=``/``right_on=``), or None (no history, or neither)."""
    import ast

    try:
        inputs = _framework._user_ns().get("In")
    except Exception:  # noqa: BLE001 - no history: no evidence
        return None
    if not isinstance(inputs, list):
        return None
    for source in reversed(inputs):
        try:
            tree = ast.parse(str(source))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict) and any(
                isinstance(k, ast.Constant) and k.value in ("True", "False") for k in node.keys
            ):
                return "quoted"
            if isinstance(node, ast.keyword) and node.arg in ("left_on", "right_on"):
                return "left_on"
    return None


def _text_flag_hint(table: pd.DataFrame) -> str | None:
    """Why the merge found no match: the R/F/M columns of ``seg`` are not the words 高/低."""
    words = set(rfm_segment_table()["R"])
    letters = [c for c in ("R", "F", "M") if c in table.columns]
    if len(letters) == 3 and all(table[c].isna().all() for c in letters):
        # every R, F and M empty: either the True/False columns themselves were merged against
        # the words of the table (left_on=R_high, ..., right_on=R, ...), which brings the
        # table's R, F, M over empty, or .map got its keys in quotes; the cells tell which
        cause = _empty_letters_cause()
        quoted = (
            '.map 的字典里，键写成了带引号的 "True"、"False"。带引号的是文字，'
            "而 R_high、F_high、M_high 里是真/假值 True、False，一个键也对不上，"
            "换出来就全是空值，合并时自然找不到映射表里的行。"
            "把引号去掉：键写 True、False，值写“高”“低”。"
        )
        if cause == "quoted":
            return "你的 R、F、M 三列全是空值 (NaN)：" + quoted
        unmapped = (
            "映射表的 R、F、M 列写的是文字“高”“低”，而 R_high、F_high、M_high 是真/假值 "
            "(True/False)，真/假值和文字永远不相等，所以不能直接拿这三列去和映射表合并。"
            "先用 .map 把每一列真/假值换成“高”“低”（字典的键写 True、False，不加引号），"
            "存成 R、F、M 三列，再按这三列合并。"
        )
        if cause == "left_on":
            return "你的 R、F、M 三列全是空值 (NaN)：没有一位顾客对上映射表。" + unmapped
        return (
            "你的 R、F、M 三列全是空值 (NaN)：没有一位顾客对上映射表。常见的原因有两个。"
            "一是 " + quoted + "二是没有先换成文字：" + unmapped
        )
    for letter in ("R", "F", "M"):
        if letter not in table.columns:
            continue
        col = table[letter]
        if col.isna().any():
            return (
                f"你的 {letter} 列里有空值 (NaN)，说明 .map 没有找到对应的键。"
                "字典的键要写 True 和 False（不加引号），值写“高”和“低”："
                '.map({True: "高", False: "低"})。'
            )
        odd = set(col.astype(str)) - words
        if odd:
            return (
                f"你的 {letter} 列里是 {min(odd)!r} 这样的值，而映射表的 R、F、M 列写的是"
                "文字“高”“低”，两边不一样就合并不上。"
                f'先换成文字：seg["{letter}"] = seg["{letter}_high"].map({{True: "高", False: "低"}})。'
            )
    return None


def q5_segments(answer: Any = MISSING) -> None:
    """Check ``seg``: the segment of every customer, looked up in ``cl.rfm_segment_table()``.

    ``seg`` is built on ``hl``: when it is wrong and exercise 4 has not passed, the message
    names exercise 4 first."""
    __tracebackhide__ = True
    value = get_answer("seg", Q5, answer)
    table = _table_in_rfm_order(value, Q5, "seg", ("segment",), upstream=(q4_high_low,))
    segment = table["segment"]
    if segment.isna().any():
        blame_upstream(Q5, [q4_high_low])
        n = int(segment.isna().sum())
        fail(
            Q5,
            f"有 {n:,} 位顾客的 segment 是空值 (NaN)，说明他们在映射表里没有找到对应的行。",
            _text_flag_hint(table)
            or "合并 (merge) 时两边的值必须一模一样：映射表 cl.rfm_segment_table() 的 R、F、M 列"
            "是文字“高”“低”，而 hl 里是 True/False。先把 True/False 换成“高”“低”，"
            '再按 ["R", "F", "M"] 三列合并。',
        )
    student = segment.astype(str).to_numpy()
    names = set(rfm_segment_table()["segment"])
    odd = sorted(set(student) - names)
    if odd:
        fail(
            Q5,
            f"segment 里出现了映射表里没有的名称 {odd[0]!r}。",
            f"细分名称要和映射表完全一致，一共八个：{'、'.join(rfm_segment_table()['segment'])}。",
        )
    expected = _segments()["segment"].astype(str).to_numpy()
    if not np.array_equal(student, expected):
        blame_upstream(Q5, [q4_high_low])
        wrong = int((student != expected).sum())
        fail(
            Q5,
            f"有 {wrong:,} 位顾客的细分和正确结果不一致。",
            _segment_hint(student)
            or "对每位顾客，按 R、F、M 三个“高/低”在映射表里找到对应的一行。",
        )
    by_hand("seg", Q5, forbidden=_SEGMENT_SHORTCUTS)
    counts = pd.Series(expected).value_counts()
    passed(Q5, f"人数最多的细分是“{counts.index[0]}”（{counts.iloc[0]:,} 位）。")


# --------------------------------------------------------------------------------------------
# exercise 6: which segment holds most of the money


def q6_top_segment(top_segment: Any = MISSING, top_value_share: Any = MISSING) -> None:
    """Check ``top_segment`` and ``top_value_share`` (a fraction 0..1)."""
    __tracebackhide__ = True
    name = get_answer("top_segment", Q6, top_segment)
    share = get_answer("top_value_share", Q6, top_value_share)
    summary = segment_summary(_segments())
    # what max() on the name column gives: the last name in text order, or in the order of
    # the categories when the column is an ordered categorical (as segment_summary's is)
    last_names = {max(summary["group"].astype(str))}
    if isinstance(summary["group"].dtype, pd.CategoricalDtype) and summary["group"].cat.ordered:
        last_names.add(str(summary["group"].max()))
    summary["group"] = summary["group"].astype(str)
    best = summary.loc[summary["value_share"].idxmax()]
    if isinstance(name, pd.Series) and "group" in name.index:
        fail(
            Q6,
            "top_segment 应该是一个细分的名称（文字），你的答案是表里的一整行。",
            ".loc[行号] 只写行号，取出的是那一行的所有列。在方括号里行号的后面再写上列名 "
            '"group"，就只取出这一行里名称那一格（和上面小表的例子一样）。',
        )
    if isinstance(name, pd.Series) and len(name) == 1:
        fail(
            Q6,
            "top_segment 是只有一个值的一列数据 (Series)，题目要的是名称（文字）本身。",
            "筛选出来的结果仍然是一列，要把里面的名称取出来：在后面加上 .iloc[0]；"
            '或者先用 idxmax() 找到行号，再用 .loc 按行号和列名 "group" 取出一格。',
        )
    if isinstance(name, (pd.Series, pd.DataFrame)):
        fail(
            Q6,
            "top_segment 应该是一个细分的名称（文字），你的答案是一整列或一张表。",
            "先用 idxmax() 找到价值占比最大的那一行的行号 (index)，再用 .loc 按行号和列名 "
            '"group" 取出那一格的名称。',
        )
    if isinstance(name, (int, np.integer)) and not isinstance(name, bool):
        fail(
            Q6,
            f"top_segment 是一个整数 {name}，不是细分的名称。",
            "idxmax() 给出的是那一行的行号 (index)，不是名称。用行号把名称取出来："
            'summary.loc[行号, "group"]。',
        )
    names = list(rfm_segment_table()["segment"])
    if str(name) not in names:
        close = str(name).strip() in names
        fail(
            Q6,
            f"“{name}”不是八类客户的名称之一"
            + ("：前后多了空格。" if close else "，可能有错字、繁体字或少写了字。"),
            f"八个名称是：{'、'.join(names)}。"
            "最好不要手打名称，直接从 segment_summary 的表里把 group 那一格取出来。",
        )
    if str(name) != best["group"]:
        hint = None
        most = summary.loc[summary["customers"].idxmax(), "group"]
        if str(name) in last_names:
            also = (
                "（它恰好也是人数 (customers) 最多的细分，但题目比的不是人数。）"
                if str(name) == most
                else ""
            )
            hint = (
                "如果你对 group 列用了 max()：group 是文字，max() 取的是按顺序排在最后的名称，"
                f"和金额大小无关。{also}题目按金额占比 (value_share) 来比："
                "先对 value_share 列用 idxmax() 找到行号，再用 .loc 按行号取出 group 那一格。"
            )
        elif str(name) == most:
            hint = (
                f"“{most}”是人数 (customers) 最多的细分，不是钱最多的。"
                "题目按金额占比 (value_share) 来比。"
            )
        elif str(name) == summary.loc[summary["value_share"].idxmin(), "group"]:
            hint = (
                "这是金额占比最小的细分：要找最大的，用 idxmax() 或 sort_values(ascending=False)。"
            )
        fail(Q6, f"“{name}”不是金额占比最大的细分。", hint)
    if isinstance(share, pd.Series) and len(share) == 1:
        fail(
            Q6,
            "top_value_share 是只有一个值的一列数据 (Series)，题目要的是一个数。",
            "筛选出来的结果仍然是一列，要把里面的数取出来：在后面加上 .iloc[0]；"
            '或者先用 idxmax() 找到行号，再用 summary.loc[行号, "value_share"] 取出一个数。',
        )
    value = as_number(share, Q6, "top_value_share")

    def hint(v: float, expected: float) -> str | None:
        if abs(v - best["customer_share"]) < 1e-6:
            return "这是该细分的客户占比 (customer_share)，题目要的是金额占比 (value_share)。"
        if abs(v - best["value"]) < 1e-6:
            return "这是金额本身（美元），题目要的是占全部金额的比例 (value_share)。"
        if any(abs(v - round(expected, d)) < 1e-9 for d in range(7)):
            return "不要四舍五入 (round)，直接保存 value_share 列里的数。"
        if 1 < v <= 100 and abs(v / 100 - expected) < 0.005:
            return (
                "你写的是百分数（0–100），题目要 0–1 之间的小数，而且不要四舍五入："
                "直接保存 value_share 列里的数。"
            )
        return None

    check_number(
        value,
        float(best["value_share"]),
        label=Q6,
        what="价值占比 top_value_share ",
        hints=[hint],
        valid=(0, 1),
    )
    passed(
        Q6,
        f"“{best['group']}”只占 {best['customer_share']:.1%} 的顾客，"
        f"却带来了 {best['value_share']:.1%} 的订单金额。",
    )
