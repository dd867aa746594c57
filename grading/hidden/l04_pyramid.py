"""Hidden tests for lesson 04 客户金字塔模型 (teacher side only).

The expected values are worked out here in plain pandas from the packaged data file
``crmlab/data/b2b_customers.csv`` (read by path, without importing crmlab): the profit
contribution ``sales_2025 × gross_margin − service_cost_2025`` of the 120 customers, their order by
profit (largest first, equal profits keep the file order), and the tier of each rank under the
ceil rule: rank r ≤ ⌈p% × n⌉ for the cuts 1% / 20% / 50% (customer pyramid) or 1% / 5% / 20%
(VIP/A/B/C).
"""

from __future__ import annotations

import ast
import dataclasses
import importlib.util
import math
from pathlib import Path

import pandas as pd

from crmlab.teacher.hidden import Fail, Submission

EXERCISES = {
    "q1_profit": ["profit"],
    "q2_rank": ["ranked"],
    "q3_bounds": ["bounds"],
    "q4_tier": ["tier", "ranked"],
    "q5_key": ["key_customer_share", "key_profit_share"],
    "q7_cross": ["cross", "n_key_in_b"],
}

PYRAMID_CUTS = (1, 20, 50)  # percent
VIP_CUTS = (1, 5, 20)
PYRAMID_LABELS = ["重要客户", "次要客户", "普通客户", "小客户"]
VIP_LABELS = ["VIP客户", "A类重点客户", "B类普通客户", "C类小客户"]

#: crmlab's analyses, which exercises 2-4 must not call.
ANALYSES = ["pyramid", "pyramid_summary", "tier_sizes", "abc_analysis", "abc_summary"]
#: The tables the notebook builds with cl.pyramid after exercise 4. Exercise 5 invites students
#: to use them, so they only count in the answer cell and in cells that assign the variable.
BORROWED = ["pyr", "vip"]

TOLERANCE = 1e-6


# ---------------------------------------------------------------------------------------------
# the data and the expected answers


def customers() -> pd.DataFrame:
    """The 120 customers in file order, with their profit contribution ``profit`` (万元)."""
    spec = importlib.util.find_spec("crmlab")
    assert spec is not None and spec.origin is not None
    data = pd.read_csv(Path(spec.origin).parent / "data" / "b2b_customers.csv")
    data["profit"] = data["sales_2025"] * data["gross_margin"] - data["service_cost_2025"]
    return data


def by_profit() -> pd.DataFrame:
    """The customers from the largest profit to the smallest (rank = row number + 1)."""
    data = customers().sort_values("profit", ascending=False, kind="stable")
    return data.reset_index(drop=True)


def bound(n: int, percent: int) -> int:
    """The last rank of the top ``percent`` % of ``n`` customers (ceil rule)."""
    return math.ceil(n * percent / 100)


def tier_of(rank: int, n: int, cuts: tuple[int, ...], labels: list[str]) -> str:
    for percent, label in zip(cuts, labels):
        if rank <= bound(n, percent):
            return label
    return labels[-1]


# ---------------------------------------------------------------------------------------------
# helpers


def _floats(value) -> list[float] | None:
    """A list or a column of numbers as floats; None for anything else."""
    if not isinstance(value, (list, pd.Series)):
        return None
    try:
        return [float(x) for x in value]
    except (TypeError, ValueError):
        return None


def _number(sub: Submission, name: str) -> float:
    """``sub.number``, with a column or table of several values reported as a wrong type."""
    value = sub.get(name)
    if isinstance(value, (pd.Series, pd.DataFrame)) and value.size != 1:
        raise Fail(f"变量 `{name}` 应该是一个数，现在是 {type(value).__name__}。")
    return sub.number(name)


def _assigns(source: str, name: str) -> bool:
    """Whether the cell ``source`` assigns the variable ``name``."""
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return False
    return any(
        isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store)
        for node in ast.walk(tree)
    )


def _by_hand(sub: Submission, variable: str, cell: str, what: str) -> None:
    """The answer cell (and the student's own cells) must not use crmlab's analyses; the cells
    that assign ``variable`` must not borrow ``pyr`` / ``vip`` either."""
    used = set(sub.uses(ANALYSES, cells=[cell]))
    assigning = dataclasses.replace(sub, added=[s for s in sub.added if _assigns(s, variable)])
    used |= set(assigning.uses(BORROWED, cells=[cell]))
    if used:
        raise Fail(
            f"{what}要求自己用 pandas 一步步算，不能调用 crmlab 的分析函数，"
            "也不能借用后面 cl.pyramid 算出的 pyr、vip 表"
            f"（你的代码用到了：{'、'.join(sorted(used))}）。"
        )


def _ranked_order(ranked: pd.DataFrame) -> None:
    """``ranked`` holds every customer, from the largest profit to the smallest."""
    if "customer" not in ranked.columns:
        raise Fail("ranked 里要保留 b2b 的 customer 列（客户编号）。")
    expected = [str(c) for c in by_profit()["customer"]]
    if [str(c) for c in ranked["customer"]] != expected:
        raise Fail("ranked 的客户顺序不对（全部客户按利润从大到小，亏损客户也在内）。")


# ---------------------------------------------------------------------------------------------
# the tests


def q1_profit(sub: Submission) -> None:
    used = sub.uses(["profit_contribution"], cells=["a1_profit"])
    if used:
        raise Fail("这道题要求自己用列相乘、相减算出利润贡献，不能调用 crmlab 的现成函数（"
                   + "、".join(used) + "）。")
    expected = customers()["profit"].tolist()
    got = _floats(sub.get("profit"))
    if (
        got is None
        or len(got) != len(expected)
        or not all(abs(a - b) < TOLERANCE for a, b in zip(got, expected))
    ):
        raise Fail(
            "利润贡献 profit 不对（sales_2025 × gross_margin − service_cost_2025，"
            "按 b2b 原来的行顺序）。"
        )


def q2_rank(sub: Submission) -> None:
    _by_hand(sub, "ranked", "a2_rank", "第 2 题")
    ranked = sub.table("ranked")
    _ranked_order(ranked)
    ranks = _floats(ranked["rank"]) if "rank" in ranked.columns else None
    if ranks != list(range(1, len(ranked) + 1)):
        raise Fail("名次 rank 应该是 1, 2, …, n。")
    if list(ranked.index) != list(range(len(ranked))):
        raise Fail("ranked 排序后没有用 reset_index(drop=True) 重新编行号。")


def q3_bounds(sub: Submission) -> None:
    _by_hand(sub, "bounds", "a3_bounds", "第 3 题")
    n = len(customers())
    if _floats(sub.get("bounds")) != [bound(n, p) for p in PYRAMID_CUTS]:
        raise Fail(
            "分界名次 bounds 不对（向上取整 ceil(1%·n)、ceil(20%·n)、ceil(50%·n)，"
            "n 是全部客户数）。"
        )


def q4_tier(sub: Submission) -> None:
    _by_hand(sub, "tier", "a4_tier", "第 4 题")
    _ranked_order(sub.table("ranked"))
    n = len(customers())
    expected = [tier_of(r, n, PYRAMID_CUTS, PYRAMID_LABELS) for r in range(1, n + 1)]
    tier = sub.get("tier")
    if not isinstance(tier, (list, pd.Series)) or [str(t) for t in tier] != expected:
        raise Fail(
            "层级 tier 不对（名次 r ≤ ceil(1%·n) 重要客户，≤ ceil(20%·n) 次要客户，"
            "≤ ceil(50%·n) 普通客户，其余小客户）。"
        )


def q5_key(sub: Submission) -> None:
    ranked = by_profit()
    n = len(ranked)
    key = ranked.iloc[: bound(n, 20)]
    if abs(_number(sub, "key_customer_share") - len(key) / n) >= TOLERANCE:
        raise Fail("关键客户的客户占比不对。")
    share = key["profit"].sum() / ranked["profit"].sum()
    if abs(_number(sub, "key_profit_share") - share) >= TOLERANCE:
        raise Fail("关键客户的利润占比不对（分母是全部客户的利润合计）。")


def _cells(cross: pd.DataFrame) -> dict[tuple[str, str], float] | None:
    """The non-zero cells of a cross-tab as {(row, column): count}; None if unreadable."""
    out = {}
    for row in cross.index:
        for col in cross.columns:
            value = cross.loc[row, col]
            if isinstance(value, (pd.Series, pd.DataFrame)):  # duplicated labels
                return None
            if float(value) != 0:
                out[(str(row), str(col))] = float(value)
    return out


def q7_cross(sub: Submission) -> None:
    n = len(customers())
    expected: dict[tuple[str, str], float] = {}
    for rank in range(1, n + 1):
        pair = (
            tier_of(rank, n, PYRAMID_CUTS, PYRAMID_LABELS),
            tier_of(rank, n, VIP_CUTS, VIP_LABELS),
        )
        expected[pair] = expected.get(pair, 0.0) + 1.0
    cross = sub.get("cross")
    try:
        got = _cells(cross) if isinstance(cross, pd.DataFrame) else None
    except (TypeError, ValueError):
        got = None
    if got != expected:
        raise Fail("交叉表 cross 不对（行是金字塔的层，列是四级方案的层）。")
    key_in_b = sum(
        count
        for (row, col), count in expected.items()
        if row in PYRAMID_LABELS[:2] and col == VIP_LABELS[2]
    )
    if _number(sub, "n_key_in_b") != key_in_b:
        raise Fail("n_key_in_b 不对。")
