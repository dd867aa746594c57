"""Public checks for lesson 06 物流客户 ABC 分析 (``cl.checks.l06``).

The exercises follow the five steps of the logistics task on the 14-customer table 3-7
(``cl.load_dataset("changhai")``):

* ``q1_indicator()``: ``indicator``, the letter of the chosen tiering indicator (revenue);
* ``q2_total()``: ``total_revenue``, the whole that every share is divided by;
* ``q3_table()``: ``table38``, table 3-8 built by hand with pandas: columns ``customer``,
  ``revenue``, ``share``, ``cum_revenue``, ``cum_share`` (fractions), sorted from large to small,
  equal revenues in the order of table 3-7;
* ``q4_classes()``: ``tiers``, a table with ``customer`` and ``abc_class`` ("A"/"B"/"C") by the
  course's working rule (cumulative share up to 80% / 95%; the textbook gives only the rough
  80/15/5 value shares), equal revenues in the order of table 3-7, done by hand;
* ``q5_figure()``: ``ax35``, the matplotlib Axes of figure 3-5 drawn by the student: a line of the
  cumulative shares with the customer codes, in sorted order, as x tick labels;
* ``q6_table39()``: ``table39``, table 3-9 as a DataFrame with rows A, B, C and the criteria and
  contact measures of :data:`TABLE39_COLUMNS`, checked for structure and sense. Customers 10 and
  12 have the same revenue but fall on both sides of the B/C line, so the B limit may put both
  in B or both in C.

Each check looks the variable up in the notebook, or takes it as ``answer=...``. When an answer
is wrong and the earlier answer it is built on fails its own check, the check names that
exercise first (:func:`_blame_earlier`).
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

import numpy as np
import pandas as pd

from crmlab import datasets
from crmlab.abc import abc_analysis
from crmlab.feedback import checks as _feedback
from crmlab.feedback.checks import (
    ANALYSIS_FUNCTIONS,
    MISSING,
    CheckFailed,
    _as_float_array,
    _assigned,
    _close,
    _fmt,
    _parse,
    as_number,
    blame_upstream,
    by_hand,
    check_columns,
    check_number,
    check_series,
    cumulative_not_share,
    fail,
    get_answer,
    passed,
)

Q1 = "第 1 题 (q1_indicator)"
Q2 = "第 2 题 (q2_total)"
Q3 = "第 3 题 (q3_table)"
Q4 = "第 4 题 (q4_classes)"
Q5 = "第 5 题 (q5_figure)"
Q6 = "第 6 题 (q6_table39)"

#: The A and B limits of the lesson (cumulative share of revenue).
A_LIMIT, B_LIMIT = 0.80, 0.95

#: Question 1: the options and, for each wrong one, why it does not fit the task.
INDICATOR = "C"
INDICATOR_HINTS = {
    "A": (
        "成立年限长的企业不一定把很多业务交给长海物流。想一想：这次要找的是给本公司贡献最大的"
        "客户，哪一个选项直接衡量了客户给长海物流带来多少价值？"
    ),
    "B": (
        "距离远近会影响服务成本，却说明不了客户给公司带来多少价值。"
        "再看一遍四个选项：哪一个直接衡量了客户对本公司的贡献？"
    ),
    "D": (
        "员工多说明客户企业规模大，但它交给长海物流的业务可能很少。"
        "再看一遍四个选项：哪一个直接衡量了客户对本公司的贡献？"
    ),
}

TABLE38_COLUMNS = ["customer", "revenue", "share", "cum_revenue", "cum_share"]

#: Table 3-9: rows A, B, C and these columns (numeric ones must fall from A to B to C).
TABLE39_COLUMNS = [
    "年均交易额下限",
    "年交易次数下限",
    "每年电话联系次数",
    "每年拜访次数",
    "专人跟进",
]
TABLE39_NUMERIC = TABLE39_COLUMNS[:4]
TABLE39_FLAG = TABLE39_COLUMNS[4]
MAX_CALLS = 365  # at most one call a day
MAX_VISITS = 52  # at most one visit a week

FIGURE_FORBIDDEN = (*ANALYSIS_FUNCTIONS, "plot_pareto")


# --------------------------------------------------------------------------------------------
# expected answers, computed with the analysis the lesson teaches


def _data() -> pd.DataFrame:
    return datasets.load_dataset("changhai")


def expected_table() -> pd.DataFrame:
    """Table 3-8 with the classes: ``cl.abc_analysis`` on table 3-7, a = 0.80, b = 0.95."""
    t = abc_analysis(_data(), value="revenue", customer="customer", a=A_LIMIT, b=B_LIMIT)
    return t.rename(columns={"cum_value": "cum_revenue"})


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def _plain(x: float) -> str:
    """A number written out in full (1200000, not 1.2e+06)."""
    return f"{float(x):.12g}" if abs(float(x)) < 1e12 else f"{float(x):.0f}"


def _rule() -> str:
    return (
        f"本课程的规则是 A 类：累计占比 ≤ {A_LIMIT:.0%}；"
        f"B 类：{A_LIMIT:.0%} < 累计占比 ≤ {B_LIMIT:.0%}；C 类：累计占比 > {B_LIMIT:.0%}"
    )


def _blame_earlier(label: str, chain: list) -> None:
    """Name an earlier exercise to fix first, when this answer is built on a wrong one.

    ``chain`` are the public checks of the earlier exercises in lesson order; the last one checks
    the answer this exercise reads directly (``table38`` for the classes and the figure). Only when
    that one fails is anything blamed, and then the earliest failing exercise of the chain is
    named (a wrong total in exercise 2 before the table of exercise 3 built on it)."""
    __tracebackhide__ = True
    try:
        blame_upstream(label, chain[-1:])
    except CheckFailed:
        blame_upstream(label, chain)
        raise


def _spaced_columns(value: Any, columns: list[str], label: str, what: str) -> None:
    """Fail when a required column is missing only because of spaces around its name."""
    __tracebackhide__ = True
    if not isinstance(value, pd.DataFrame):
        return
    for col in columns:
        if col in value.columns:
            continue
        spaced = [c for c in value.columns if isinstance(c, str) and c.strip() == col]
        if spaced:
            fail(
                label,
                f"{what}里找不到列 {col!r}，但有一列叫 {spaced[0]!r}：列名的前后多了空格。",
                "空格也算列名的一部分。去掉引号里多余的空格，重新运行答案单元格。",
            )


def _nan_count(values: Any) -> int:
    v = _as_float_array(values)
    return 0 if v is None else int(np.isnan(v).sum())


# --------------------------------------------------------------------------------------------
# question 1: the indicator


def q1_indicator(answer: Any = MISSING) -> None:
    """Check ``indicator``: the letter of the option that names revenue (营业收入)."""
    __tracebackhide__ = True
    value = get_answer("indicator", Q1, answer)
    if not isinstance(value, str):
        fail(
            Q1,
            f"indicator 应该是一个字母，例如 \"A\"，你的答案是{_fmt(value)}。",
            "字母两边要加引号，写成 indicator = \"A\" 这样的形式。",
        )
    letter = value.strip().strip("（）()。.").upper()
    if letter not in ("A", "B", "C", "D"):
        fail(
            Q1,
            f"indicator 应该是 A、B、C、D 中的一个字母，你的答案是 {value!r}。",
            "只写选项的字母，不要写选项的内容。",
        )
    if letter != INDICATOR:
        fail(Q1, f"选项 {letter} 不是这次分层最合适的指标。", INDICATOR_HINTS[letter])
    if value != letter:
        fixes = []
        if value != value.strip():
            fixes.append("去掉字母前后的空格（引号里的空格也算一个字符）")
        if value.strip().strip("（）()。.") != value.strip():
            fixes.append("去掉多余的标点符号")
        if value.strip().strip("（）()。.") != value.strip().strip("（）()。.").upper():
            fixes.append("把小写字母改成大写")
        fail(
            Q1,
            f"选项字母要和选项列表里写得一模一样：一个大写字母，前后不带空格或标点。"
            f"你的答案是 {value!r}。",
            "，".join(fixes or ["只留下一个大写字母"]) + "。后面练习 4 的类别 \"A\"、\"B\"、\"C\" "
            "也是这样，大小写和空格都算数。",
        )
    passed(Q1)


# --------------------------------------------------------------------------------------------
# question 2: the whole


def q2_total(answer: Any = MISSING) -> None:
    """Check ``total_revenue``: the total revenue of table 3-7 (the whole of every share)."""
    __tracebackhide__ = True
    value = get_answer("total_revenue", Q2, answer)
    df = _data()
    revenue = df["revenue"]
    if isinstance(value, pd.Series) and "revenue" in [str(i) for i in value.index]:
        fail(
            Q2,
            "total_revenue 是一列数 (Series)，不是一个数。",
            "df.sum() 把表里的每一列都分别加了起来（连客户编号也加了）。"
            "只加营业收入那一列：df[\"revenue\"].sum()。",
        )
    if isinstance(value, pd.Series) and _close(value, revenue):
        fail(
            Q2,
            "total_revenue 还是 14 个数的整列营业收入，没有加起来。",
            "在后面加上 .sum()：df[\"revenue\"].sum()。",
        )

    def hint(v: float, expected: float) -> str | None:
        if v < 0:
            return None  # a negative total: the range hint says why that cannot be
        if abs(v - (revenue.sum() + df["customer"].sum())) < 1e-6:
            return (
                "你把客户编号也加进去了（df.sum().sum() 会把所有列加在一起）。"
                "只加 revenue 这一列：df[\"revenue\"].sum()。"
            )
        if abs(v - revenue.sum() * 10000) < 1e-3:
            return (
                "df 里的营业收入单位已经是万元（740 就是 740 万元），合计也用万元：直接求和，"
                "不要乘以 10000 换算成元。"
            )
        if abs(v - revenue.mean()) < 1e-6:
            return (
                f"这是平均值 (mean)：合计又除以了客户人数 {len(df)}。结构相对数的分母是"
                "全部客户的合计本身，求和以后不要再除以人数。"
            )
        if v == revenue.max():
            return "这是最大的一位客户的营业收入，不是全部客户的合计。用 .sum()。"
        if v == len(df):
            return "这是客户的个数。比重的分母是营业收入的合计：df[\"revenue\"].sum()。"
        if v == df["customer"].sum():
            return "你加起来的是客户编号 (customer)，应该加营业收入 (revenue) 那一列。"
        return "对 df 的 revenue 列求和：df[\"revenue\"].sum()。"

    number = as_number(value, Q2, "营业收入合计")
    if abs(number) >= 1e6 and not _close(number, float(revenue.sum())):
        # written out in full: the generic message would show 2e+07
        fail(
            Q2,
            f"营业收入合计不对：你的答案是 {_plain(number)}。",
            hint(number, float(revenue.sum())),
        )
    check_number(
        value, float(revenue.sum()), label=Q2, what="营业收入合计", hints=[hint], valid=(0, None)
    )
    passed(Q2)


# --------------------------------------------------------------------------------------------
# question 3: table 3-8 by hand


def _rounded(student: Any, expected: Any) -> str | None:
    """Values that match only after rounding (rounded too early)."""
    s, e = _as_float_array(student), _as_float_array(expected)
    if s is None or e is None or s.size != e.size:
        return None
    for scale in (1.0, 100.0):
        if np.all(np.abs(s - e * scale) <= 0.0051 * scale) and not _close(s, e * scale):
            return (
                "数值很接近，但差一点：是不是先用 round(...) 四舍五入了？"
                "table38 里存完整的小数，显示成一位小数的百分数是下一步的事。"
            )
    return None


def _text_percent(student: Any, expected: Any) -> str | None:
    if _as_float_array(student) is None and any(
        isinstance(x, str) for x in pd.Series(student).tolist()
    ):
        return (
            "这一列是文字（例如 '37.0%'），检查要的是小数形式的数，例如 0.37。"
            "变成百分数文字只是为了显示：答案单元格下面的几行代码已经替你做了。"
        )
    return None


def _nan_hint(student: Any, expected: Any) -> str | None:
    """Missing values (NaN) in a computed column: the divisor was not one number."""
    n = _nan_count(student)
    if not n:
        return None
    return (
        f"这一列有 {n} 个缺失值 NaN。常见原因：除数不是一个数，而是一整列或一张表"
        "（例如 df.sum() 会把每一列分别加起来，得到的是一列数），或者用到了不存在的列。"
        "分母要用一个数：营业收入合计 df[\"revenue\"].sum()。"
    )


def _table38_columns_first() -> None:
    """A misspelt or missing column of ``table38`` also breaks the display lines of the answer
    cell (KeyError 'cum_share'): name the column, not the error that followed from it."""
    __tracebackhide__ = True
    value = _feedback._user_ns().get("table38")
    if not isinstance(value, pd.DataFrame):
        return
    try:
        _spaced_columns(value, TABLE38_COLUMNS, Q3, "table38")
        check_columns(value, TABLE38_COLUMNS, label=Q3, what="table38")
    except CheckFailed as err:
        from crmlab.feedback import errors

        last = errors.last_error()
        if last is None or not re.search(r"(?<![\w.])table38\s*=(?!=)", last[1]):
            raise  # the answer cell ran without an error: the same finding as below
        if not isinstance(last[0], KeyError):
            return  # another error in the answer cell: get_answer says table38 may be stale
        fail(
            Q3,
            err.problem,
            f"{err.hint}答案单元格下面的 KeyError 也是这个原因：显示百分数的那几行要用到这一列，"
            "找不到它就出错了。改好列名，重新运行答案单元格，再运行这个检查。",
            where=err.where,
        )


def _unsaved_sort() -> bool:
    """Whether the cell that last assigned ``table38`` has a ``….sort_values(...)`` line whose
    result is not stored (sort_values returns a new table and leaves the old one as it was)."""
    import ast

    inputs = _feedback._user_ns().get("In")
    if not isinstance(inputs, list) or len(inputs) < 2:
        return False
    for source in reversed(inputs[:-1]):
        tree = _parse(source) if isinstance(source, str) else None
        if tree is None or "table38" not in _assigned(tree):
            continue
        for stmt in tree.body:
            if not isinstance(stmt, ast.Expr):
                continue
            for node in ast.walk(stmt.value):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "sort_values"
                    and not any(k.arg == "inplace" for k in node.keywords)
                ):
                    return True
        return False
    return False


def q3_table(answer: Any = MISSING) -> None:
    """Check ``table38``: sorted revenue, share, cumulative revenue, cumulative share (by hand)."""
    __tracebackhide__ = True
    if answer is MISSING:
        _table38_columns_first()
    value = get_answer("table38", Q3, answer)
    made_by = set(map(str, value.columns)) if isinstance(value, pd.DataFrame) else set()
    if "cum_count_share" in made_by or {"cum_value", "rank", "abc_class"} <= made_by:
        fail(
            Q3,
            "table38 是 crmlab 现成函数 cl.abc_analysis 算出来的表（它有 cum_value、"
            "cum_count_share 这些列），不是自己动手算的。",
            "这道题要自己用 pandas 一步一步做：先按营业收入从大到小排序，再算比重、"
            "累计营业收入和累计占比。cl.abc_analysis 的结果在练习 5 后面给你对照。",
        )
    _spaced_columns(value, TABLE38_COLUMNS, Q3, "table38")
    check_columns(value, TABLE38_COLUMNS, label=Q3, what="table38")
    exp = expected_table()
    n = len(exp)
    if len(value) != n:
        fail(
            Q3,
            f"table38 应该有 {n} 行（每位客户一行），你的表有 {len(value)} 行。",
            "是不是筛选掉了一些行，或者用了别的表？用 df 排序得到的整张表。",
        )
    ids = exp["customer"]
    original = _data()

    def unsorted(s: Any, e: Any) -> str | None:
        if _close(s, original["revenue"]):
            keep = (
                "sort_values 不会改动原来的表，它返回一张排好序的新表，要用等号把这张新表存下来"
                "（就像例题里的 demo_sorted = demo.sort_values(...)）。"
            )
            if _unsaved_sort():
                return (
                    "revenue 还是表 3-7 的原始顺序：你写了 sort_values(...)，却没有把排好序的"
                    "结果存进变量，table38 还是原来的样子。" + keep
                )
            return (
                "revenue 还是表 3-7 的原始顺序，没有排序。"
                "先用 df.sort_values(\"revenue\", ascending=False) 从大到小排好。" + keep
            )
        return None

    mine_ids = value["customer"].reset_index(drop=True)

    def wrong_key(s: Any, e: Any) -> str | None:
        v = _as_float_array(s)
        if v is None or sorted(v.tolist()) != sorted(original["revenue"].astype(float).tolist()):
            return None
        if np.all(np.diff(v) <= 0) or np.all(np.diff(v) >= 0):
            return None  # sorted by revenue, only the direction may be wrong
        return (
            f"revenue 列没有从大到小排好：你的第 1 行是客户 {mine_ids.iloc[0]}，营业收入 "
            f"{_fmt(v[0])} 万元，第 2 行是 {_fmt(v[1])} 万元……看看 sort_values 里写的是"
            "按哪一列排：要按营业收入 revenue 这一列排，不是按客户编号或别的列。"
        )

    check_series(
        value["revenue"], exp["revenue"], label=Q3, what="revenue 列（从大到小的营业收入）",
        hints=[unsorted, wrong_key], ids=mine_ids, valid=(0, None),
    )

    def not_moved(s: Any, e: Any) -> str | None:
        if _close(s, original["customer"]):
            return (
                "客户编号还是 1、2、3……的原始顺序，没有跟着营业收入一起移动。"
                "要对整张表排序 (df.sort_values(...))，不能只排 revenue 这一列。"
            )
        return None

    def tie_order(s: Any, e: Any) -> str | None:
        pairs = dict(zip(original["customer"], original["revenue"]))
        mine = pd.Series(s).tolist()
        if sorted(mine) != sorted(e.tolist()):
            return None
        if [pairs.get(c) for c in mine] != exp["revenue"].tolist():
            return None
        groups = []
        for _, group in exp.groupby("revenue", sort=False):
            right = group["customer"].tolist()
            if len(right) > 1 and [c for c in mine if c in right] != right:
                groups.append(" 和 ".join(str(c) for c in right))
        if not groups:
            return None
        return (
            f"营业收入相同的客户（{'；'.join(groups)}）前后顺序不对。题目规定：收入相同的客户"
            "保持表 3-7 里的原有顺序（编号小的在前）。用 df.sort_values(\"revenue\", "
            "ascending=False, kind=\"stable\")，不要再按客户编号倒序排。"
            "顺序会影响累计占比，也就影响后面的分类。"
        )

    check_series(
        value["customer"], ids, label=Q3, what="customer 列（排序后的客户编号）",
        hints=[not_moved, tie_order],
    )

    def share_of_other_total(s: Any, e: Any) -> str | None:
        v = _as_float_array(s)
        if v is not None and np.allclose(v, np.arange(1, n + 1) / n, atol=1e-6):
            return (
                "这是客户人数的累计比例（第几位 ÷ 14），不是营业收入的占比："
                "share = revenue ÷ 营业收入合计。"
            )
        if v is not None and _close(v, exp["revenue"] / exp["revenue"].max()):
            return "你除以的是最大的营业收入，比重 = 部分 ÷ 总体：要除以营业收入合计。"
        share_3_7 = original["revenue"].to_numpy(dtype=float) / float(original["revenue"].sum())
        if v is not None and (_close(v, share_3_7) or _close(v, share_3_7 * 100)):
            return (
                "share 是按表 3-7 原来的顺序（客户 1、2、3……）算的：用的是没有排序的 df 里的"
                "revenue，不是 table38 排好序的 revenue。重新编号 (reset_index) 以后，df 的第 1 行"
                "和 table38 的第 1 行已经不是同一位客户。计算要用 table38 自己的列。"
            )
        return None

    check_series(
        value["share"], exp["share"], label=Q3, what="share 列（每位客户的营业收入占比）",
        hints=[_text_percent, _nan_hint, cumulative_not_share, share_of_other_total, _rounded],
        ids=ids, upstream=[q2_total], valid=(0, 1),
    )

    running = original["revenue"].cumsum()
    before_sort = pd.Series(dict(zip(original["customer"], running)))[exp["customer"]].to_numpy()
    sort_first = (
        "累计是在排序之前算的：你的 {col} 是按表 3-7 原来的顺序一路加下来的，排序时又跟着"
        "客户一起挪了位置，所以从上往下不再是越加越多。先把整张表排好序，"
        "再对排好序的 revenue 用 .cumsum()（累计要放在排序之后）。"
    )
    from_df = (
        "你的 {col} 是按表 3-7 原来的顺序（客户 1、2、3……）累计的：用的是没有排序的 df 里的"
        "数，不是 table38 排好序的 revenue。重新编号 (reset_index) 以后，df 的第 1 行和 table38 的"
        "第 1 行已经不是同一位客户。计算要用 table38 自己的列。"
    )

    def cum_not_summed(s: Any, e: Any) -> str | None:
        if _close(s, before_sort):
            return sort_first.format(col="cum_revenue")
        if _close(s, running):
            return from_df.format(col="cum_revenue")
        if _close(s, exp["revenue"]):
            return "cum_revenue 和 revenue 一样，还没有累加：用 table38[\"revenue\"].cumsum()。"
        if _close(s, exp["cum_share"]) or _close(s, exp["cum_share"] * 100):
            return "这是累计占比。cum_revenue 要的是累计营业收入（万元），不要除以合计。"
        return None

    check_series(
        value["cum_revenue"], exp["cum_revenue"], label=Q3,
        what="cum_revenue 列（累计营业收入，万元）", hints=[cum_not_summed], ids=ids,
        valid=(0, None),
    )

    def not_divided(s: Any, e: Any) -> str | None:
        total = float(original["revenue"].sum())
        if _close(s, before_sort / total) or _close(s, before_sort / total * 100):
            return sort_first.format(col="cum_share")
        if _close(s, running / total) or _close(s, running / total * 100):
            return from_df.format(col="cum_share")
        if _close(s, exp["cum_revenue"]):
            return "这还是累计营业收入（万元）。累计占比 = 累计营业收入 ÷ 营业收入合计。"
        return None

    check_series(
        value["cum_share"], exp["cum_share"], label=Q3, what="cum_share 列（累计占比）",
        hints=[_text_percent, _nan_hint, not_divided, _rounded], ids=ids,
        upstream=[q2_total], valid=(0, 1),
    )
    by_hand("table38", Q3)
    passed(Q3, "检查的是 table38 里的小数；答案单元格显示的百分数只是换了一种写法。")


# --------------------------------------------------------------------------------------------
# question 4: A / B / C


def _explain_row(row: pd.Series, mine: str) -> str:
    cum = float(row["cum_share"])
    cls = str(row["abc_class"])
    if cls == "A":
        why = f"不超过 {A_LIMIT:.0%}"
    elif cls == "B":
        why = f"大于 {A_LIMIT:.0%}、不超过 {B_LIMIT:.0%}"
    else:
        why = f"大于 {B_LIMIT:.0%}"
    return (
        f"客户 {row['customer']}：排第 {row['rank']} 位，累计占比 {_pct(cum)}，{why}，"
        f"应为 {cls} 类（你写的是 {mine}）"
    )


def _tie_note(exp: pd.DataFrame, customer: Any) -> str | None:
    """Why two customers with the same revenue can end up in different classes."""
    row = exp.loc[exp["customer"] == customer].iloc[0]
    same = exp[(exp["revenue"] == row["revenue"]) & (exp["abc_class"] != row["abc_class"])]
    if same.empty:
        return None
    pair = exp[exp["revenue"] == row["revenue"]].sort_values("rank")
    parts = "；".join(
        f"客户 {r['customer']} 排第 {r['rank']} 位，累计到 {_pct(r['cum_share'])}，是 "
        f"{r['abc_class']} 类"
        for _, r in pair.iterrows()
    )
    codes = " 和 ".join(str(c) for c in pair["customer"])
    return (
        f"客户 {codes} 的营业收入都是 {row['revenue']:g} 万元。按本课程的约定，收入相同的按"
        f"表 3-7 的顺序排（编号小的在前），再逐行看累计占比，所以{parts}。"
        "这一题按约定分；两人在管理上怎样对待，练习 6 定标准时再决定。"
    )


def _crossing_rule(exp: pd.DataFrame) -> dict[Any, str]:
    """The classes a student gets by judging each row by the cumulative share *before* it:
    that is the class of the row above (the first row is A either way)."""
    shifted = ["A", *exp["abc_class"].astype(str).tolist()[:-1]]
    return dict(zip(exp["customer"], shifted))


def _classify(values: Any, a: float, b: float) -> list[str]:
    v = np.asarray(values, dtype="float64")
    with np.errstate(invalid="ignore"):
        return np.where(v <= a, "A", np.where(v <= b, "B", "C")).tolist()


def _compared_wrong_column(tiers: pd.DataFrame, labels: list[str]) -> str | None:
    """The student's labels are exactly what comparing another column (or the right column with
    limits in the other notation) with the limits gives: say which."""
    causes = []
    for col in ("share", "cum_share", "revenue", "cum_revenue"):
        v = _as_float_array(tiers[col]) if col in tiers.columns else None
        if v is None or np.isnan(v).any():
            continue
        percent = bool(np.nanmax(v) > 1.5)
        for a, b, limits in ((A_LIMIT, B_LIMIT, "0.80、0.95"), (A_LIMIT * 100, B_LIMIT * 100, "80、95")):
            if _classify(v, a, b) != labels:
                continue
            if col == "share":
                causes.append("拿每位客户自己的占比 share（不是累计占比）去比")
            elif col in ("revenue", "cum_revenue"):
                causes.append(f"拿营业收入 {col}（万元）去比")
            elif percent and a < 1:
                causes.append("拿百分数的 cum_share（0–100）和小数 0.80、0.95 比")
            elif not percent and a > 1:
                causes.append("拿小数的 cum_share（0–1）和 80、95 比")
    if not causes:
        return None
    return (
        "你的类别正好是" + "，或者".join(dict.fromkeys(causes)) + "得到的结果。"
        "分类要看累计占比 cum_share，而且两边要用同一种写法：cum_share 是小数，"
        "界限就写 0.80 和 0.95，例如 A 类是 tiers[\"cum_share\"] <= 0.80。"
    )


def _q4_lead(tiers: pd.DataFrame, exp: pd.DataFrame, mine: dict[str, str]) -> str | None:
    """The cause of wrong classes, when it can be recognised."""
    labels = [mine[str(c)] for c in tiers["customer"]]
    if "cum_share" in tiers.columns and _nan_count(tiers["cum_share"]):
        n = _nan_count(tiers["cum_share"])
        return (
            f"tiers 的 cum_share 列里有 {n} 个缺失值 NaN。NaN 和任何数比较（例如 <= 0.80）"
            "结果都是 False，所以这些客户一个条件也不满足，都落进了最后一类。NaN 来自 cum_share 的"
            "计算：除数要是一个数（营业收入合计），不能是一整列或一张表（例如 df.sum()）。"
        )
    order = [str(c) for c in tiers["customer"]]
    if order == [str(c) for c in _data()["customer"]] and order != [
        str(c) for c in exp["customer"]
    ]:
        return (
            "你的 tiers 里客户还是表 3-7 的原始顺序（客户 1、2、3……），不是 table38 排好序的"
            "顺序，所以它不是从 table38 复制来的。累计占比只有在排好序的表上才有意义；"
            "如果类别是按 table38 的顺序算出来、再贴到这张表上的，每一行就对错了客户。"
            "请从排好序的表开始：tiers = table38.copy()，再在 tiers 上分类。"
        )
    by_column = _compared_wrong_column(tiers, labels)
    if by_column:
        return by_column
    cum = exp["cum_share"].to_numpy(dtype=float)
    right = dict(zip(exp["customer"].astype(str), exp["abc_class"].astype(str)))
    ordered = [mine[str(c)] for c in exp["customer"]]
    if "A" not in ordered and ordered == ["B" if x <= B_LIMIT else "C" for x in cum]:
        return (
            "没有一位客户是 A 类：条件的先后反了。先判断 <= 0.95 的话，累计 37% 的客户也满足它，"
            "就直接成了 B 类，轮不到 A。用 np.where 时先判断 A（<= 0.80），再判断 B；"
            "用 .loc 逐类改时要先改 B、最后改 A，因为后写的会覆盖先写的。"
        )
    if "C" not in ordered and ordered == ["A" if x <= A_LIMIT else "B" for x in cum]:
        return (
            "没有一位客户是 C 类：B 类的条件只写了“超过 80%”，累计超过 95% 的客户也满足它。"
            "B 类要同时满足两条：(tiers[\"cum_share\"] > 0.80) & (tiers[\"cum_share\"] <= 0.95)；"
            "或者像例题那样用两层 np.where，先挑出 A，剩下的再分 B 和 C。"
        )
    if all(mine[str(c)] == k for c, k in _crossing_rule(exp).items()) and any(
        mine[c] != right[c] for c in right
    ):
        last_a = exp[exp["abc_class"] == "A"].iloc[-1]
        first_b = exp[exp["abc_class"] == "B"].iloc[0]
        return (
            "你把“刚刚越过界限”的那一位也算进了上一类。规则看的是加上这一位以后的"
            f"累计占比：客户 {last_a['customer']} 加进来是 {_pct(last_a['cum_share'])}，"
            f"没超过 {A_LIMIT:.0%}，是 A 类；客户 {first_b['customer']} 加进来变成 "
            f"{_pct(first_b['cum_share'])}，已经超过 {A_LIMIT:.0%}，就属于 B 类。"
            "B、C 的分界同理。"
        )
    if set(labels) == {"A"}:
        return (
            "全部都分进了 A 类，说明 A 类的条件对每一行都成立。是不是拿每位客户自己的占比 share "
            "去比（每个都不超过 80%），或者拿小数的累计占比和 80、95 比？"
            "要用 cum_share 和 0.80、0.95 比。"
        )
    if set(labels) == {"C"}:
        return (
            "全部都分进了 C 类，说明 A、B 的条件一次也没有成立。检查比较的那一列和写法："
            "要用累计占比 cum_share（小数），界限写 0.80 和 0.95；如果 cum_share 里是 NaN，"
            "先回到练习 3 把它算对。"
        )
    return None


def _table38_upstream() -> list:
    """The checks of the exercises table 3-8 rests on, in lesson order: the total, the table."""
    return [q2_total, q3_table]


def q4_classes(answer: Any = MISSING) -> None:
    """Check ``tiers``: each customer's class by the course's 80% / 95% rule (by hand)."""
    __tracebackhide__ = True
    value = get_answer("tiers", Q4, answer)
    check_columns(value, ["customer", "abc_class"], label=Q4, what="tiers")
    exp = expected_table()
    customers = value["customer"].tolist()
    if len(value) != len(exp) or sorted(map(str, customers)) != sorted(
        map(str, exp["customer"])
    ):
        _blame_earlier(Q4, _table38_upstream())
        fail(
            Q4,
            f"tiers 应该正好包含 {len(exp)} 位客户（1–14 各一次），你的表有 {len(value)} 行，"
            f"客户编号是 {customers}。",
            "从 table38 复制一份再加一列：tiers = table38.copy()。",
        )
    labels = [str(x) for x in value["abc_class"].tolist()]
    odd = sorted(set(labels) - {"A", "B", "C"})
    if odd:
        hint = (
            "类别只能写成大写字母 \"A\"、\"B\"、\"C\"（带引号的文字），"
            "不要写成 \"A类\"、小写或数字。"
        )
        if any(x != x.strip() and x.strip() in ("A", "B", "C") for x in odd):
            hint = (
                "有的类别前后多了空格（例如 \"A \"）。空格也算一个字符，"
                "之后用 tiers[\"abc_class\"] == \"A\" 筛选时会找不到这些客户。" + hint
            )
        fail(Q4, f"abc_class 列里出现了 A、B、C 以外的值：{odd}。", hint)
    expected = dict(zip(exp["customer"].astype(str), exp["abc_class"].astype(str)))
    mine = dict(zip(map(str, customers), labels))
    wrong = exp[[mine[str(c)] != expected[str(c)] for c in exp["customer"]]]
    if not wrong.empty:
        try:
            _blame_earlier(Q4, _table38_upstream())
        except CheckFailed as err:
            n = _nan_count(value["cum_share"]) if "cum_share" in value.columns else 0
            if not n:
                raise
            fail(
                Q4,
                err.problem,
                f"tiers 的 cum_share 里有 {n} 个缺失值 NaN，它和 0.80、0.95 比较的结果总是 False，"
                "所以这些客户都落进了最后一类。NaN 是从前面的练习带过来的。" + (err.hint or ""),
                where=err.where,
            )
        rows = [_explain_row(r, mine[str(r["customer"])]) for _, r in wrong.head(4).iterrows()]
        more = f"……共 {len(wrong)} 位" if len(wrong) > 4 else ""
        lead = _q4_lead(value, exp, mine)
        notes = [n for n in (_tie_note(exp, c) for c in wrong["customer"]) if n]
        hint = "；".join(rows) + more + "。"
        if lead:
            hint = lead + "逐行看：" + hint
        if notes and len(wrong) <= 3:
            hint += notes[0]
        hint += f"（{_rule()}。）"
        fail(Q4, f"有 {len(wrong)} 位客户的类别不对。", hint)
    by_hand("tiers", Q4)
    passed(Q4)


# --------------------------------------------------------------------------------------------
# question 5: figure 3-5 drawn with matplotlib


def _numbers(values: Any) -> np.ndarray | None:
    try:
        arr = np.asarray(values, dtype="float64").ravel()
    except (TypeError, ValueError):
        return None
    return arr


def _lines(ax) -> list:
    """Every line with several points on the figure of ``ax`` (reference lines dropped)."""
    found = []
    for axes in ax.figure.axes:
        for line in axes.lines:
            y = _numbers(line.get_ydata(orig=False))
            x = _numbers(line.get_xdata(orig=False))
            if y is None or x is None or y.size < 3:
                continue
            found.append((axes, x, y))
    return found


def _match(y: np.ndarray, target: np.ndarray) -> bool:
    if y.size == target.size + 1 and abs(y[0]) < 1e-9:  # a curve that starts at the origin
        y = y[1:]
    if y.size != target.size:
        return False
    return bool(
        np.allclose(y, target, atol=6e-4, rtol=0) or np.allclose(y, target * 100, atol=0.06, rtol=0)
    )


def _tick_labels(ax) -> list[tuple[float, str]]:
    def read():
        pos = _numbers(ax.get_xticks())
        texts = [t.get_text() for t in ax.get_xticklabels()]
        if pos is None or len(texts) != len(pos):
            return []
        return list(zip(pos.tolist(), texts))

    ticks = read()
    if not any(t for _, t in ticks):
        with contextlib.suppress(RuntimeError, TypeError, ValueError):
            ax.figure.canvas.draw()  # tick labels of some plots are only set when drawn
        ticks = read()
    return ticks


def _figure_hint_no_line(ax, exp: pd.DataFrame) -> str:
    lines = _lines(ax)
    if not lines:
        if any(len(a.patches) for a in ax.figure.axes):
            return (
                "图上只有柱形 (bar)，没有折线。图 3-5 是一条折线："
                "用 ax35.plot(横坐标, 累计占比)。"
            )
        return "图上找不到折线。先用 ax35.plot(横坐标, 纵坐标) 画出累计占比曲线。"
    orig = _data()
    unsorted_cum = orig["revenue"].cumsum() / orig["revenue"].sum()
    candidates = {
        "share": (
            exp["share"],
            "你画的是每位客户自己的占比 share，图 3-5 要画累计占比 cum_share。",
        ),
        "unsorted": (
            unsorted_cum,
            "你画的累计占比是按表 3-7 的原始顺序累加的。要用排好序的 table38 里的 cum_share。",
        ),
    }
    for _, _x, y in lines:
        for target, text in candidates.values():
            if _match(y, np.asarray(target, dtype=float)):
                return text
        for money in (exp["revenue"], exp["cum_revenue"]):
            if y.size == len(exp) and _close(y, money):
                return (
                    "你画的是营业收入（万元），纵轴要画累计占比 cum_share"
                    "（小数或百分数都可以）。"
                )
    return (
        "图上的折线和累计占比对不上。纵坐标要用 table38[\"cum_share\"]（或乘以 100 变成百分数），"
        "按 table38 的顺序画。"
    )


_NEW_FIGURE = {"subplots", "figure", "subplot", "add_subplot", "subplot_mosaic"}


def _not_redefined() -> None:
    """Fail when the cell run just before this check drew a new figure without assigning
    ``ax35``: the variable then still holds an Axes from an earlier attempt."""
    __tracebackhide__ = True
    import ast

    inputs = _feedback._user_ns().get("In")
    if not isinstance(inputs, list) or len(inputs) < 3:
        return
    tree = _parse(inputs[-2])
    if tree is None or "ax35" in _assigned(tree):
        return
    draws = any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _NEW_FIGURE
        for node in ast.walk(tree)
    )
    if draws and "ax35" not in _feedback._user_ns():
        fail(
            Q5,
            "还没有找到变量 ax35：你刚才运行的单元格画了一张图，但坐标轴起了别的名字"
            "（例如写成了 fig, ax = ……）。",
            "检查只认名字叫 ax35 的坐标轴：把答案单元格里的写法改成 fig, ax35 = plt.subplots(...)，"
            "后面画线、标编号也都用 ax35，再运行答案单元格和这个检查。",
        )
    if draws:
        fail(
            Q5,
            "你刚才运行的单元格画了一张新图，但没有把坐标轴存进 ax35（例如写成了 fig, ax = ……）。"
            "ax35 里还是以前的坐标轴，检查看到的不是你刚画的图。",
            "把答案单元格里的坐标轴名字改成 ax35：fig, ax35 = plt.subplots(...)，"
            "后面画线、标编号也都用 ax35，再运行答案单元格和这个检查。",
        )


def _reference_lines_hint(ax, y: np.ndarray) -> str | None:
    """Horizontal reference lines drawn on another scale than the curve (80 on a 0-1 curve)."""
    fraction = float(np.nanmax(y)) <= 1.5
    off = []
    for axes in ax.figure.axes:
        for line in axes.lines:
            ys = _numbers(line.get_ydata(orig=False))
            if ys is None or ys.size == 0 or ys.size > 2 or not np.allclose(ys, ys[0]):
                continue
            level = float(ys[0])
            if (fraction and level > 1.5) or (not fraction and 0 < level <= 1.0):
                off.append(level)
    if not off:
        return None
    levels = "、".join(_fmt(v) for v in off)
    if fraction:
        return (
            f"你的折线是小数（0–1），参考线却画在 {levels}，远在折线上方，图上看不出谁越过了界限。"
            "两边要用同一种写法：参考线画在 0.8 和 0.95，或者把折线乘以 100 变成百分数。"
        )
    return (
        f"你的折线是百分数（0–100），参考线却画在 {levels}，贴在横轴上。"
        "两边要用同一种写法：参考线画在 80 和 95，或者折线不乘 100。"
    )


def q5_figure(answer: Any = MISSING) -> None:
    """Check ``ax35``: a line of the cumulative shares with the customer codes as tick labels."""
    __tracebackhide__ = True
    if answer is MISSING:
        _not_redefined()
    value = get_answer("ax35", Q5, answer)
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    if isinstance(value, Figure):
        fail(
            Q5,
            "ax35 是整张图 (Figure)，这里要的是坐标轴 (Axes)。",
            "用 fig, ax35 = plt.subplots() 创建，再在 ax35 上画图。",
        )
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], Line2D):
        fail(
            Q5,
            "ax35 是 plot(...) 返回的线条列表，不是坐标轴 (Axes)。",
            "先写 fig, ax35 = plt.subplots()，再写 ax35.plot(...)，不要写 ax35 = ax.plot(...)。",
        )
    if not isinstance(value, Axes):
        fail(Q5, f"ax35 应该是 matplotlib 的坐标轴 (Axes)，你的答案是{_fmt(value)}。",
             "用 fig, ax35 = plt.subplots() 创建坐标轴。")
    exp = expected_table()
    cum = exp["cum_share"].to_numpy(dtype=float)
    hit = next(((a, x, y) for a, x, y in _lines(value) if _match(y, cum)), None)
    if hit is None:
        _blame_earlier(Q5, _table38_upstream())
        fail(Q5, "图上没有找到累计占比那条折线。", _figure_hint_no_line(value, exp))
    x = hit[1]
    if x.size == cum.size + 1:
        x = x[1:]
    codes = [str(c) for c in exp["customer"]]
    if np.any(np.diff(x) <= 0):
        hint = "横坐标要从左到右依次是第 1、2、3……位客户：用 range(14) 作横坐标。"
        if _close(np.sort(x), np.sort(exp["customer"].to_numpy(dtype=float))):
            hint = (
                "你把客户编号当成数字作横坐标，点就按 1–14 的大小乱序排开了。"
                "横坐标用位置 range(14)，再用 ax35.set_xticks(range(14), 客户编号文字) 标上编号。"
            )
        _blame_earlier(Q5, _table38_upstream())
        fail(Q5, "折线的点没有从左到右按 table38 的顺序排列。", hint)
    ticks = _tick_labels(value)
    at_points = []
    for xi in x:
        near = [t for p, t in ticks if abs(p - xi) < 1e-6]
        at_points.append(near[0] if near else "")
    found = [re.findall(r"\d+", t) for t in at_points]
    got = [c if c in f else (f[0] if f else "") for c, f in zip(codes, found)]
    if got != codes:
        if not all(got):
            missing = sum(1 for g in got if not g)
            shown = [(xi, t.strip().replace("\u2212", "-")) for xi, t in zip(x, at_points)]
            automatic = [t for xi, t in shown if t and t == f"{xi:g}"]
            auto_note = (
                f"横轴下面现在的 {'、'.join(automatic[:3])}……是 matplotlib 自动标的刻度，"
                "表示点的位置（第几个点），不是客户编号，而且只标了一部分点。"
                if automatic and len(automatic) == sum(1 for _, t in shown if t)
                else ""
            )
            hint = auto_note + (
                f"有 {missing} 个点下面没有客户编号。用 ax35.set_xticks(横坐标, 标签) 在每个点下面"
                "标出客户编号，例如 ax35.set_xticks(range(14), table38[\"customer\"].astype(str))。"
            )
        elif got == [str(c) for c in _data()["customer"]]:
            hint = (
                "横轴从左到右标的是 1、2、3……14，这是表 3-7 里客户原来的顺序"
                "（例如用了 df[\"customer\"]），和折线上的点对不上：第 1 个点是营业收入最大的"
                f"客户 {codes[0]}，下面却标着 1。标签的顺序要和纵坐标一样，取自排好序的 table38。"
            )
        elif got == [str(i) for i in range(len(codes))]:
            hint = (
                "横轴标的是位置 (0、1、2……)，图 3-5 要标客户编号："
                "标签用 table38[\"customer\"]。"
            )
        elif sorted(got, key=int) == sorted(codes, key=int):
            hint = (
                "横轴的客户编号顺序和折线上的点对不上：第 1 个点是营业收入最大的客户 "
                f"{codes[0]}，它下面就要标 {codes[0]}。标签和纵坐标要取自同一张排好序的 table38："
                "ax35.set_xticks(range(14), table38[\"customer\"].astype(str))。"
            )
        else:
            hint = f"横轴标签依次应该是 {'、'.join(codes)}；你的是 {'、'.join(got)}。"
        _blame_earlier(Q5, _table38_upstream())
        fail(Q5, "横轴 (x axis) 上的客户编号不对。", hint)
    ref = _reference_lines_hint(value, hit[2])
    if ref:
        fail(Q5, "80% 和 95% 两条参考线和累计占比折线不在同一个刻度上。", ref)
    try:
        by_hand("ax35", Q5, forbidden=FIGURE_FORBIDDEN)
    except AssertionError as err:  # the same finding, with a hint about drawing, not pandas
        problem = str(err).split("问题：", 1)[-1].split("\n", 1)[0]
        fail(
            Q5,
            problem.replace("自己动手计算", "自己动手画图").replace("计算 ax35", "画 ax35"),
            "请用 matplotlib 自己画：fig, ax35 = plt.subplots()，再用 ax35.plot(...) 和 "
            "ax35.set_xticks(...)。cl.plot_pareto 画的标准图在这道题后面给你对照。",
        )
    passed(Q5)


# --------------------------------------------------------------------------------------------
# question 6: table 3-9


def _class_col(df: pd.DataFrame) -> str | None:
    for col in df.columns:
        if [str(x).strip() for x in df[col].tolist()] == ["A", "B", "C"]:
            return str(col)
    return None


def _limits_fit(classes: dict[str, str], top: float, mid: float) -> bool:
    """Whether A and B revenue limits ``top`` and ``mid`` separate the classes ``classes``
    (customer code -> class) of table 3-7: every customer meets its own class's limit and no
    customer meets the limit of a class above its own (equal revenues on both sides excepted)."""
    revenue = dict(zip(_data()["customer"].astype(str), _data()["revenue"]))
    by_class = {k: [revenue[c] for c, x in classes.items() if x == k and c in revenue] for k in "ABC"}
    if not all(by_class.values()):
        return False
    tied = set(by_class["B"]) & set(by_class["C"])
    b_only = [r for r in by_class["B"] if r not in tied] or by_class["B"]
    c_only = [r for r in by_class["C"] if r not in tied] or [0]
    return max(by_class["B"]) < top <= min(by_class["A"]) and max(c_only) < mid <= min(b_only)


def _blame_own_classes(top: float, mid: float) -> None:
    """Name exercise 4 when the limits fit the student's own (wrong) classes of ``tiers``."""
    __tracebackhide__ = True
    try:
        tiers = get_answer("tiers", Q4)
        classes = dict(zip(map(str, tiers["customer"]), (str(x).strip() for x in tiers["abc_class"])))
    except Exception:  # noqa: BLE001 - no usable tiers: nothing to blame
        return
    exp = expected_table()
    right = dict(zip(exp["customer"].astype(str), exp["abc_class"].astype(str)))
    if classes != right and _limits_fit(classes, top, mid):
        blame_upstream(Q6, [*_table38_upstream(), q4_classes])


def q6_table39(answer: Any = MISSING) -> None:
    """Check ``table39``: rows A, B, C; criteria and contact falling from A to C; A followed up."""
    __tracebackhide__ = True
    value = get_answer("table39", Q6, answer)
    if not isinstance(value, pd.DataFrame):
        fail(Q6, f"table39 应该是一张表 (DataFrame)，你的答案是{_fmt(value)}。",
             "用 pd.DataFrame({列名: [A, B, C 三个值], ...}, index=[\"A\", \"B\", \"C\"]) 建表。")
    index = [str(x) for x in value.index]
    columns = [str(c).strip() for c in value.columns]
    if index != ["A", "B", "C"] and columns == ["A", "B", "C"]:
        fail(
            Q6,
            "table39 是横过来的：A、B、C 成了列名，标准和措施成了行标签。",
            "题目要的是每类客户一行：A、B、C 是行标签，五项标准和措施是列名。"
            "把表转过来：在建好的表后面加上 .T（转置, transpose）；"
            "或者重新建表，让字典的键是五个列名。",
        )
    if index != ["A", "B", "C"]:
        col = _class_col(value)
        hint = (
            f"类别在 {col!r} 列里：用 table39 = table39.set_index({col!r}) 把它变成行标签。"
            if col
            else "建表时加上 index=[\"A\", \"B\", \"C\"]，三行依次是 A、B、C 类。"
        )
        fail(Q6, f"table39 的行标签 (index) 应该依次是 A、B、C，你的是 {index}。", hint)
    _spaced_columns(value, TABLE39_COLUMNS, Q6, "table39")
    check_columns(value, TABLE39_COLUMNS, label=Q6, what="table39")
    limits = {
        k: as_number(value.loc[k, "年均交易额下限"], Q6, f"{k} 类的“年均交易额下限”")
        for k in ("A", "B", "C")
    }
    whole = float(_data()["revenue"].sum())
    if any(v > whole for v in limits.values()):
        fail(
            Q6,
            "“年均交易额下限”里 "
            + "、".join(f"{k} 类的 {_plain(v)}" for k, v in limits.items() if v > whole)
            + f" 比 14 位客户的营业收入合计 {_plain(whole)} 万元还多，没有一位客户够得上。",
            "这一列的单位是万元，和表 3-7 的营业收入一样（740 就是 740 万元）。"
            "如果你是按元写的，要换算成万元：1 万元 = 10000 元。",
        )
    for col in TABLE39_NUMERIC:
        for cls in ("A", "B", "C"):
            x = as_number(value.loc[cls, col], Q6, f"{cls} 类的“{col}”")
            if x < 0:
                fail(Q6, f"{cls} 类的“{col}”是负数 {_plain(x)}。", "次数和金额都不能小于 0。")
        a, b, c = (float(value.loc[k, col]) for k in ("A", "B", "C"))
        if not a > b > c:
            fail(
                Q6,
                f"“{col}”应该从 A 到 B 到 C 逐级减少（A > B > C），你的是 "
                f"A = {_plain(a)}、B = {_plain(b)}、C = {_plain(c)}。",
                "A 类客户贡献最大，标准最高、联系最勤；C 类最少。三类也不能相同。",
            )
    top = float(value.loc["A", "年均交易额下限"])
    mid = float(value.loc["B", "年均交易额下限"])
    rev = expected_table()
    revenue_of = {k: rev.loc[rev["abc_class"] == k, "revenue"] for k in ("A", "B", "C")}
    smallest_a = revenue_of["A"].min()
    largest_b = revenue_of["B"].max()
    # equal revenues split by the B/C line (customers 10 and 12) may go either way
    tied = set(revenue_of["B"]) & set(revenue_of["C"])
    b_only = rev[(rev["abc_class"] == "B") & ~rev["revenue"].isin(tied)]
    c_only = rev[(rev["abc_class"] == "C") & ~rev["revenue"].isin(tied)]
    smallest_b, largest_c = b_only["revenue"].min(), c_only["revenue"].max()

    def who(t: pd.DataFrame, amount: float) -> str:
        return "、".join(str(c) for c in t.loc[t["revenue"] == amount, "customer"])

    if not largest_b < top <= smallest_a:
        _blame_own_classes(top, mid)
        fail(
            Q6,
            f"A 类的年均交易额下限 {_plain(top)} 万元和第 4 题的分类对不上。",
            f"A 类里最小的客户是 {_plain(smallest_a)} 万元，B 类里最大的是 {_plain(largest_b)} 万元："
            f"A 类的下限要大于 {_plain(largest_b)}、不超过 {_plain(smallest_a)}，这样 A 类客户都够得上，"
            "B 类客户都够不上。",
        )
    tie_note = "".join(
        f"（客户 {who(rev, t)} 都是 {_plain(t)} 万元，可以一起算 B 类，也可以一起算 C 类。）"
        for t in sorted(tied)
    )
    if mid > smallest_b:
        _blame_own_classes(top, mid)
        fail(
            Q6,
            f"B 类的年均交易额下限 {_plain(mid)} 万元太高了。",
            f"B 类的客户 {who(b_only, smallest_b)} 只有 {_plain(smallest_b)} 万元，下限不能高于它，"
            f"否则他们够不上自己这一类的标准。{tie_note}",
        )
    if mid <= largest_c:
        _blame_own_classes(top, mid)
        fail(
            Q6,
            f"B 类的年均交易额下限 {_plain(mid)} 万元太低了。",
            f"C 类的客户 {who(c_only, largest_c)} 有 {_plain(largest_c)} 万元，B 类的下限要高于它，"
            f"否则 C 类客户也够得上 B 类的标准。{tie_note}",
        )
    calls = float(value.loc["A", "每年电话联系次数"])
    visits = float(value.loc["A", "每年拜访次数"])
    if calls > MAX_CALLS:
        fail(Q6, f"A 类每年电话联系 {_plain(calls)} 次，超过了一年的天数。",
             "每天一次也只有 365 次。按“每周一次”“每月两次”这样的频率换算成一年的次数。")
    if visits > MAX_VISITS:
        fail(Q6, f"A 类每年拜访 {_plain(visits)} 次太多了。",
             "拜访要上门见面，比电话少得多：每周一次也只有 52 次，课本里是每几个月一次。")
    for col, how in (("每年电话联系次数", "每隔一段时间打一次"), ("每年拜访次数", "每隔几个月拜访一次")):
        if float(value.loc["C", col]) < 1:
            fail(
                Q6,
                f"C 类的“{col}”是 {_plain(float(value.loc['C', col]))}，一年里一次也没有。",
                f"课本对 C 类客户也要求{how}：C 类可以联系得最少，但每年至少 1 次。",
            )
    flags = value[TABLE39_FLAG].tolist()
    if not all(isinstance(f, (bool, np.bool_)) for f in flags):
        fail(
            Q6,
            f"“{TABLE39_FLAG}”一列应该是真/假值 (True/False)，你的是 {flags}。",
            "不要加引号，写 True 或 False，不要写 \"是\"/\"否\"。",
        )
    if not bool(value.loc["A", TABLE39_FLAG]):
        fail(Q6, "A 类客户没有安排专人跟进。",
             "A 类客户是最有价值的大客户，课本要求专人联系、专人收集信息：A 类填 True。")
    passed(Q6, "具体数字是管理上的选择，没有唯一的标准答案，老师还会看是否合理。")
