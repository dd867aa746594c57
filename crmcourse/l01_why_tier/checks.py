"""Public checks for lesson 01 为什么要分级 (``crmcourse.l01_why_tier.checks``).

The travel company (``travel_members``, ``travel_orders``):

* ``q1_tiers()``: a function ``tier_of(points, good_credit)`` written by hand, and ``tiers``, the
  tier of each of the 200 members in the order of the members table;
* ``q2_review_points()``: ``review_points``, every member's points from the orders of the 365
  days before the review date 2025-07-01 (day itself excluded), indexed by ``member_id``;
* ``q3_review_tiers()``: ``review_tiers``, every member's tier at that review, by ``member_id``.

The shop (``retail_tx``):

* ``q4_pareto_table()``: ``pareto_table``, one row per customer sorted by value (largest first)
  with ``customer_id``, ``value``, ``cum_count_share`` and ``cum_value_share``;
* ``q5_top_share()``: ``top20_share``, the value share of the top 20% of customers.

The service budget:

* ``q6_budget()``: ``budget_weighted``, the budget (元) of each member tier when 20000 元 are
  spread with the weights 钻石 8, 铂金 4, 黄金 2, 普通 1 per member.

Every exercise is done by hand: the checks use :func:`~crmlab.feedback.checks.by_hand`, and the
expected answers come from :func:`crmlab.member_tier`, :func:`crmlab.retier`,
:func:`crmlab.concentration` and :func:`crmcourse.l01_why_tier.formulas.budget_split`.

An answer built on an earlier one names that exercise first when the earlier one is wrong:
``q3`` builds on ``review_points`` (q2) and, when it used it, ``tier_of`` (q1); ``q5`` builds on
``pareto_table`` (q4).
"""

from __future__ import annotations

import ast
import itertools
import math
from typing import Any

import numpy as np
import pandas as pd

from crmlab import datasets
from crmlab.concentration import concentration
from crmlab.feedback.checks import (
    MISSING,
    _close,
    _defining_cell,
    _fmt,
    _parse,
    as_number,
    blame_upstream,
    by_hand,
    check_columns,
    check_number,
    check_series,
    fail,
    get_answer,
    passed,
    percent_not_fraction,
)
from crmlab.membership import TIER_THRESHOLDS, member_tier, retier
from crmlab.pyramid import tier_sizes

from .formulas import DEFAULT_WEIGHTS, budget_split

Q1 = "第 1 题 (q1_tiers)"
Q2 = "第 2 题 (q2_review_points)"
Q3 = "第 3 题 (q3_review_tiers)"
Q4 = "第 4 题 (q4_pareto_table)"
Q5 = "第 5 题 (q5_top_share)"
Q6 = "第 6 题 (q6_budget)"

TIER_NAMES = ("钻石", "铂金", "黄金", "普通")
REVIEW_DATE = pd.Timestamp("2025-07-01")
WINDOW_DAYS = 365
TOP = 0.2
BUDGET = 20000
WEIGHTS = dict(DEFAULT_WEIGHTS)

#: (points, good_credit) tried on the student's tier_of: ordinary cases first, then the
#: thresholds, then bad credit.
EDGE_CASES = (
    (5000, True), (50, True), (800, True), (20000, True),
    (300, True), (3000, True), (10000, True), (299, True), (2999, True), (9999, True),
    (18500, False), (3000, False), (500, False), (0, True),
)

_LOWER = {"钻石": "铂金", "铂金": "黄金", "黄金": "普通"}
_AT = {300: "黄金", 3000: "铂金", 10000: "钻石"}
#: Texts a student may compare good_credit with instead of using the True/False itself.
_CREDIT_TEXTS = ("True", "true", "TRUE", "良好", "是")


def _members() -> pd.DataFrame:
    return datasets.load_dataset("travel_members")


def _orders() -> pd.DataFrame:
    return datasets.load_dataset("travel_orders")


def _show(label: Any) -> str:
    """An index label as the student would write it: 0 for a number, 'M0001' for a text."""
    if isinstance(label, (bool, np.bool_)):
        return str(bool(label))
    if isinstance(label, (int, np.integer)):
        return str(int(label))
    if isinstance(label, (float, np.floating)):
        return str(float(label))
    return repr(str(label)) if isinstance(label, (str, np.str_)) else repr(label)


def _labels(values) -> list[str]:
    return [str(v) for v in pd.Series(values).tolist()]


# --------------------------------------------------------------------------------------------
# 1. the tier rule by hand


def _call(f: Any, points: float, good: bool) -> str | None:
    """The student's tier for one member, as text, or None when the function fails."""
    try:
        return str(f(points, good))
    except Exception:  # noqa: BLE001 - the student's code may raise anything
        return None


def _tier_hint(f: Any, points: float, good: bool, got: Any, expected: str) -> str:
    """The reason ``tier_of(points, good)`` returned ``got`` instead of ``expected``.

    Besides the failing case it tries the function on a few more members, to tell apart
    ``or`` for ``and``, a comparison written the wrong way round, the branches in the wrong
    order, a wrong last ``return``, ``>`` for ``>=``, a threshold one too low and a mistyped
    threshold.
    """
    text = str(got)
    if isinstance(got, str) and text.replace("会员", "").strip() == expected:
        return "等级名只写两个字：'钻石'、'铂金'、'黄金' 或 '普通'，后面不要加“会员”。"
    if text not in TIER_NAMES:
        return (
            "tier_of 应该返回四个等级名中的一个（文字 str）：'钻石'、'铂金'、'黄金' 或 '普通'。"
            "检查每个分支是不是都写了 return。"
        )
    zero_good, zero_bad = _call(f, 0, True), _call(f, 0, False)
    rich, middle = _call(f, 20000, True), _call(f, 5000, True)
    if good and rich == middle == _call(f, 800, True) == "普通":
        # every good-credit member treated as bad credit: good_credit compared with a text
        as_text = next((t for t in _CREDIT_TEXTS if _call(f, 20000, t) == "钻石"), None)
        if as_text is not None:
            return (
                f"信誉良好的会员也全成了普通会员：你的函数把 good_credit 和文字 {as_text!r} "
                "比较。good_credit 本身就是 True 或 False（布尔值 (bool)），不是文字，"
                "和带引号的文字比永远不相等。直接用 good_credit 当条件，"
                "或者和不带引号的 True 比较。"
            )
    if zero_good == "钻石" and rich == "钻石" and zero_bad == "普通":
        return (
            "tier_of(0, True) 也返回了 '钻石'：0 分的会员只是信誉良好，就当上了钻石。"
            "“积分够”和“信誉良好”要同时满足，两个条件之间用 and，不要用 or。"
        )
    if zero_good == "钻石" and rich != "钻石":
        return (
            "0 分的会员得了钻石，20000 分的会员反而不是钻石：比较符号写反了。"
            "积分“达到”10000 分才是钻石，写 points >= 10000，不要写 <=。"
        )
    if rich == middle == "黄金":
        return (
            "20000 分、5000 分的会员都只得了黄金：if 是从上往下一个一个判断的，"
            "这些会员也满足 >= 300，写在前面的黄金分支先 return 了。"
            "把钻石的判断写在最前面，然后是铂金、黄金，最后 return '普通'。"
        )
    if zero_good == zero_bad and zero_good not in (None, "普通"):
        return (
            f"0 分的会员应该是普通会员，你的函数返回了 {zero_good!r}。"
            "前面的条件都不满足时，函数最后一行应该是 return '普通'。"
        )
    if good and points in _AT and text == _LOWER.get(expected):
        return (
            f"正好 {points:,} 分就够当{expected}会员了（题目说“达到”{points:,} 分）。"
            "比较时用 >=（大于或等于），不要用 >。"
        )
    if good and points + 1 in _AT and text == _AT[points + 1]:
        return (
            f"{points:,} 分还差 1 分，不够 {points + 1:,}。"
            f"比较的界线要写 {points + 1}，不是 {points}。"
        )
    if not good and text != "普通":
        return (
            "信誉记录不良的会员，积分再高也只能是普通会员：钻石、铂金、黄金三级都要求"
            "“积分够”并且 (and)“信誉良好”。"
        )
    return (
        f"{points:,} 分、信誉良好的会员应该是{expected}。检查 if 里的三个界线有没有写错"
        "（数一数 0 的个数）：钻石 10000、铂金 3000、黄金 300，都用 >=。"
    )


def _error_hint(exc: Exception) -> str:
    """Why calling the student's ``tier_of`` raised ``exc``."""
    if isinstance(exc, NameError):
        name = str(getattr(exc, "name", None) or exc)
        tier = next((t for t in TIER_NAMES if t in name), None)
        if tier is not None:
            return (
                f"等级名是文字 (str)，要加引号：return '{tier}'，不是 return {tier}。"
                f"不加引号，Python 会把 {tier} 当成一个变量名去找，找不到就报 NameError。"
            )
        return (
            "函数里用到了一个 Python 不认识的名字。检查拼写：参数名要和 "
            "def tier_of(points, good_credit): 里写的一样；文字要加引号。"
        )
    if isinstance(exc, TypeError) and "argument" in str(exc):
        return "函数要接收两个值：积分 (points) 和信誉是否良好 (good_credit，True/False)。"
    return "先读一读上面的错误信息，再在答案单元格里自己调用一次，例如 tier_of(300, True)。"


def _check_tier_function(f: Any) -> None:
    __tracebackhide__ = True
    if not callable(f):
        fail(
            Q1,
            f"tier_of 应该是一个函数 (function)，现在它是 {_fmt(f)}。",
            "用 def tier_of(points, good_credit): 开头定义函数，函数里用 return 返回等级名。",
        )
    for points, good in EDGE_CASES:
        expected = member_tier(points, good)
        try:
            got = f(points, good)
        except Exception as exc:  # noqa: BLE001 - the student's code may raise anything
            fail(
                Q1,
                f"调用 tier_of({points}, {good}) 时出错：{type(exc).__name__}: {exc}",
                _error_hint(exc),
            )
        if isinstance(got, (str, np.str_)) and str(got) == expected:
            continue
        fail(
            Q1,
            f"tier_of({points}, {good}) 应该返回 {expected!r}，你的函数返回 {_fmt(got)}。",
            _tier_hint(f, points, good, got, expected),
        )


def _strict_tiers(points: pd.Series, good: pd.Series) -> list[str]:
    out = []
    for p, g in zip(points, good):
        if g and p > 10000:
            out.append("钻石")
        elif g and p > 3000:
            out.append("铂金")
        elif g and p > 300:
            out.append("黄金")
        else:
            out.append("普通")
    return out


def q1_tiers(answer: Any = MISSING, function: Any = MISSING) -> None:
    """Check ``tier_of`` on edge cases, then ``tiers`` on the 200 members (both by hand)."""
    __tracebackhide__ = True
    from crmlab.feedback.checks import _user_ns

    if function is MISSING and "tier_of" not in _user_ns():
        fail(
            Q1,
            "还没有找到变量 tier_of（你要写的函数）。",
            "先在上面的答案单元格里用 def tier_of(points, good_credit): 定义函数、算出 tiers，"
            "运行它（Shift+Enter），再运行这个检查单元格。如果你看到 NotImplementedError，"
            "说明答案单元格里的 raise NotImplementedError() 还没有删掉。",
        )
    f = get_answer("tier_of", Q1, function)
    _check_tier_function(f)
    by_hand("tier_of", Q1)

    value = get_answer("tiers", Q1, answer)
    members = _members()
    expected = pd.Series(_labels(member_tier(members["points"], members["good_credit"])))
    ignored = _labels(member_tier(members["points"], True))

    def credit_ignored(student, exp):
        if _labels(student) == ignored:
            return (
                "有的会员信誉不良（good_credit 是 False），他们只能是普通会员："
                "把信誉也传给 tier_of。"
            )
        return None

    def strict(student, exp):
        if _labels(student) == _strict_tiers(members["points"], members["good_credit"]):
            return "正好 300、3000、10000 分的会员也够格。用 >= 而不是 >。"
        return None

    def reordered(student, exp):
        s = _labels(student)
        if sorted(s) == sorted(exp.tolist()) and s != exp.tolist():
            return (
                "等级的个数都对，但顺序和 members 表不一致。不要先排序，"
                "按 members 表原来的行顺序给每位会员算等级。"
            )
        return None

    def suffixed(student, exp):
        if [t.replace("会员", "") for t in _labels(student)] == exp.tolist():
            return "等级名只写两个字：'钻石'、'铂金'、'黄金' 或 '普通'，后面不要加“会员”。"
        return None

    def swapped(student, exp):
        # tier_of passed the checks above, so all-普通 tiers come from the call, not the rule:
        # tier_of(good_credit, points) compares True/False with 300 and finds nobody.
        if set(_labels(student)) == {"普通"}:
            return (
                "tiers 里全是 '普通'，可是 tier_of 本身是对的。多半是调用时两个值的顺序反了："
                "tier_of 先要积分、后要信誉，zip 里也要先写 members[\"points\"]，"
                "再写 members[\"good_credit\"]，for 后面的两个名字也按这个顺序。"
            )
        return None

    check_series(
        value,
        expected,
        label=Q1,
        what="tiers（每位会员的等级）",
        hints=[credit_ignored, strict, reordered, suffixed, swapped],
        ids=members["member_id"],
        who="会员",
    )
    by_hand("tiers", Q1)
    passed(Q1, "边界上的会员（正好 300、3000、10000 分）和信誉不良的会员都算对了。")


# --------------------------------------------------------------------------------------------
# 2.-3. re-tiering at a review date


def _window_points(
    orders: pd.DataFrame,
    members: pd.DataFrame,
    lo: pd.Timestamp | None,
    hi: pd.Timestamp | None,
    *,
    lo_incl: bool = True,
    hi_incl: bool = False,
    column: str = "points",
    how: str = "sum",
) -> pd.Series:
    """A wrong (or right) way to total each member's points: used to recognise mistakes."""
    keep = pd.Series(True, index=orders.index)
    if lo is not None:
        keep &= orders["date"] >= lo if lo_incl else orders["date"] > lo
    if hi is not None:
        keep &= orders["date"] <= hi if hi_incl else orders["date"] < hi
    grouped = orders[keep].groupby("member_id")[column]
    total = grouped.size() if how == "size" else grouped.sum()
    return total.reindex(members["member_id"], fill_value=0).astype(float)


def _expected_review_points(orders: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    table = retier(
        orders, customer="member_id", date="date", points="points",
        credit=members.set_index("member_id")["good_credit"],
        start=REVIEW_DATE, end=REVIEW_DATE, window=WINDOW_DAYS,
    )
    table = table.set_index("member_id").reindex(members["member_id"])
    table["points_12m"] = table["points_12m"].fillna(0.0)
    table["tier"] = table["tier"].astype(object).where(table["tier"].notna(), "普通").astype(str)
    return table


def _by_member(
    value: Any, label: str, what: str, members: pd.DataFrame, missing_hint: str | None = None,
    index_hint: str | None = None,
) -> pd.Series:
    """The answer as a Series indexed by member_id, aligned to the members table."""
    __tracebackhide__ = True
    if value is None:
        fail(label, f"{what} 是 None（空值）。", "把计算结果赋给变量，而不是只 print 出来。")
    if isinstance(value, pd.DataFrame):
        if value.shape[1] == 1:
            value = value.iloc[:, 0]
        else:
            fail(
                label,
                f"{what} 应该是一列 (Series)，以会员编号 member_id 为索引；"
                f"你的答案是{_fmt(value)}。",
                "groupby(\"member_id\")[\"points\"].sum() 得到的就是这样一列；"
                "如果你做了一张表，用 表.set_index(\"member_id\")[\"列名\"] 取出一列。",
            )
    if isinstance(value, dict):
        value = pd.Series(value)
    if not isinstance(value, pd.Series):
        fail(
            label,
            f"{what} 应该是一列 (Series)，以会员编号 member_id 为索引；你的答案是{_fmt(value)}。",
            "如果你做出的是一个列表，用 pd.Series(列表, index=review_points.index) "
            "把它变成以会员编号为索引的一列。",
        )
    ids = members["member_id"].astype(str)
    index = pd.Index([str(i) for i in value.index])
    if index.has_duplicates:
        dup = index[index.duplicated()][0]
        fail(
            label,
            f"会员 {dup} 在 {what} 里出现了不止一次。",
            "每位会员只能有一行：按 member_id 分组汇总。",
        )
    missing = [m for m in ids if m not in set(index)]
    extra = [i for i in index if i not in set(ids)]
    if extra:
        if any(isinstance(i, tuple) for i in value.index):
            # reindex(members, ...) with the whole table: pandas makes one label of each row
            fail(
                label,
                f"{what} 的索引 (index) 不是会员编号，而是整行的内容，例如 {index[0]!r}。",
                "reindex 里要放会员编号那一列 members[\"member_id\"]，不是整张表 members。",
            )
        if len(value) == len(ids) and not set(index) & set(ids):
            numbered = list(value.index) == list(range(len(value)))
            fail(
                label,
                f"{what} 的索引 (index) 不是会员编号，例如第一个索引是 {_show(value.index[0])}。",
                (index_hint if numbered and index_hint else
                 "索引应该是 member_id。groupby(\"member_id\") 的结果就以会员编号为索引，"
                 "不要再 reset_index()。"),
            )
        first = next(i for i in value.index if str(i) not in set(ids))
        fail(label, f"{what} 里有不在会员表中的索引，例如 {_show(first)}。", "索引应该是 member_id。")
    if missing:
        fail(
            label,
            f"{what} 少了 {len(missing)} 位会员，例如 {missing[0]}。",
            missing_hint
            or "评级日之前 365 天里没有订单的会员也要有一行，积分是 0："
            "在 groupby 求和之后加上 .reindex(members[\"member_id\"], fill_value=0)。",
        )
    aligned = pd.Series(value.to_numpy(), index=index).reindex(ids)
    return aligned.reset_index(drop=True)


def q2_review_points(answer: Any = MISSING) -> None:
    """Check ``review_points``: points of the 365 days before 2025-07-01, per member."""
    __tracebackhide__ = True
    value = get_answer("review_points", Q2, answer)
    members, orders = _members(), _orders()
    student = _by_member(value, Q2, "review_points", members)
    expected = pd.Series(_expected_review_points(orders, members)["points_12m"].to_numpy())
    d, lo = REVIEW_DATE, REVIEW_DATE - pd.Timedelta(days=WINDOW_DAYS)

    variants = [
        (_window_points(orders, members, lo, d, hi_incl=True),
         "评级日当天（2025-07-01）的订单不算：条件写 date < review_date，不是 <=。"),
        (_window_points(orders, members, lo, d, lo_incl=False),
         "窗口的第一天（2024-07-01）的订单要算：条件写 date >= 起始日，不是 >。"),
        (_window_points(orders, members, lo, d, lo_incl=False, hi_incl=True),
         "窗口两头都错了一天：应该是 起始日 <= date < review_date。"),
        (_window_points(orders, members, d - pd.Timedelta(days=366), d),
         "窗口是 365 天：起始日 = review_date - pd.Timedelta(days=365)。"),
        (_window_points(orders, members, pd.Timestamp("2025-01-01"), d),
         "“近 12 个月”是评级日之前的 365 天（从 2024-07-01 起），不是今年 1 月 1 日以来。"),
        (members["points"].astype(float),
         ("这是 2025 全年（日历年，1 月 1 日到 12 月 31 日）的积分，也就是会员表里的当前积分。"
          "“近 12 个月”不是按年份 (year == 2025) 筛选，而是评级日之前的 365 天："
          "从 2024-07-01 到 2025-06-30。")),
        (_window_points(orders, members, pd.Timestamp("2025-01-01"), pd.Timestamp("2026-01-01")),
         "这是 2025 全年的积分。评级日是 2025-07-01，只能算它之前 365 天的订单。"),
        (_window_points(orders, members, None, d),
         "评级日之前的订单不能全算，只算最近 365 天的：再加一个条件 date >= 起始日。"),
        (_window_points(orders, members, None, None),
         "你把两年的订单全加起来了。只算评级日之前 365 天的订单。"),
        (_window_points(orders, members, lo, d, column="amount"),
         "你加的是订单金额 (amount)，题目要的是积分 (points) 那一列。"),
        (_window_points(orders, members, lo, d, how="size"),
         "你数的是订单的个数，题目要把积分 (points) 加起来：用 .sum()，不是 .size() 或 .count()。"),
    ]

    def window_mistake(s, e):
        for wrong, hint in variants:
            if not _close(wrong, e) and _close(s, wrong):
                return hint
        return None

    def missing_not_zero(s, e):
        gaps = pd.Series(s).isna().to_numpy()
        if gaps.any():
            first = members["member_id"].iloc[int(np.flatnonzero(gaps)[0])]
            return (
                f"有 {int(gaps.sum())} 位会员的积分是 NaN（缺失值），例如 {first}："
                "这段时间里没有订单的会员，积分应该记为 0。reindex 里要写上 fill_value=0，"
                "或者之后再用 .fillna(0)。"
            )
        return None

    def all_zero(s, e):
        numbers = pd.to_numeric(pd.Series(s), errors="coerce")
        if numbers.notna().all() and (numbers == 0).all():
            return (
                "所有会员的积分都是 0：筛选以后一笔订单也没留下，多半是起始日算错了。"
                "pd.Timedelta(365) 只是 365 纳秒 (nanoseconds)，“365 天”要写上 days=。"
                "先 print(start) 看看起始日是不是 2024-07-01。"
            )
        return None

    check_series(
        student,
        expected,
        label=Q2,
        what="review_points（每位会员评级日前 365 天的积分）",
        hints=[missing_not_zero, all_zero, window_mistake],
        ids=members["member_id"],
        valid=(0, None),
        who="会员",
    )
    by_hand("review_points", Q2)
    passed(Q2)


def _strict_thresholds(variable: str) -> list[int]:
    """Thresholds the cell that made ``variable`` compares with ``>`` (``x > 300``, ``300 < x``).

    No member sits exactly on a threshold at the 2025-07-01 review, so a strict rule still gives
    the right tiers there; this lets the check point the slip out anyway. Outside IPython there
    is no history and nothing is found.
    """
    from crmlab.feedback.checks import _user_ns

    inputs = _user_ns().get("In")
    if not isinstance(inputs, list) or len(inputs) < 2:
        return []
    cell = _defining_cell(inputs, variable, len(inputs) - 1)
    tree = _parse(inputs[cell]) if cell is not None else None
    if tree is None:
        return []
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        for op, left, right in zip(node.ops, sides, sides[1:]):
            for strict_op, number in ((ast.Gt, right), (ast.Lt, left)):
                if (isinstance(op, strict_op) and isinstance(number, ast.Constant)
                        and number.value in _AT):
                    found.add(int(number.value))
    return sorted(found)


def q3_review_tiers(answer: Any = MISSING) -> None:
    """Check ``review_tiers``: every member's tier at the 2025-07-01 review."""
    __tracebackhide__ = True
    from crmlab.feedback.checks import _user_ns

    value = get_answer("review_tiers", Q3, answer)
    members, orders = _members(), _orders()
    if isinstance(value, pd.Series) and len(value) < len(members):
        blame_upstream(Q3, [q2_review_points])  # members missing there are missing here too
    student = _by_member(
        value, Q3, "review_tiers", members,
        missing_hint="review_tiers 要包括全部 200 位会员：没有订单的会员积分是 0，"
        "也要有一行（他们是普通会员）。用 review_points 的索引做 review_tiers 的索引。",
        index_hint="索引是 0、1、2……，不是会员编号。用列表做一列时，要告诉 pandas 每个值属于"
        "哪位会员：pd.Series(列表, index=review_points.index)。",
    )
    table = _expected_review_points(orders, members)
    expected = pd.Series(table["tier"].to_numpy())
    points = pd.Series(table["points_12m"].to_numpy())
    credit = members["good_credit"].to_numpy(dtype=bool)

    if _labels(student) != _labels(expected):
        # A wrong earlier answer this one is built on: review_points (q2), and tier_of (q1)
        # when review_tiers is exactly what the student's tier_of makes of the right points.
        blame_upstream(Q3, [q2_review_points])
        f = _user_ns().get("tier_of")
        if callable(f) and _labels(student) == [_call(f, p, g) for p, g in zip(points, credit)]:
            blame_upstream(Q3, [q1_tiers])

    def credit_ignored(s, e):
        if _labels(s) == _labels(member_tier(points, True)):
            return (
                "别忘了信誉：信誉不良的会员只能是普通会员。"
                "把 members 的 good_credit 也传给 tier_of，或者在筛子里写上 credit & (……)。"
            )
        return None

    def overwritten(s, e):
        all_gold = np.where(credit & (points.to_numpy() >= TIER_THRESHOLDS["黄金"]), "黄金", "普通")
        no_diamond = ["铂金" if t == "钻石" else t for t in e]
        if _labels(s) == list(all_gold) and _labels(s) != list(e):
            return (
                "review_tiers 里只有黄金和普通：铂金、钻石会员也都成了黄金。"
                "整列一起算时，要写三步，从低到高依次改（先黄金、再铂金、最后钻石）。"
                "检查铂金、钻石两步是不是漏写了，或者写在了黄金前面，被黄金那一步盖掉了。"
            )
        if _labels(s) == no_diamond and _labels(s) != list(e):
            return (
                "review_tiers 里没有钻石：钻石会员都成了铂金。检查钻石那一步是不是漏写了，"
                "或者写在了铂金前面，被铂金那一步盖掉了（要从低到高依次改，最后改钻石）。"
            )
        return None

    def nobody_selected(s, e):
        if set(_labels(s)) != {"普通"} or set(_labels(e)) == {"普通"}:
            return None
        mask = _user_ns().get("credit")
        misaligned = isinstance(mask, pd.Series) and not (
            {str(i) for i in mask.index} & set(members["member_id"].astype(str))
        )
        why_index = (
            "信誉那一列的索引要是会员编号：两列用 & 连接时，pandas 按索引 (index) 配对，"
            "不按位置。members[\"good_credit\"] 的索引是 0、1、2……，和 review_points 的会员"
            "编号一个也配不上，结果全是 False。用以会员编号为索引的 credit。"
        )
        if misaligned:
            return f"review_tiers 里全是 '普通'：筛子里一个 True 也没有。{why_index}"
        return (
            "review_tiers 里全是 '普通'：筛子里一个 True 也没有。常见的原因有两个："
            "一是每个比较都要加括号，写成 credit & (review_points >= 300)，"
            "不加括号 Python 会先算 credit & review_points；二是" + why_index
        )

    def current_points(s, e):
        if _labels(s) == _labels(member_tier(members["points"], members["good_credit"])):
            return "这是按当前积分（会员表的 points）算出的等级。要用练习 2 的 review_points。"
        return None

    def suffixed(s, e):
        if [t.replace("会员", "") for t in _labels(s)] == _labels(e):
            return "等级名只写两个字：'钻石'、'铂金'、'黄金' 或 '普通'，后面不要加“会员”。"
        return None

    check_series(
        student,
        expected,
        label=Q3,
        what="review_tiers（评级日每位会员的等级）",
        hints=[credit_ignored, overwritten, nobody_selected, current_points, suffixed],
        ids=members["member_id"],
        who="会员",
    )
    by_hand("review_tiers", Q3)
    counts = expected.value_counts()
    summary = "、".join(f"{t} {counts.get(t, 0)} 位" for t in TIER_NAMES)
    strict = _strict_thresholds("review_tiers")
    note = ""
    if strict:
        shown = "、".join(str(t) for t in strict)
        note = (
            f"不过要注意：你的代码里用 > 和 {shown} 比较。这一天碰巧没有会员正好落在界线上，"
            "结果才没出错；规则是“达到”，要用 >=，换一天评级就可能算错。"
        )
    passed(Q3, f"评级日的等级：{summary}。{note}")


# --------------------------------------------------------------------------------------------
# 4.-5. the Pareto principle on the shop's data


def _customer_values() -> pd.Series:
    tx = datasets.load_dataset("retail_tx")
    return tx.groupby("customer_id")["amount"].sum()


def q4_pareto_table(answer: Any = MISSING) -> None:
    """Check ``pareto_table``: customers sorted by value with cumulative shares (by hand)."""
    __tracebackhide__ = True
    table = get_answer("pareto_table", Q4, answer)
    tx = datasets.load_dataset("retail_tx")
    values = tx.groupby("customer_id")["amount"].sum()
    n = len(values)
    if isinstance(table, pd.DataFrame):
        if "customer_id" not in table.columns and "customer_id" in table.index.names:
            fail(
                Q4,
                "pareto_table 里没有 customer_id 这一列：顾客编号现在是行索引 (index)。",
                "groupby 里写上 as_index=False：tx.groupby(\"customer_id\", as_index=False)"
                "[\"amount\"].sum()，顾客编号就会留在表里当一列；"
                "或者在汇总之后加上 .reset_index()（不写 drop=True），把索引变回一列。",
            )
        ids = set(values.index.astype(str))
        id_column = any(
            table[c].astype(str).isin(ids).all() for c in table.columns if c != "value"
        )
        if "customer_id" not in table.columns and "value" in table.columns and not id_column:
            fail(
                Q4,
                "pareto_table 里没有 customer_id 这一列，顾客编号不见了。",
                "groupby(\"customer_id\") 不写 as_index=False 时，顾客编号在行索引 (index) 里；"
                "之后的 reset_index(drop=True) 把这个索引连同编号一起扔掉了。"
                "在 groupby 里写上 as_index=False，或者先用不带 drop=True 的 reset_index() "
                "把编号变回一列，再排序。",
            )
        if "value" not in table.columns and "amount" in table.columns:
            fail(
                Q4,
                "pareto_table 里没有 value 这一列，只有 amount。",
                "把 amount 改名为 value：表.rename(columns={\"amount\": \"value\"})，"
                "记得把结果赋回给变量。",
            )
    columns = ["customer_id", "value", "cum_count_share", "cum_value_share"]
    check_columns(table, columns, label=Q4, what="你的表 pareto_table ")
    if len(table) == len(tx):
        fail(
            Q4,
            f"pareto_table 有 {len(table)} 行，和交易记录一样多；应该每位顾客一行（{n} 行）。",
            "先按顾客汇总：tx.groupby(\"customer_id\")[\"amount\"].sum()。",
        )
    if len(table) != n:
        fail(Q4, f"pareto_table 应该有 {n} 行（每位顾客一行），你的表有 {len(table)} 行。")
    extra = [str(c) for c in table.columns if c not in columns]
    if extra:
        if set(extra) & {"index", "level_0"}:
            fail(
                Q4,
                f"pareto_table 应该正好四列，你的表多了一列 {extra[0]!r}：那是排序前的旧行号。",
                "reset_index() 会把旧行号变成一列；要扔掉旧行号，写 reset_index(drop=True)。",
            )
        fail(
            Q4,
            f"pareto_table 应该正好四列，你的表多了 {len(extra)} 列：{extra}。",
            "题目要的表只有 customer_id、value、cum_count_share、cum_value_share 四列："
            "用 表.drop(columns=[...]) 删掉多出来的列，记得把结果赋回给变量。",
        )

    conc = concentration(values)
    sorted_values = pd.Series(np.sort(values.to_numpy())[::-1])
    per_mean = tx.groupby("customer_id")["amount"].mean()
    per_count = tx.groupby("customer_id")["amount"].size()

    def mean_not_sum(s, e):
        if _close(s, np.sort(per_mean.to_numpy())[::-1]):
            return "value 是每位顾客全年消费的总额：用 .sum()，不是 .mean()。"
        if _close(s, np.sort(per_count.to_numpy())[::-1]):
            return "你算的是每位顾客的购买次数，value 要的是消费金额的合计：对 amount 用 .sum()。"
        return None

    def not_sorted(s, e):
        mine = pd.to_numeric(pd.Series(s), errors="coerce").to_numpy(dtype=float)
        if np.all(np.diff(mine) >= 0):
            return None  # sorted small to large: the generic hint says ascending=False
        if _close(np.sort(mine)[::-1], e) and not _close(mine, e):
            return (
                "value 列的数都对，但没有从大到小排好。对整张表排序："
                "表.sort_values(\"value\", ascending=False)，再 reset_index(drop=True)，"
                "记得把结果赋回给变量。"
            )
        return None

    check_series(table["value"], sorted_values, label=Q4, what="value 列（从大到小排好的消费额）",
                 hints=[mean_not_sum, not_sorted], valid=(0, None))
    pairs = pd.Series(table["value"].to_numpy(), index=[str(c) for c in table["customer_id"]])
    truth = values.reindex(pairs.index)
    if truth.isna().any() or not _close(pairs.to_numpy(), truth.to_numpy()):
        fail(
            Q4,
            "value 列的数对了，可是 customer_id 和 value 对不上了。",
            "排序要对整张表做（表.sort_values(\"value\", ascending=False)），"
            "不要只对一列排序再拼回去。",
        )

    cum_value = conc.pareto["cum_value_share"].iloc[1:].reset_index(drop=True)
    cum_count = conc.pareto["cum_count_share"].iloc[1:].reset_index(drop=True)

    def not_divided(s, e):
        if _close(s, sorted_values.cumsum()):
            return "这是累计的消费额（元），还要除以全部顾客的消费总额，才是累计占比。"
        return None

    # cumulative shares taken in the order before sorting (by customer_id), then sorted along
    ids = [str(c) for c in table["customer_id"]]
    before_value = (values.cumsum() / values.sum()).set_axis(values.index.astype(str))
    before_count = pd.Series((np.arange(n) + 1) / n, index=values.index.astype(str))

    def accumulated_unsorted(before):
        def hint(s, e):
            mine = before.reindex(ids)
            if mine.notna().all() and _close(s, mine.to_numpy()) and not _close(mine, e):
                return (
                    "累计占比是在排序之前算的：那时顾客还按编号排着，累计的是编号在前的顾客。"
                    "要先按 value 从大到小排好序（并重新编行号），再从第一行开始累计。"
                )
            return None
        return hint

    def count_from_zero(s, e):
        if _close(s, np.arange(n) / n):
            return "第一位顾客的累计占比应该是 1/600，不是 0：用 (位置 + 1) / 顾客数。"
        if _close(s, np.arange(1, n + 1)):
            return "这是名次 1、2、3……，还要除以顾客总数，才是累计占比。"
        if _close(s, np.arange(1, n + 1) / len(tx)):
            return (
                f"你除以的是交易笔数 {len(tx)}（tx 的行数）。顾客累计占比要除以顾客的人数 {n}，"
                "也就是 pareto_table 的行数。"
            )
        return None

    def old_row_numbers(s, e):
        try:
            rows = np.asarray(table.index, dtype=float)
        except (TypeError, ValueError):
            return None
        if not _close(rows, np.arange(n)) and _close(s, (rows + 1) / n):
            return (
                "pareto_table 的行号还是排序前的（第一行的行号是 "
                f"{table.index[0]}，不是 0），所以 (行号 + 1) / 顾客数 算乱了。"
                "排序后加上 .reset_index(drop=True)，让行号重新从 0 开始。"
            )
        return None

    check_series(table["cum_value_share"], cum_value, label=Q4,
                 what="cum_value_share 列（消费额累计占比）",
                 hints=[not_divided, accumulated_unsorted(before_value)], valid=(0, 1))
    check_series(table["cum_count_share"], cum_count, label=Q4,
                 what="cum_count_share 列（顾客累计占比）",
                 hints=[old_row_numbers, count_from_zero, accumulated_unsorted(before_count)],
                 valid=(0, 1))
    by_hand("pareto_table", Q4)
    passed(Q4)


def q5_top_share(answer: Any = MISSING) -> None:
    """Check ``top20_share``: the value share of the top 20% of customers (by hand)."""
    __tracebackhide__ = True
    value = get_answer("top20_share", Q5, answer)
    tx = datasets.load_dataset("retail_tx")
    values = tx.groupby("customer_id")["amount"].sum()
    n, total = len(values), float(values.sum())
    k = tier_sizes(n, cuts=[TOP])[0]
    desc = np.sort(values.to_numpy())[::-1]
    expected = concentration(values, top=TOP).top_share

    def hint(v, e):
        amounts = np.sort(tx["amount"].to_numpy())[::-1]
        by_tx = amounts[: tier_sizes(len(amounts), cuts=[TOP])[0]].sum() / amounts.sum()
        freq = tx.groupby("customer_id").size()
        top_freq = values[freq.sort_values(ascending=False, kind="stable").index[:k]].sum() / total
        mean = tx.groupby("customer_id")["amount"].mean()
        top_mean = values[mean.sort_values(ascending=False, kind="stable").index[:k]].sum() / total
        if math.isclose(v, 1, abs_tol=1e-9):
            return (
                "你的答案是 1（100%）：分子和分母用的是同一批顾客。分子是前 20% 顾客的消费额，"
                f"分母要是全部 {n} 位顾客的消费总额（整列 value 加起来），不能只取前面的行。"
            )
        if math.isclose(v, desc[-k:].sum() / total, abs_tol=1e-6):
            return "这是消费最少的 20% 顾客的占比。排序要从大到小：ascending=False，再取前面的行。"
        if math.isclose(v, 1 - e, abs_tol=1e-6):
            return "这是其余 80% 顾客的占比。题目要的是前 20% 顾客的占比。"
        if math.isclose(v, TOP, abs_tol=1e-9) or math.isclose(v, k, abs_tol=1e-9):
            return (
                "这是顾客人数的比例（或人数），"
                "题目要的是这些顾客带来的消费额占全部消费额的比例。"
            )
        if math.isclose(v, desc[:k].sum(), rel_tol=1e-9):
            return "这是前 20% 顾客的消费额（元），还要除以全部顾客的消费总额。"
        if math.isclose(v, by_tx, abs_tol=1e-6):
            return (
                "你取的是金额最大的 20% 笔交易，题目问的是前 20% 的顾客："
                "先按 customer_id 把每位顾客的消费额加起来，再排序。"
            )
        if math.isclose(v, top_freq, abs_tol=1e-6):
            return "你按购买次数给顾客排了序；要按消费额（amount 的合计）从大到小排。"
        if math.isclose(v, top_mean, abs_tol=1e-6):
            return "你按每次的平均金额给顾客排了序；要按全年消费额的合计 (sum) 排。"
        cum = np.cumsum(desc) / total
        hits = np.flatnonzero(np.isclose(cum, v, rtol=0, atol=1e-9))
        if hits.size and int(hits[0]) + 1 != k:
            j = int(hits[0]) + 1
            if abs(j - k) <= 2:
                more = f"多取了 {j - k} 位" if j > k else f"少取了 {k - j} 位"
                return (
                    f"你的数是前 {j} 位顾客的消费额占比，前 20% 是 {k} 位，{more}。"
                    f"行号从 0 开始：第 {k} 行的行号是 {k - 1}。head({k}) 正好取前 {k} 行；"
                    f".iloc[{k}] 或 .loc[{k}] 取到的已经是第 {k + 1} 行。"
                )
            return (
                f"你的数是前 {j} 位顾客的消费额占比。前 20% 的顾客是 {n} × 20% = {k} 位，"
                f"要取前 {k} 行。"
            )
        for digits in range(1, 7):
            if math.isclose(v, round(e, digits), rel_tol=0, abs_tol=1e-12):
                return (
                    f"你的数像是把结果四舍五入到小数点后 {digits} 位再抄进来的。"
                    "不要手抄屏幕上的数：让 Python 把计算结果直接存进 top20_share。"
                )
            if math.isclose(v, round(e * 100, digits - 1), rel_tol=0, abs_tol=1e-12):
                return (
                    "你的答案像是抄进来的百分数。题目要 0 到 1 之间的小数（例如 0.8，不是 80），"
                    "而且不要手抄屏幕上的数：让 Python 直接算出结果存进 top20_share。"
                )
        if abs(v - e) < 0.005:
            return (
                "已经很接近了，但不完全相等。检查分母是不是全部 600 位顾客的消费总额、"
                "用的是不是完整的 pareto_table；不要手抄数字，让 Python 直接算出结果。"
            )
        return None

    def fallback(v, e):
        if not 0 <= v <= 1:
            return None  # check_number says the number cannot be a share
        return f"前 20% 的顾客是消费额最大的 {k} 位（共 {n} 位）。把他们的消费额加起来，除以总额。"

    check_number(value, expected, label=Q5, what="前 20% 顾客的消费额占比",
                 hints=[hint, percent_not_fraction, fallback],
                 upstream=[q4_pareto_table], valid=(0, 1))
    by_hand("top20_share", Q5)
    passed(Q5, f"前 20% 的顾客带来 {expected:.1%} 的消费额，很接近“二八”。")


# --------------------------------------------------------------------------------------------
# 6. the service budget weighted by tier


def _tier_table() -> tuple[pd.Series, pd.Series]:
    members, orders = _members(), _orders()
    spend = orders[orders["date"].dt.year == 2025].groupby("member_id")["amount"].sum()
    tiers = member_tier(members["points"], members["good_credit"]).astype(str)
    return tiers, members["member_id"].map(spend).fillna(0.0)


def q6_budget(answer: Any = MISSING) -> None:
    """Check ``budget_weighted``: the budget of each tier with weights 8/4/2/1 per member."""
    __tracebackhide__ = True
    value = get_answer("budget_weighted", Q6, answer)
    tiers, spend = _tier_table()
    split = budget_split(tiers, spend, WEIGHTS, BUDGET)
    if isinstance(value, dict):
        value = pd.Series(value)
    if isinstance(value, pd.DataFrame):
        fail(
            Q6,
            f"budget_weighted 应该是一列 (Series)，以等级名为索引；你的答案是{_fmt(value)}。",
            "题目要的是一列，不是一张表：用 表[\"列名\"] 取出每个等级预算的那一列。",
        )
    if not isinstance(value, pd.Series):
        if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
            as_number(value, Q6, "budget_weighted")
            fail(
                Q6,
                f"budget_weighted 应该是一列 (Series)，每个等级一个数；"
                f"你的答案是一个数 {_fmt(value)}。",
                "结果要按等级分开：索引是 '钻石'、'铂金'、'黄金'、'普通'。",
            )
        fail(Q6, f"budget_weighted 应该是一列 (Series)，以等级名为索引；你的答案是{_fmt(value)}。")
    index = [str(i) for i in value.index]
    if sorted(i.replace("会员", "") for i in index) == sorted(TIER_NAMES) and index != [
        i.replace("会员", "") for i in index
    ]:
        fail(Q6, "索引里的等级名多了“会员”两个字。", "索引用 '钻石'、'铂金'、'黄金'、'普通'。")
    if sorted(index) != sorted(TIER_NAMES):
        shown = "、".join(_show(i) for i in list(value.index)[:5])
        if len(index) > 5:
            shown += f"……共 {len(index)} 个"
        if len(index) == len(tiers):
            fail(
                Q6,
                f"budget_weighted 应该每个等级一个数（4 个），你的答案有 {len(index)} 个，"
                f"索引是 {shown}：像是每位会员一个数。",
                "题目要的是每个等级的合计，不是每位会员的钱：按等级 (tier) 分组，"
                "每个等级只留一行。",
            )
        fail(
            Q6,
            f"budget_weighted 的索引应该正好是四个等级名，你的是 {shown}。",
            "按等级 (tier) 分组，或者用 WEIGHTS 的四个键作索引。",
        )
    student = pd.Series(value.to_numpy(), index=index).reindex(list(TIER_NAMES))
    expected = split["budget_weighted"].reindex(list(TIER_NAMES))
    w = pd.Series(WEIGHTS).reindex(list(TIER_NAMES)).astype(float)

    sizes = split["members"].reindex(list(TIER_NAMES)).astype(float)
    units = sizes * w

    def hint(s, e):
        numbers = pd.to_numeric(s, errors="coerce")
        if _close(s, units * BUDGET / w.sum()):
            return (
                f"你用预算除以了权重之和（8 + 4 + 2 + 1 = {w.sum():.0f}）。权重是“每位会员”的份数，"
                f"全部份数 = 每个等级的人数 × 权重，再把四个等级加起来（{units.sum():.0f} 份）。"
                "一份的钱 = 预算 ÷ 全部份数。"
            )
        for perm in itertools.permutations(w.to_numpy()):
            shuffled = sizes * np.asarray(perm)
            if not _close(shuffled, units) and _close(s, BUDGET * shuffled / shuffled.sum()):
                by_count = "、".join(sizes.sort_values(ascending=False, kind="stable").index)
                return (
                    f"人数和权重配错了等级：value_counts() 按人数从多到少排（{by_count}），"
                    "WEIGHTS 的顺序是钻石、铂金、黄金、普通。用 .values 或 list(...) "
                    "去掉标签后，pandas 只能按位置相乘。两列都保留等级标签"
                    "（pd.Series(WEIGHTS)），相乘时 pandas 会按等级配对。"
                )
        if _close(s, sizes * BUDGET / units.sum()):
            return (
                "一份的钱算对了，可每个等级乘的是人数，不是份数：高等级会员每人有好几份。"
                "每个等级的预算 = 份数（人数 × 权重）× 一份的钱。"
            )
        if ((numbers < 0) | (numbers > BUDGET)).any():
            return None  # check_series says such an amount is impossible
        if _close(s, BUDGET * w / w.sum()):
            return (
                "你把 20000 元按 8:4:2:1 直接分给了四个等级，没有考虑每个等级有多少位会员。"
                "权重是“每位会员”的：先算每个等级的份数 = 会员数 × 权重。"
            )
        if _close(s, units):
            return (
                f"这是每个等级的份数（合计 {units.sum():.0f} 份），还不是钱。"
                "再乘以一份的钱：BUDGET ÷ 全部份数之和。"
            )
        if _close(s, units * BUDGET / sizes.sum()):
            return (
                f"一份的钱 = 预算 ÷ 全部份数之和（{units.sum():.0f} 份），"
                f"不是 ÷ 会员人数 {sizes.sum():.0f}。"
            )
        for digits in range(3):
            if np.allclose(numbers.to_numpy(dtype=float), e.round(digits).to_numpy(dtype=float),
                           rtol=0, atol=1e-9):
                return (
                    f"你的数像是四舍五入到小数点后 {digits} 位的结果（或者是抄进来的）。"
                    "budget_weighted 要存没有四舍五入的数：去掉 .round(...)，"
                    "只在显示的时候再四舍五入。"
                )
        if _close(s, split["each_weighted"].reindex(list(TIER_NAMES))):
            return "这是每位会员分到的钱。题目要每个等级的合计：再乘以这个等级的会员数。"
        if _close(s, split["budget_equal"].reindex(list(TIER_NAMES))):
            return "这是平均分配的结果。按等级加权时，每位会员的份数要乘以 WEIGHTS 里的权重。"
        if not math.isclose(float(np.nansum(pd.to_numeric(s, errors="coerce"))), BUDGET,
                            rel_tol=1e-6):
            return f"四个等级加起来应该正好是预算 {BUDGET} 元。一份的钱 = 预算 ÷ 全部份数。"
        for tier, x, y in zip(TIER_NAMES, s, e):
            if not _close(x, y):
                return (
                    f"{tier}会员这一级不对（你的是 {_fmt(x)} 元）。"
                    "步骤：份数 = 会员数 × 权重；一份的钱 = 预算 ÷ 份数合计；"
                    "预算 = 份数 × 一份的钱。"
                )
        return None

    check_series(student, expected, label=Q6, what="budget_weighted（每个等级分到的预算）",
                 hints=[hint], valid=(0, BUDGET))
    # The tiers are given (tier_table was made with cl.member_tier in a read-only cell), so only
    # the lesson's own budget helpers are off limits here.
    by_hand("budget_weighted", Q6, forbidden=("budget_split", "budget_explorer"))
    passed(Q6)

