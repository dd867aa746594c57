"""Hidden tests for lesson 01 为什么要分级 (teacher side only).

The expected answers are worked out again in plain pandas from the packaged data files (read by
path, without crmlab's code): the travel company's members and orders, and the shop's
transactions. The tier rule and the budget weights are typed in here.

Exercise 1 also asks for a function ``tier_of``. A function cannot be exported as data, so it is
not called here: its rule is judged through ``tiers``, whose 200 members include every boundary
the old in-notebook test tried (300, 3000 and 10000 points and one point less, high points with
bad credit, 0 points), and the source must define ``tier_of``.
"""

from __future__ import annotations

import ast
import importlib.util
import math
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from crmlab.teacher.hidden import Fail, Submission

EXERCISES = {
    "q1_tiers": ["tiers"],
    "q2_review_points": ["review_points"],
    "q3_review_tiers": ["review_tiers"],
    "q4_pareto_table": ["pareto_table"],
    "q5_top_share": ["top20_share"],
    "q6_budget": ["budget_weighted"],
}

#: The travel company's tier rule: (points needed, tier), highest first; good credit required.
RULE = ((10000, "钻石"), (3000, "铂金"), (300, "黄金"))
LOWEST = "普通"
REVIEW_DATE = pd.Timestamp("2025-07-01")
WINDOW_DAYS = 365
TOP = 0.2
BUDGET = 20000
WEIGHTS = {"钻石": 8, "铂金": 4, "黄金": 2, "普通": 1}
PARETO_COLUMNS = ["customer_id", "value", "cum_count_share", "cum_value_share"]

#: (points, good_credit) cases the old test tried on ``tier_of``, in its order.
EDGE_CASES = (
    (300, True),
    (299, True),
    (3000, True),
    (2999, True),
    (10000, True),
    (9999, True),
    (18500, False),
    (3000, False),
    (0, True),
    (5000, True),
)

#: crmlab's ready-made functions each exercise must do without (names, as the old checks had).
TIER_FUNCTIONS = ["member_tier", "retier"]
SHARE_FUNCTIONS = ["concentration", "abc_analysis", "abc_summary", "pyramid", "gini"]
BUDGET_FUNCTIONS = ["budget_split", "budget_explorer"]

_DATA = Path(importlib.util.find_spec("crmlab").origin).parent / "data"


# ---------------------------------------------------------------------------------------------
# Expected answers (plain pandas; cached, never modified)
# ---------------------------------------------------------------------------------------------


def _rule(points: float, good_credit: bool) -> str:
    for need, name in RULE:
        if good_credit and points >= need:
            return name
    return LOWEST


@cache
def _members() -> pd.DataFrame:
    return pd.read_csv(_DATA / "travel_members.csv")


@cache
def _member_tiers() -> tuple[str, ...]:
    """Every member's tier from the current points, in the order of the members table."""
    m = _members()
    return tuple(_rule(p, g) for p, g in zip(m["points"], m["good_credit"]))


@cache
def _review_points() -> pd.Series:
    """Points of the orders with review date − 365 days ≤ date < review date, per member."""
    m = _members()
    orders = pd.read_csv(_DATA / "travel_orders.csv", parse_dates=["date"])
    start = REVIEW_DATE - pd.Timedelta(days=WINDOW_DAYS)
    window = orders[(orders["date"] >= start) & (orders["date"] < REVIEW_DATE)]
    return window.groupby("member_id")["points"].sum().reindex(m["member_id"], fill_value=0)


@cache
def _customer_values() -> pd.Series:
    tx = pd.read_csv(_DATA / "retail_tx.csv")
    return tx.groupby("customer_id")["amount"].sum()


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------


def _floats(values: Iterable[Any]) -> np.ndarray:
    """Each value as a float (text such as "12.5" too, as ``astype(float)`` did); NaN if none."""
    out = []
    for x in values:
        try:
            out.append(float(x))
        except (TypeError, ValueError):
            out.append(math.nan)
    return np.array(out, dtype=float)


def _as_series(sub: Submission, name: str, what: str) -> pd.Series:
    """The answer as a Series with text labels (a dict or list is turned into one)."""
    value = sub.get(name)
    if isinstance(value, pd.DataFrame):
        raise Fail(f"{name} 应该是一列 (Series)，以{what}为索引，现在是一张表 (DataFrame)。")
    try:
        series = value.copy() if isinstance(value, pd.Series) else pd.Series(value)
    except (TypeError, ValueError):
        kind = type(value).__name__
        raise Fail(f"{name} 应该是一列 (Series)，以{what}为索引，现在是 {kind}。") from None
    series.index = [str(i) for i in series.index]
    return series


def _by_member(sub: Submission, name: str) -> pd.Series:
    """The answer as a Series in the order of the members table; its index must be the ids."""
    series = _as_series(sub, name, "会员编号 member_id")
    ids = _review_points().index
    if sorted(series.index) != sorted(ids):
        raise Fail(f"{name} 的索引应该正好是 200 位会员的编号。")
    return series.reindex(ids)


def _by_hand(sub: Submission, names: list[str], cells: list[str], exercise: str) -> None:
    used = sub.uses(names, cells=cells)
    if used:
        raise Fail(f"{exercise}要求自己动手计算，不能调用 crmlab 的现成函数：" + "、".join(used))


def _defines(source: str, name: str) -> bool:
    """Whether ``source`` defines ``name`` (``def``, an assignment or an import)."""
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            return True
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
            return True
        if isinstance(node, ast.alias) and (node.asname or node.name) == name:
            return True
    return False


# ---------------------------------------------------------------------------------------------
# 1. the tier rule by hand
# ---------------------------------------------------------------------------------------------


def q1_tiers(sub: Submission) -> None:
    texts = [sub.sources.get("a1_tiers", ""), *sub.added]
    if not any(_defines(text, "tier_of") for text in texts):
        raise Fail(
            "没有找到函数 tier_of：在答案单元格里用 def tier_of(points, good_credit): 定义它，"
            "再用它算出 tiers。"
        )
    value = sub.get("tiers")
    if not isinstance(value, (list, pd.Series)):
        raise Fail(f"tiers 应该是一个列表 (list) 或一列 (Series)，现在是 {type(value).__name__}。")
    got = [str(x) for x in list(value)]
    want = list(_member_tiers())
    if got != want:
        # The old test tried tier_of on EDGE_CASES first. tier_of cannot be exported, but the
        # members table holds every one of those cases but 5000 points: a member on a boundary
        # with the wrong tier gets that test's message (unless the tiers are only reordered).
        if len(got) == len(want) and sorted(got) != sorted(want):
            members = _members()
            cases = zip(members["points"], members["good_credit"])
            wrong = [
                EDGE_CASES.index(c)
                for c, g, w in zip(cases, got, want)
                if g != w and c in EDGE_CASES
            ]
            if wrong:
                points, good = EDGE_CASES[min(wrong)]
                raise Fail(f"tier_of({points}, {good}) 应该是 {_rule(points, good)}。")
        raise Fail("tiers 和会员表里的积分、信誉对不上。")
    _by_hand(sub, TIER_FUNCTIONS, ["a1_tiers"], "第 1 题")


# ---------------------------------------------------------------------------------------------
# 2.-3. re-tiering at the review date 2025-07-01
# ---------------------------------------------------------------------------------------------


def q2_review_points(sub: Submission) -> None:
    got = _floats(_by_member(sub, "review_points"))
    want = _review_points().to_numpy(dtype=float)
    if not np.all(np.abs(got - want) < 1e-6):  # NaN (a member without points) is wrong too
        raise Fail("有会员的评级日积分不对。")
    _by_hand(sub, TIER_FUNCTIONS, ["a2_review_points"], "第 2 题")


def q3_review_tiers(sub: Submission) -> None:
    got = [str(x) for x in _by_member(sub, "review_tiers")]
    points = _review_points()
    credit = _members().set_index("member_id")["good_credit"]
    want = [_rule(points[m], bool(credit[m])) for m in points.index]
    if got != want:
        raise Fail("有会员在评级日的等级不对。")
    _by_hand(sub, TIER_FUNCTIONS, ["a3_review_tiers"], "第 3 题")


# ---------------------------------------------------------------------------------------------
# 4.-5. the Pareto principle on the shop's data
# ---------------------------------------------------------------------------------------------


def q4_pareto_table(sub: Submission) -> None:
    table = sub.table("pareto_table")
    if not set(PARETO_COLUMNS) <= set(table.columns):
        raise Fail("pareto_table 缺少题目要求的列。")
    values = _customer_values()
    desc = np.sort(values.to_numpy(dtype=float))[::-1]
    n = len(desc)
    if len(table) != n:
        raise Fail("pareto_table 应该每位顾客一行。")
    if len(table.columns) != len(PARETO_COLUMNS):  # the task asks for exactly four columns
        raise Fail("pareto_table 应该正好有题目要求的四列，你的表多了别的列。")
    t = table[PARETO_COLUMNS].reset_index(drop=True)
    value = _floats(t["value"])
    if not np.allclose(value, desc):
        raise Fail("value 列不是从大到小排好的每位顾客消费额。")
    ids = [str(c) for c in t["customer_id"]]
    if not np.allclose(values.reindex(ids).to_numpy(dtype=float), value):
        raise Fail("customer_id 和 value 对不上。")
    if not np.allclose(_floats(t["cum_count_share"]), np.arange(1, n + 1) / n):
        raise Fail("cum_count_share 列不对。")
    if not np.allclose(_floats(t["cum_value_share"]), np.cumsum(desc) / desc.sum()):
        raise Fail("cum_value_share 列不对。")
    _by_hand(sub, SHARE_FUNCTIONS, ["a4_pareto_table"], "第 4 题")


def q5_top_share(sub: Submission) -> None:
    values = _customer_values().sort_values(ascending=False)
    k = math.ceil(round(TOP * len(values), 9))  # 600 customers: the top 120
    expected = float(values.iloc[:k].sum() / values.sum())
    value = sub.get("top20_share")
    if isinstance(value, (pd.Series, pd.DataFrame)) and value.size != 1:  # .item() would raise
        raise Fail(f"变量 `top20_share` 应该是一个数，现在是 {type(value).__name__}。")
    if abs(sub.number("top20_share") - expected) >= 1e-6:
        raise Fail("前 20% 顾客的消费额占比不对。")
    _by_hand(sub, SHARE_FUNCTIONS, ["a5_top_share"], "第 5 题")


# ---------------------------------------------------------------------------------------------
# 6. the service budget weighted by tier
# ---------------------------------------------------------------------------------------------


def q6_budget(sub: Submission) -> None:
    sizes = pd.Series(_member_tiers()).value_counts()
    units = {t: int(sizes.get(t, 0)) * w for t, w in WEIGHTS.items()}
    want = {t: BUDGET * units[t] / sum(units.values()) for t in WEIGHTS}
    got = _as_series(sub, "budget_weighted", "等级名")
    if sorted(got.index) != sorted(want):
        raise Fail("budget_weighted 的索引应该正好是四个等级名。")
    amounts = dict(zip(got.index, _floats(got)))
    if not all(abs(amounts[t] - want[t]) < 1e-6 for t in want):  # NaN fails as well
        raise Fail("有等级分到的预算不对。")
    # The tiers come from a read-only cell (made with crmlab), so only the lesson's own budget
    # helpers are off limits here.
    _by_hand(sub, BUDGET_FUNCTIONS, ["a6_budget"], "第 6 题")
