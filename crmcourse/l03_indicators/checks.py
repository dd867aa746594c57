"""Public checks for lesson 03 分级的指标 (``cl.checks.l03``).

All exercises work on ``b2b = cl.load_dataset("b2b_customers")`` (120 customers) and expect a
column of 120 values in the table's own row order:

* ``q1_sales()``: ``cum_sales`` (sales 2023 + 2024 + 2025) and ``monthly_avg`` (sales_2025 / 12);
* ``q2_growth()``: ``growth``, (sales_2025 − sales_2024) / sales_2024 as a fraction;
* ``q3_profit()``: ``profit``, sales_2025 × gross_margin − service_cost_2025;
* ``q4_credit()``: ``credit``, 0.3 × operating + 0.3 × financial + 0.4 × payment score, with the
  payment score max(0, 100 − 2 × days overdue);
* ``q5_score()``: ``my_score``, the 0–100 weighted score with min–max normalisation of
  ``WEIGHTS`` (days overdue: lower is better), computed by hand; compared with
  ``cl.weighted_score``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from crmlab import datasets
from crmlab.feedback.checks import (
    MISSING,
    _close,
    _values,
    by_hand,
    check_series,
    fail,
    get_answer,
    passed,
    percent_not_fraction,
    share_not_cumulative,
    sorted_ascending,
)
from crmlab.scoring import weighted_score

from .formulas import credit, cumulative_sales, payment_score, profit

Q1 = "第 1 题 (q1_sales)"
Q2 = "第 2 题 (q2_growth)"
Q3 = "第 3 题 (q3_profit)"
Q4 = "第 4 题 (q4_credit)"
Q5 = "第 5 题 (q5_score)"

#: The weights of exercise 5 (one column for each indicator group).
WEIGHTS = {
    "sales_2025": 0.4,
    "gross_margin": 0.2,
    "payment_days_overdue": 0.2,
    "growth_potential": 0.2,
}
LOWER_IS_BETTER = {"payment_days_overdue": False}


def _b2b() -> pd.DataFrame:
    return datasets.load_dataset("b2b_customers")


def _rounded(s: np.ndarray | None, e: np.ndarray | None) -> str | None:
    """The right values rounded to 0–4 decimals (``.round(2)``, ``round(x, 4)``)."""
    if s is None or e is None or s.size != e.size or s.size == 0 or _close(s, e):
        return None
    for digits in range(5):
        if _close(s, np.round(e, digits)):
            places = f"保留了 {digits} 位小数" if digits else "取成了整数"
            return (
                f"你的结果四舍五入 (round) 了：每个值都和正确结果一致，只是{places}。"
                "答案变量里不要四舍五入，保留完整的计算结果；"
                "想看得清楚，只在 print 时再四舍五入。"
            )
    return None


def _hints(*pairs: tuple[Any, str]) -> Callable[[Any, Any], str | None]:
    """A diagnosis from (wrong values, hint) pairs: the hint of the first pair that matches."""

    def hint(student: Any, expected: Any) -> str | None:
        s = _values(student)
        if s is None:
            return None
        for wrong, text in pairs:
            w = np.asarray(wrong, dtype=float)
            if s.shape == w.shape and _close(s, w):
                return text
        e = _values(expected)
        rounded = _rounded(s, e)
        if rounded is not None:
            return rounded
        if e is not None and s.size == e.size and _close(np.sort(s), np.sort(e)):
            return (
                "数值都对，但顺序和表 b2b 不一样。不要排序，"
                "让结果和 b2b 的行一一对应（直接用 b2b 的列做加减乘除即可）。"
            )
        return None

    return hint


def _column_totals(value: Any, b: pd.DataFrame) -> list[str] | None:
    """The columns of ``b`` whose total or mean the values are, one column each (in order).

    That is what ``b2b[[...]].sum()`` or ``.mean()`` gives: an aggregate down the rows, one value
    per column, where one value per customer (across the columns) was asked.
    """
    s = _values(value)
    if s is None or s.size == 0 or s.size >= len(b):
        return None
    numeric = b.select_dtypes("number")
    found = []
    for v in s:
        match = [
            c for c in numeric.columns
            if _close(v, numeric[c].sum()) or _close(v, numeric[c].mean())
        ]
        if not match:
            return None
        found.append(match[0])
    return found


def _shape(value: Any, label: str, what: str, how: str, expected: pd.Series) -> None:
    """Fail with the real reason when the answer is not one value per customer.

    ``how`` says in words how the right column is computed (not the answer code).
    """
    __tracebackhide__ = True
    b = _b2b()
    n = len(b)
    per_customer = f"题目要每家客户一个数：一列 {n} 个值，顺序和 b2b 的行一样。"
    if callable(value) and not isinstance(value, (pd.Series, pd.DataFrame)):
        fail(
            label,
            f"{what}是一个还没有运行的方法 (method)，不是算出来的结果。",
            "方法后面要加一对括号 () 才会运行，例如 .clip(lower=0)，而不是 .clip。",
        )
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        one = [
            c for c, e in zip(b["customer"], expected.to_numpy(dtype=float))
            if _close(value, e) or _close(value, round(e, 4)) or _close(value, round(e, 2))
        ]
        if one:
            fail(
                label,
                f"{what}只是一个数（{float(value):.6g}），正好是客户 {one[0]} 一家的结果。"
                + per_customer,
                "上面 C001 的例子先用 .iloc[0] 取出了单个的数，所以算出来也只有一个数。"
                "练习里不要取出单个客户的数，直接对 b2b 的整列计算，"
                f"pandas 会逐行算出每家客户的结果：{how}。",
            )
        fail(
            label,
            f"{what}只是一个数（{float(value):.6g}）。{per_customer}",
            "如果用了 .sum()、.mean() 这类方法，它们会把一整列汇总成一个数；"
            "如果用了 .iloc[0] 取出的单个数，算出来也只有一个数。这里都不要，"
            f"直接对 b2b 的整列做加减乘除，pandas 会逐行计算：{how}。",
        )
    if isinstance(value, pd.DataFrame) and value.shape[1] > 1:
        if len(value) == n and set(b.columns) <= set(value.columns):
            fail(
                label,
                f"{what}是整张表 b2b（{value.shape[1]} 列），不是一列。",
                f"只要算出来的那一列：{how}。",
            )
        cols = "、".join(map(str, value.columns[:4]))
        fail(
            label,
            f"{what}是一张 {value.shape[0]} 行 × {value.shape[1]} 列的表（{cols}……），不是一列。",
            f"要把这几列合成一列，每家客户一个数：{how}。",
        )
    columns = _column_totals(value, b)
    if columns:
        names = "、".join(columns)
        fail(
            label,
            f"{what}只有 {len(columns)} 个值，正好是 {names} 这几列各自 {n} 家客户的合计"
            f"（或平均）。{per_customer}",
            ".sum() 或 .mean() 用在几列上，是竖着把每一列的所有客户加起来（每列得一个数）。"
            f"这里要横着算，每家客户各算一次：{how}。",
        )


def _out_of_range_by_customer(valid, what: str) -> Callable[[Any, Any], str | None]:
    """The valid-range hint, naming the customer (``C013``) instead of a position count."""

    def hint(student: Any, expected: Any) -> str | None:
        s = _values(student)
        b = _b2b()
        if valid is None or s is None or s.size != len(b):
            return None
        # check_series tries its own diagnoses before the range: leave the word to them
        for generic in (sorted_ascending, percent_not_fraction, share_not_cumulative):
            if generic(student, expected):
                return None
        low, high = valid
        for who, v in zip(b["customer"], s):
            if np.isnan(v):
                continue
            if low is not None and v < low - 1e-9:
                return (
                    f"{what}里客户 {who} 的值是 {v:.6g}，可是{what}不会小于 {low:g}，"
                    "这样的数不可能出现。检查公式里的减号、相减的顺序，或者是不是用错了列。"
                )
            if high is not None and v > high + 1e-9:
                return (
                    f"{what}里客户 {who} 的值是 {v:.6g}，可是{what}不会大于 {high:g}，"
                    "这样的数不可能出现。"
                )
        return None

    return hint


def _check(
    name: str,
    label: str,
    what: str,
    expected: pd.Series,
    *pairs,
    answer=MISSING,
    how: str = "",
    valid=None,
    extra: tuple = (),
):
    __tracebackhide__ = True
    value = get_answer(name, label, answer)
    _shape(value, label, what, how, expected)
    check_series(
        value, expected, label=label, what=what,
        hints=[_hints(*pairs), *extra, _out_of_range_by_customer(valid, what)],
        ids=_b2b()["customer"], valid=valid,
    )


def q1_sales(cum_sales: Any = MISSING, monthly_avg: Any = MISSING) -> None:
    """Check ``cum_sales`` (2023–2025) and ``monthly_avg`` (sales_2025 over 12 months)."""
    __tracebackhide__ = True
    b = _b2b()
    cum = cumulative_sales(b)
    _check(
        "cum_sales", Q1, "累计销售额（cum_sales）", cum,
        (b["sales_2025"], "这只是 2025 年的销售额。累计销售额要把 2023、2024、2025 三年加起来。"),
        (b["sales_2024"] + b["sales_2025"], "少加了 2023 年：三年都要加。"),
        (cum / 3, "这是三年的年平均销售额。累计销售额是三年的合计，不要除以 3。"),
        answer=cum_sales,
        how="把 2023、2024、2025 三年的销售额三列直接相加",
        valid=(0, None),
    )
    monthly = b["sales_2025"] / 12
    _check(
        "monthly_avg", Q1, "2025 年月平均销售额（monthly_avg）", monthly,
        (
            b["sales_2025"] / b["months_active_2025"],
            ("你除以的是有订单的月份数 (months_active_2025)。本题按全年 12 个月平均："
             "sales_2025 / 12。（只按有订单的月份平均，会高估断断续续下单的客户。）"),
        ),
        (cum / 12, "你用了三年的累计销售额。题目要 2025 年的月平均：sales_2025 / 12。"),
        (cum / 36, "这是三年的月平均。题目只要 2025 年：sales_2025 / 12。"),
        (b["sales_2025"] / 4, "这是季度平均（除以 4）。月平均要除以 12。"),
        (b["sales_2025"] * 12, "应该除以 12，不是乘以 12。"),
        answer=monthly_avg,
        how="用 2025 年销售额这一整列除以 12",
        valid=(0, None),
    )
    passed(Q1)


def q2_growth(answer: Any = MISSING) -> None:
    """Check ``growth``: (sales_2025 − sales_2024) / sales_2024, as a fraction."""
    __tracebackhide__ = True
    b = _b2b()
    s23, s24, s25 = b["sales_2023"], b["sales_2024"], b["sales_2025"]
    _check(
        "growth", Q2, "销售额增长率（growth）", (s25 - s24) / s24,
        (
            (s25 - s24) / s25,
            "分母用错了：增长率要除以上一年（基期, base year）2024 年的销售额，不是 2025 年。",
        ),
        (s25 / s24, "这是 2025 年是 2024 年的几倍，还要减去 1：(2025 − 2024) ÷ 2024。"),
        (s25 - s24, "这是增加了多少万元（增长额），还要除以 2024 年的销售额，才是增长率。"),
        ((s24 - s23) / s23, "这是 2024 年比 2023 年的增长率。题目问 2025 年比 2024 年。"),
        ((s25 - s23) / s23, "你用 2023 年做了基期。题目问 2025 年比 2024 年增长了多少。"),
        ((s24 - s25) / s24, "减反了：用 2025 年减去 2024 年，销售额下降时增长率才是负数。"),
        (
            s25 - s24 / s24,
            ("少了括号：先算增长额，再除以 2024 年的销售额，要写成 "
             "(2025 年 − 2024 年) ÷ 2024 年，减法部分加上括号。"),
        ),
        answer=answer,
        how="用 2025 年和 2024 年销售额这两整列，先相减，再除以 2024 年的那一列",
        valid=(-1, None),
    )
    passed(Q2)


def q3_profit(answer: Any = MISSING) -> None:
    """Check ``profit``: sales_2025 × gross_margin − service_cost_2025."""
    __tracebackhide__ = True
    b = _b2b()
    s25, gm, cost = b["sales_2025"], b["gross_margin"], b["service_cost_2025"]
    _check(
        "profit", Q3, "利润贡献（profit）", profit(b),
        (
            s25 * gm,
            ("这是毛利，还没有减去服务这位客户的成本 (service_cost_2025)。"
             "利润贡献 = 毛利 − 服务成本。"),
        ),
        (
            cumulative_sales(b) * gm - cost,
            ("你把毛利率乘在了三年的累计销售额上。服务成本是 2025 年的，"
             "所以要用 2025 年的销售额：sales_2025 × gross_margin − service_cost_2025。"),
        ),
        (
            (s25 - cost) * gm,
            ("运算顺序：先算毛利 sales_2025 × gross_margin，再减去服务成本；"
             "不要先从销售额里减成本。"),
        ),
        (s25 - cost, "漏了毛利率：销售额要先乘以 gross_margin，得到毛利，再减服务成本。"),
        (
            s25 * (gm - cost),
            ("括号放错了：你先算了“毛利率 − 服务成本”，再乘以销售额。毛利率是比例，"
             "服务成本是万元，不能相减。应该先算毛利（销售额 × 毛利率），再减去服务成本；"
             "乘法本来就先算，这里不需要括号。"),
        ),
        (s25 * gm + cost, "服务成本是企业的支出，要减去，不是加上。"),
        (s25 * gm * 100 - cost, "gross_margin 已经是 0–1 之间的比例，不要再乘以 100。"),
        (
            s25 * gm / 100 - cost,
            ("gross_margin 已经是 0–1 之间的小数（例如 0.153 就是 15.3%），"
             "直接乘就是毛利，不要再除以 100。"),
        ),
        (
            b["sales_2024"] * gm - cost,
            "你用了 2024 年的销售额。服务成本是 2025 年的，销售额也要用 2025 年的 sales_2025。",
        ),
        (
            cost - s25 * gm,
            "减反了：利润贡献 = 毛利 − 服务成本，用毛利减去服务成本。",
        ),
        answer=answer,
        how="用销售额、毛利率、服务成本这三整列，先算毛利，再减服务成本",
    )
    passed(Q3)


def q4_credit(answer: Any = MISSING) -> None:
    """Check ``credit``: 0.3 operating + 0.3 financial + 0.4 payment score (0–100)."""
    __tracebackhide__ = True
    b = _b2b()
    op, fin, days = b["operating_score"], b["financial_score"], b["payment_days_overdue"]
    pay = payment_score(b)
    _check(
        "credit", Q4, "信用得分（credit）", credit(b),
        (
            0.3 * op + 0.3 * fin + 0.4 * (100 - 2 * days),
            ("差一点：逾期超过 50 天的客户，100 − 2 × 逾期天数会变成负数，可回款得分最低是 0。"
             "要对整个回款得分用 .clip(lower=0)：先用括号把“100 − 2 × 逾期天数”括起来，"
             "再在括号后面接 .clip(lower=0)，括号不能少（只对天数 clip 没有用，天数本来就不是负数）。"),
        ),
        (
            0.3 * op + 0.3 * fin + 0.4 * (100 - 2 * days).clip(upper=0),
            ("clip 的方向反了：clip(lower=0) 把小于 0 的数变成 0（下限是 0）；"
             "clip(upper=0) 会把所有大于 0 的数都变成 0。"),
        ),
        (
            0.3 * op + 0.3 * fin + 0.4 * days,
            ("回款记录不能直接用逾期天数：天数越多越差。先换算成回款得分："
             "100 − 2 × 逾期天数，再对这一整列用 .clip(lower=0) 把负数变成 0，然后加权。"),
        ),
        (
            0.3 * op + 0.3 * fin + 0.4 * (100 - days),
            "回款得分的规则是 100 − 2 × 逾期天数（每逾期一天扣 2 分），最低 0 分。",
        ),
        (
            0.4 * op + 0.3 * fin + 0.3 * pay,
            "权重放错了位置：经营 0.3、财务 0.3、回款 0.4。",
        ),
        (
            (op + fin + pay) / 3,
            "这是三项的简单平均。题目给了权重：经营 0.3、财务 0.3、回款 0.4。",
        ),
        (op + fin + pay, "三项要按权重加权（0.3、0.3、0.4），不是直接相加。"),
        (
            credit(b) / 100,
            ("信用得分是 0–100 分，和经营、财务的分数同一个尺度（C060 是 62.9 分），"
             "不要除以 100，也不要写成 0–1 的小数。"),
        ),
        (
            0.3 * op + 0.3 * fin + 0.4 * pay / 100,
            ("回款得分不要除以 100：它和经营、财务一样，已经是 0–100 分。"
             "三项都是 0–100 分，直接按 0.3、0.3、0.4 加权相加。"),
        ),
        (
            0.3 * op + 0.3 * fin + 0.4 * (100 - 2 * days) / 100,
            ("回款得分不要除以 100：它和经营、财务一样，是 0–100 分。"
             "另外，回款得分最低是 0 分，负数要用 .clip(lower=0) 变成 0。"),
        ),
        (
            30 * op + 30 * fin + 40 * pay,
            "权重要写成小数 0.3、0.3、0.4（合计 1），不是 30、30、40。",
        ),
        answer=answer,
        how="经营、财务两列分数和回款得分那一列，各乘权重再相加",
        valid=(0, 100),
    )
    passed(Q4)


#: How exercise 5's columns are named to the student.
TERM_NAMES = {
    "sales_2025": "订单金额 sales_2025",
    "gross_margin": "毛利率 gross_margin",
    "payment_days_overdue": "逾期天数 payment_days_overdue",
    "growth_potential": "发展潜力 growth_potential",
}


def _mm(x: pd.Series) -> pd.Series:
    return (x - x.min()) / (x.max() - x.min())


def _term(b: pd.DataFrame, c: str) -> pd.Series:
    """Column ``c`` normalised, flipped when lower is better (the bracket of exercise 5)."""
    return 1 - _mm(b[c]) if c in LOWER_IS_BETTER else _mm(b[c])


def _one_term_times_100(b: pd.DataFrame, first: str) -> pd.Series:
    """``100 * w·term + w·term + ...``: the bracket around the sum forgotten, so only one term
    (usually the first) is multiplied by 100."""
    return sum((100 if c == first else 1) * w * _term(b, c) for c, w in WEIGHTS.items())


def _not_normalised(student: Any, b: pd.DataFrame) -> str | None:
    """Weights applied to the raw columns (no min–max), with or without × 100 or a flip.

    The student's score is then a constant plus ``k·w·x`` for each raw column ``x`` with the
    same ``k`` (1 or 100) and sign ±1, which the right score is not (its multiples are
    ``100·w / (max − min)``).
    """
    s = _values(student)
    if s is None or s.size != len(b) or not np.all(np.isfinite(s)):
        return None
    cols = list(WEIGHTS)
    x = np.column_stack([np.ones(len(b)), *[b[c].to_numpy(dtype=float) for c in cols]])
    coef, *_ = np.linalg.lstsq(x, s, rcond=None)
    if not _close(x @ coef, s):
        return None
    raw = [
        c for c, k in zip(cols, coef[1:])
        if any(abs(abs(k) - scale * WEIGHTS[c]) < 1e-6 * scale for scale in (1, 100))
    ]
    if len(raw) < 2:
        return None
    return (
        "你的得分直接用了原始的列（" + "、".join(TERM_NAMES[c] for c in raw) + "），没有先做"
        "最小–最大归一化 (min–max normalization)。各列的单位和大小不同（万元、比例、天、级），"
        "要先用 minmax 把每一列变到 0–1，再乘权重、相加、乘以 100。"
    )


def _one_raw_column(student: Any, b: pd.DataFrame) -> str | None:
    """One column put in raw (no min–max), the other three normalised and weighted right.

    Fit a constant, the three normalised terms and the raw column; the hint fires when the
    normalised terms carry 100·w and the raw column carries ±w or ±100·w (the weight on the raw
    column), which the right score (100·w / (max − min) on the raw column) does not.
    """
    s = _values(student)
    if s is None or s.size != len(b) or not np.all(np.isfinite(s)):
        return None
    for c in WEIGHTS:
        others = [o for o in WEIGHTS if o != c]
        x = np.column_stack([
            np.ones(len(b)), *[_term(b, o).to_numpy(dtype=float) for o in others],
            b[c].to_numpy(dtype=float),
        ])
        coef, *_ = np.linalg.lstsq(x, s, rcond=None)
        if not _close(x @ coef, s):
            continue
        if not all(abs(k - 100 * WEIGHTS[o]) < 1e-6 for o, k in zip(others, coef[1:-1])):
            continue
        if any(abs(abs(coef[-1]) - scale * WEIGHTS[c]) < 1e-6 * scale for scale in (1, 100)):
            return (
                f"{TERM_NAMES[c]} 这一项直接用了原始的列，没有先用 minmax 做最小–最大归一化 "
                "(min–max normalization)；其余三项是对的。每一列都要先变到 0–1，再乘权重。"
            )
    return None


def _weights_used(student: Any, b: pd.DataFrame) -> str | None:
    """Read the weights back from a score that is 100 × a weighted sum of min–max columns.

    The right score is ``100 × Σ w·mm(x)`` with ``1 − mm`` for days overdue, which is a constant
    plus one multiple of each normalised column. When the student's score is exactly such a
    combination (a term left out, a weight mistyped), the multiples give the weights the student
    used; the hint lists those that differ from ``WEIGHTS``.
    """
    s = _values(student)
    if s is None or s.size != len(b) or not np.all(np.isfinite(s)):
        return None
    cols = list(WEIGHTS)
    mm = [(b[c] - b[c].min()) / (b[c].max() - b[c].min()) for c in cols]
    x = np.column_stack([np.ones(len(b)), *[m.to_numpy(dtype=float) for m in mm]])
    coef, *_ = np.linalg.lstsq(x, s, rcond=None)
    if not _close(x @ coef, s):
        return None
    const, terms = coef[0] / 100, dict(zip(cols, coef[1:] / 100))
    wrong = []
    for c in cols:
        used = terms[c]
        if c in LOWER_IS_BETTER:
            if abs(used) > 1e-6 and abs(const + used) > 1e-6:
                return None  # the constant is not the flipped term's: something else is off
            used = -used if abs(used) > 1e-6 else 0.0
        if abs(used - WEIGHTS[c]) > 1e-6:
            wrong.append(
                f"{TERM_NAMES[c]} 这一项"
                + ("没有加进去" if abs(used) < 1e-6 else f"的权重是 {used:.4g}")
                + f"（应该是 {WEIGHTS[c]:g}）"
            )
    if not wrong or len(wrong) == len(cols):
        return None
    return (
        "从你的得分反推，" + "；".join(wrong) + "。四项都要归一化、乘以各自的权重再相加，"
        "最后乘以 100。"
    )


def q5_score(answer: Any = MISSING) -> None:
    """Check ``my_score``: the weighted 0–100 score of ``WEIGHTS``, by hand."""
    __tracebackhide__ = True
    value = get_answer("my_score", Q5, answer)
    b = _b2b()
    expected = weighted_score(b, weights=WEIGHTS, higher_is_better=LOWER_IS_BETTER)["score"]
    not_flipped = weighted_score(b, weights=WEIGHTS)["score"]
    raw = sum(w * b[c] for c, w in WEIGHTS.items())
    by_max = 100 * sum(
        w * (1 - b[c] / b[c].max() if c in LOWER_IS_BETTER else b[c] / b[c].max())
        for c, w in WEIGHTS.items()
    )
    ranks = weighted_score(b, weights=WEIGHTS, higher_is_better=LOWER_IS_BETTER, normalize="rank")
    equal = weighted_score(
        b, weights=dict.fromkeys(WEIGHTS, 0.25), higher_is_better=LOWER_IS_BETTER
    )["score"]
    _check(
        "my_score", Q5, "综合得分（my_score）", expected,
        (
            not_flipped,
            "逾期天数越少越好，归一化以后要反过来：用 1 − (x − 最小值) ÷ (最大值 − 最小值)。",
        ),
        (expected / 100, "得分要在 0–100 之间：加权求和以后再乘以 100。"),
        *[
            (
                wrong,
                ("你把加权的和又除以了 4。权重合计已经是 1，四项乘以权重再相加，"
                 "本身就是加权平均，不要再除以 4。"),
            )
            for wrong in (expected / 4, expected / 400)
        ],
        *[
            (
                100 * np.round(expected / 100, digits),
                ("你的得分四舍五入 (round) 了：每个值都成了"
                 + ("整十数" if digits == 1 else "整数")
                 + f"。如果 .round({digits}) 写在括号后面、乘以 100 之前，它会先起作用："
                 f"先保留 {digits} 位小数，再乘以 100，小数就没有了。"
                 "答案变量里不要四舍五入，去掉 .round(...)；想看得清楚，只在 print 时再四舍五入。"),
            )
            for digits in (1, 2)
        ],
        (
            expected * 100,
            ("得分放大了 100 倍：权重要用 weights 里的小数（0.4、0.2），"
             "加权求和以后只乘一次 100。"),
        ),
        (
            equal,
            ("你把四项直接平均了，没有乘权重。每一项要乘以 weights 里它的权重"
             "（订单金额 0.4，其余各 0.2），再相加、乘以 100。"),
        ),
        (
            not_flipped / 100,
            "两处要改：逾期天数要反过来 (1 − 归一化值)，最后还要乘以 100。",
        ),
        (
            # -w·d instead of w·(1 - d): the score drops by exactly 100·w
            expected - 100 * WEIGHTS["payment_days_overdue"],
            "逾期天数那一项写成了负数。反过来的写法是 1 − 归一化值，不是 −归一化值。",
        ),
        (
            raw,
            ("各列的单位和大小不同（万元、比例、天、级），要先做最小–最大归一化 "
             "(min–max normalization)，把每列变到 0–1，再加权。"),
        ),
        (
            100 * raw,
            "各列的单位和大小不同，要先做最小–最大归一化，把每列变到 0–1，再加权、乘以 100。",
        ),
        (
            by_max,
            "归一化用的是 (x − 最小值) ÷ (最大值 − 最小值)，不是 x ÷ 最大值。",
        ),
        (ranks["score"], "这里用最小–最大归一化，不用名次百分比。"),
        *[
            (
                _one_term_times_100(b, c),
                ("只有一项乘上了 100：乘以 100 要作用在四项加权的和上。"
                 "先用括号把四项相加的部分括起来，再乘以 100。"),
            )
            for c in WEIGHTS
        ],
        (
            expected + 100 * WEIGHTS["gross_margin"] * (_mm(profit(b)) - _mm(b["gross_margin"])),
            ("“利润贡献”这一项，表里用的列是毛利率 gross_margin，不是练习 3 算出的利润贡献 "
             "profit。按表格用 gross_margin 这一列。"),
        ),
        answer=value,
        how=("每一列先用 minmax 归一化（逾期天数用 1 − 归一化值），乘以 weights 里它的权重，"
             "四项相加，最后乘以 100"),
        valid=(0, 100),
        extra=(
            lambda student, _: _not_normalised(student, b),
            lambda student, _: _one_raw_column(student, b),
            lambda student, _: _weights_used(student, b),
        ),
    )
    by_hand("my_score", Q5)
    passed(Q5)
