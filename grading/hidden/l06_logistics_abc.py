"""Hidden tests for lesson 06 物流客户 ABC 分析 (teacher side only).

The expected values are worked out here in plain pandas from table 3-7 (typed in, see
``_textbook``): sorted from large to small (equal revenues keep the order of table 3-7), the
shares and cumulative shares, and the class of each customer by the course's working rule
(cumulative share up to 80% is A, up to 95% is B), row by row as the lesson states. In table 3-9
the B limit may put customers 10 and 12 (equal revenue, split by that rule) both in B or both in
C, as the lesson allows.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from _textbook import changhai

from crmlab.teacher.answers import FigureData
from crmlab.teacher.hidden import Fail, Submission

EXERCISES = {
    "q1_indicator": ["indicator"],
    "q2_total": ["total_revenue"],
    "q3_table": ["table38"],
    "q4_classes": ["tiers"],
    "q5_figure": ["ax35"],
    "q6_table39": ["table39"],
}

#: The A and B limits (cumulative share of revenue); a share within 1e-9 of a limit is on it.
A_LIMIT, B_LIMIT = 0.80, 0.95

#: crmlab's ready-made functions that exercises 3 and 4 (tables) and 5 (figure) must not call.
TABLE_FORBIDDEN = ["abc_analysis", "abc_display", "abc_summary"]
FIGURE_FORBIDDEN = ["abc_analysis", "plot_pareto"]

#: The answer cells that compute each variable checked by hand (table38 uses total_revenue).
TABLE38_CELLS = ["a2_total", "a3_table"]
TIERS_CELLS = [*TABLE38_CELLS, "a4_classes"]
FIGURE_CELLS = [*TABLE38_CELLS, "a5_figure"]

TABLE38_COLUMNS = ["customer", "revenue", "share", "cum_revenue", "cum_share"]
TABLE39_NUMERIC = ["年均交易额下限", "年交易次数下限", "每年电话联系次数", "每年拜访次数"]
TABLE39_FLAG = "专人跟进"


def table38() -> pd.DataFrame:
    """Table 3-8 with a ``cls`` column: table 3-7 sorted by hand in plain pandas."""
    t = changhai()
    s = t.sort_values("revenue", ascending=False, kind="stable").reset_index(drop=True)
    total = s["revenue"].sum()
    s["share"] = s["revenue"] / total
    s["cum_revenue"] = s["revenue"].cumsum()
    s["cum_share"] = s["cum_revenue"] / total
    s["cls"] = [
        "A" if x <= A_LIMIT + 1e-9 else "B" if x <= B_LIMIT + 1e-9 else "C" for x in s["cum_share"]
    ]
    return s


def classes() -> dict[int, str]:
    """Each customer's class, by customer code."""
    s = table38()
    return {int(c): str(k) for c, k in zip(s["customer"], s["cls"])}


def _by_hand(sub: Submission, cells: list[str], forbidden: list[str]) -> None:
    used = sub.uses(forbidden, cells=cells)
    if used:
        raise Fail("这道题要求自己动手完成，不能调用 crmlab 的现成函数：" + "、".join(used))


def _columns(value: pd.DataFrame, name: str, wanted: list[str]) -> None:
    missing = [c for c in wanted if c not in value.columns]
    if missing:
        raise Fail(f"{name} 缺少这些列：" + "、".join(missing) + "。")


def _codes(values, message: str) -> list[int]:
    """Customer codes as whole numbers (``4``, ``4.0`` and ``"4"`` all count as 4)."""
    try:
        return [int(v) for v in values]
    except (TypeError, ValueError, OverflowError):
        raise Fail(message) from None


def _number(value, message: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise Fail(message) from None


# ---------------------------------------------------------------------------------------------
# exercises 1 and 2


def q1_indicator(sub: Submission) -> None:
    value = sub.get("indicator")
    if not (isinstance(value, str) and value == "C"):  # exactly as in the options, like the check
        raise Fail("分类指标选得不对。")


def q2_total(sub: Submission) -> None:
    if abs(sub.number("total_revenue") - float(changhai()["revenue"].sum())) >= 1e-9:
        raise Fail("营业收入合计不对。")


# ---------------------------------------------------------------------------------------------
# exercises 3 and 4: table 3-8 and the classes, by hand


def q3_table(sub: Submission) -> None:
    value = sub.get("table38")
    if not isinstance(value, pd.DataFrame) or len(value) != 14:
        raise Fail("table38 应该是 14 行的表。")
    _columns(value, "table38", TABLE38_COLUMNS)
    s = table38()
    order = _codes(value["customer"], "客户的排列顺序不对。")
    if order != s["customer"].tolist():
        raise Fail("客户的排列顺序不对。")
    for col in ["revenue", "share", "cum_revenue", "cum_share"]:
        try:
            mine = pd.to_numeric(value[col]).astype(float).reset_index(drop=True)
        except (TypeError, ValueError):
            raise Fail(f"{col} 列不对。") from None
        if not (mine - s[col]).abs().max(skipna=False) < 1e-9:  # a NaN fails too
            raise Fail(f"{col} 列不对。")
    _by_hand(sub, TABLE38_CELLS, TABLE_FORBIDDEN)


def q4_classes(sub: Submission) -> None:
    value = sub.get("tiers")
    if not isinstance(value, pd.DataFrame) or len(value) != 14:
        raise Fail("tiers 应该是 14 行的表。")
    _columns(value, "tiers", ["customer", "abc_class"])
    codes = _codes(value["customer"], "有客户的类别不对。")
    mine = {c: str(k) for c, k in zip(codes, value["abc_class"])}
    if mine != classes():
        raise Fail("有客户的类别不对。")
    _by_hand(sub, TIERS_CELLS, TABLE_FORBIDDEN)


# ---------------------------------------------------------------------------------------------
# exercise 5: figure 3-5, read from the exported figure data


def _tick_labels(axes: dict) -> dict[float, str]:
    """The x tick labels of one Axes by position (rounded to 6 decimals)."""
    positions = [round(float(p), 6) for p in axes.get("xticks", [])]
    return dict(zip(positions, axes.get("xticklabels", [])))


def _is_curve(x: np.ndarray, y: np.ndarray, cum: np.ndarray, codes: list[str], ticks) -> bool:
    """A line of the cumulative shares (fractions or %), from left to right in sorted order,
    each point labelled below with its customer code."""
    if y.size == x.size == 15 and abs(y[0]) < 1e-9:  # a curve that starts at the origin
        x, y = x[1:], y[1:]
    if y.size != 14 or x.size != 14:
        return False
    if not (np.allclose(y, cum, atol=6e-4, rtol=0) or np.allclose(y, cum * 100, atol=0.06, rtol=0)):
        return False
    labels = [ticks.get(round(float(v), 6), "") for v in x]
    return bool(np.all(np.diff(x) > 0)) and all(
        c in re.findall(r"\d+", label) for c, label in zip(codes, labels)
    )


def q5_figure(sub: Submission) -> None:
    value = sub.get("ax35")
    if not isinstance(value, FigureData):
        raise Fail("ax35 不是 matplotlib 的坐标轴 (Axes)。")
    s = table38()
    cum = s["cum_share"].to_numpy(dtype=float)
    codes = [str(c) for c in s["customer"]]
    ticks = _tick_labels(value.given)  # the labels of the student's Axes, as the old test read
    found = False
    for axes in value.axes:  # the curve may sit on any Axes of the figure (e.g. a twin)
        for line in axes.get("lines", []):
            x = np.asarray(line.get("x", []), dtype=float).ravel()
            y = np.asarray(line.get("y", []), dtype=float).ravel()
            found = found or _is_curve(x, y, cum, codes, ticks)
    if not found:
        raise Fail("图上没有一条按顺序标出客户编号的累计占比折线。")
    _by_hand(sub, FIGURE_CELLS, FIGURE_FORBIDDEN)


# ---------------------------------------------------------------------------------------------
# exercise 6: table 3-9


def q6_table39(sub: Submission) -> None:
    value = sub.get("table39")
    if not isinstance(value, pd.DataFrame):
        raise Fail("table39 应该是一张表。")
    if [str(i) for i in value.index] != ["A", "B", "C"]:
        raise Fail("table39 的行标签应该是 A、B、C。")
    _columns(value, "table39", [*TABLE39_NUMERIC, TABLE39_FLAG])
    v = {
        col: {k: _number(value.loc[k, col], f"“{col}”应该填数。") for k in ["A", "B", "C"]}
        for col in TABLE39_NUMERIC
    }
    for col in TABLE39_NUMERIC:  # a NaN fails every comparison below as well
        if not v[col]["A"] > v[col]["B"] > v[col]["C"] >= 0:
            raise Fail(f"“{col}”没有从 A 到 C 逐级减少。")
    t = changhai()
    revenue = dict(zip(t["customer"], t["revenue"]))
    cls = classes()
    a_min = min(revenue[c] for c, k in cls.items() if k == "A")
    b_revenues = [revenue[c] for c, k in cls.items() if k == "B"]
    c_revenues = [revenue[c] for c, k in cls.items() if k == "C"]
    if not max(b_revenues) < v["年均交易额下限"]["A"] <= a_min:
        raise Fail("A 类的年均交易额下限和分类结果对不上。")
    # a revenue found in both B and C (customers 10 and 12) may fall on either side of the limit
    b_only = [r for r in b_revenues if r not in c_revenues]
    c_only = [r for r in c_revenues if r not in b_revenues]
    if not v["年均交易额下限"]["B"] <= min(b_only):
        raise Fail("B 类的年均交易额下限太高。")
    if not v["年均交易额下限"]["B"] > max(c_only):
        raise Fail("B 类的年均交易额下限太低。")
    if not v["每年电话联系次数"]["A"] <= 365:
        raise Fail("电话次数不合理。")
    if not v["每年拜访次数"]["A"] <= 52:
        raise Fail("拜访次数不合理。")
    if not (v["每年电话联系次数"]["C"] >= 1 and v["每年拜访次数"]["C"] >= 1):
        raise Fail("C 类客户每年也要至少联系、拜访一次。")
    flags = value[TABLE39_FLAG].tolist()
    if not all(isinstance(f, (bool, np.bool_)) for f in flags):
        raise Fail("专人跟进应该填 True 或 False。")
    if bool(flags[0]) is not True:
        raise Fail("A 类客户应该安排专人跟进。")
