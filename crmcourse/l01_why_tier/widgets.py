"""Widgets for lesson 01 为什么要分级 (``cl.widgets.l01``).

* :func:`tier_calculator`: type in points and credit, read off the member tier and why;
* :func:`tier_timeline`: pick a member of the travel company and follow their trailing-12-month
  points and their tier at every 60-day review of 2025 (via :func:`crmlab.retier`);
* :func:`top_share_explorer`: a slider "top x% of customers" on the shop's Pareto curve;
* :func:`budget_explorer`: spread a service budget equally or weighted by tier.

Each has a pure helper that returns the text, table or figure (``tier_card``, ``timeline_table``,
``timeline_figure``, ``top_share_figure``, ``budget_split``, ``budget_figure``), so the pieces can
be tested and reused without a widget.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from crmlab import datasets
from crmlab.concentration import concentration
from crmlab.feedback.widgets import Choice, Number, Slider, Toggle, interact
from crmlab.membership import TIER_THRESHOLDS, member_tier, retier
from crmlab.pyramid import tier_sizes
from crmlab.validation import CrmlabError, check_columns, check_frame

from .formulas import DEFAULT_WEIGHTS, budget_split

#: Member tiers, top first, as the lesson shows them.
TIERS_TOP_FIRST = ("钻石", "铂金", "黄金", "普通")
#: The review period of the lesson's timeline: the twelve months of 2025.
TIMELINE_START, TIMELINE_END = "2025-01-01", "2026-01-01"
#: A member whose tier moves both ways in 2025 (铂金, 钻石, 铂金, 钻石).
DEFAULT_MEMBER = "M0151"

_TIER_COLOURS = {"钻石": "#6a3d9a", "铂金": "#4c78a8", "黄金": "#c99a06", "普通": "#8c8c8c"}
_GREY = "#b0b0b0"


# --------------------------------------------------------------------------------------------
# tier calculator


def tier_card(points: float, good_credit: bool) -> tuple[str, pd.DataFrame]:
    """The tier for ``points`` and ``good_credit``, with one row per tier saying which of its
    two conditions hold. The tier itself comes from :func:`crmlab.member_tier`.

    >>> line, table = tier_card(3000, True)
    >>> line.split("→")[1].strip()[:4]
    '铂金会员'
    """
    points_ok = not isinstance(points, bool) and isinstance(points, (int, float, np.number))
    if not points_ok or not math.isfinite(float(points)) or float(points) < 0:
        raise CrmlabError(
            f"积分应是不小于 0 的数，收到 {points!r}。",
            f"points must be a number of at least 0, got {points!r}.",
        )
    tier = member_tier(points, bool(good_credit))
    rows = []
    for name in TIERS_TOP_FIRST:
        need = TIER_THRESHOLDS.get(name, 0)
        enough = float(points) >= need
        credit_ok = bool(good_credit) or name == "普通"
        rows.append(
            {
                "等级": f"{name}会员",
                "积分要求": f"≥ {need:,}" if need else "注册即可",
                "信誉要求": "良好" if name != "普通" else "不要求",
                "积分够吗": "✔" if enough else f"✘ 还差 {need - float(points):,.0f} 分",
                "信誉符合吗": "✔" if credit_ok else "✘",
                "结果": "← 就是这一级" if name == tier else "",
            }
        )
    credit = "信誉良好" if good_credit else "信誉不良"
    line = f"积分 {float(points):,.0f} 分、{credit} → {tier}会员。"
    if not good_credit and float(points) >= TIER_THRESHOLDS["黄金"]:
        line += "积分虽然够高，但信誉不良，只能是普通会员。"
    return line, pd.DataFrame(rows)


def tier_calculator(points: int = 3000, good_credit: bool = True) -> None:
    """Type in points and credit; the table shows which tier's conditions are met."""

    def render(points, good_credit):
        if points is None or points < 0:
            return "积分不能是负数，请输入 0 或更大的数。"
        return list(tier_card(points, good_credit))

    interact(
        render,
        title="会员等级计算器：输入积分，选择信誉，看看是哪一级会员",
        points=Number("近 12 个月积分", int(points)),
        good_credit=Toggle("信誉记录良好", bool(good_credit)),
    )


# --------------------------------------------------------------------------------------------
# one member's tier over a year


def _credit_of(members: pd.DataFrame) -> pd.Series:
    check_columns(members, ["member_id", "good_credit"])
    return members.set_index("member_id")["good_credit"]


def timeline_table(
    orders: pd.DataFrame,
    members: pd.DataFrame,
    member: str,
    start=TIMELINE_START,
    end=TIMELINE_END,
) -> pd.DataFrame:
    """One member's reviews: ``review_date``, ``valid_until``, ``points_12m``, ``tier``.

    This is :func:`crmlab.retier` (every 60 days, 365-day window, credit from ``members``)
    restricted to one member.
    """
    check_frame(orders, "orders")
    check_columns(orders, ["member_id", "date", "points"])
    if member not in set(orders["member_id"]):
        raise CrmlabError(
            f"订单表里没有会员 {member!r}。",
            f"member {member!r} has no orders in the table.",
        )
    table = retier(orders, customer="member_id", date="date", points="points",
                   credit=_credit_of(members), start=start, end=end)
    one = table[table["member_id"] == member].reset_index(drop=True)
    return one.drop(columns="member_id")


def daily_points(orders: pd.DataFrame, member: str, start=TIMELINE_START, end=TIMELINE_END,
                 window: int = 365) -> pd.Series:
    """The member's points over the ``window`` days before each day (day itself excluded),
    for every day from ``start`` up to ``end`` (excluded)."""
    days = pd.date_range(start, pd.Timestamp(end) - pd.Timedelta(days=1), freq="D")
    mine = orders[orders["member_id"] == member]
    per_day = mine.groupby(mine["date"].dt.normalize())["points"].sum()
    first = min(days[0] - pd.Timedelta(days=window), per_day.index.min())
    full = per_day.reindex(pd.date_range(first, days[-1], freq="D"), fill_value=0)
    before = full.cumsum().shift(1, fill_value=0)  # points strictly before each day
    out = before.reindex(days) - before.reindex(days - pd.Timedelta(days=window)).to_numpy()
    return out.rename("points")


def timeline_figure(orders: pd.DataFrame, members: pd.DataFrame, member: str):
    """Step chart: trailing-12-month points every day (grey) and at each review (coloured by
    the tier it gives, held for 60 days), with the tier thresholds."""
    import matplotlib.pyplot as plt
    from matplotlib.dates import DateFormatter
    from matplotlib.lines import Line2D

    from crmlab.fonts import use_chinese_font

    use_chinese_font()
    reviews = timeline_table(orders, members, member)
    daily = daily_points(orders, member)
    info = members.set_index("member_id").loc[member]
    good = bool(info["good_credit"])

    fig, ax = plt.subplots(figsize=(9, 4.6), layout="constrained")
    ax.plot(daily.index, daily.to_numpy(), color=_GREY, lw=1.2)
    top = max(float(daily.max()), float(reviews["points_12m"].max()), 1.0)
    for _, row in reviews.iterrows():
        end = row["valid_until"] + pd.Timedelta(days=1)
        colour = _TIER_COLOURS[str(row["tier"])]
        ax.hlines(row["points_12m"], row["review_date"], end, color=colour, lw=3.2)
        ax.plot([row["review_date"]], [row["points_12m"]], "o", color=colour, ms=5)
        mid = row["review_date"] + (end - row["review_date"]) / 2
        ax.text(mid, row["points_12m"], f"{row['tier']}\n", ha="center", va="bottom",
                fontsize=10, color=colour)
    shown = [t for t in ("黄金", "铂金", "钻石") if TIER_THRESHOLDS[t] <= top * 1.05]
    above = [t for t in ("黄金", "铂金", "钻石") if TIER_THRESHOLDS[t] > top * 1.05]
    shown += above[:1]
    ymax = max(top, *(TIER_THRESHOLDS[t] for t in shown)) * 1.18
    right = reviews["valid_until"].max() + pd.Timedelta(days=1)
    for t in shown:
        y = TIER_THRESHOLDS[t]
        ax.axhline(y, color=_TIER_COLOURS[t], ls="--", lw=0.9, alpha=0.8)
        ax.text(right, y, f" {t} {y:,}", va="center", ha="left", fontsize=9,
                color=_TIER_COLOURS[t])
    ax.set_xlim(pd.Timestamp(TIMELINE_START), right)
    ax.set_ylim(0, ymax)
    ax.set_ylabel("近 12 个月积分（分）")
    ax.set_xlabel("日期（2025 年里每 60 天重新评级一次；最后一次评级的等级有效到次年 2 月）")
    ax.set_xticks(pd.date_range(TIMELINE_START, right, freq="2MS"))
    ax.xaxis.set_major_formatter(DateFormatter("%Y-%m"))
    ax.grid(True, axis="y", color="#e8e8e8", lw=0.8)
    ax.set_axisbelow(True)
    credit = "信誉良好" if good else "信誉不良：积分再高也只能是普通会员"
    ax.set_title(f"会员 {member} {info['name']}（{credit}）：积分与等级的变化")
    handles = [
        Line2D([], [], color=_GREY, lw=1.2, label="每天的近 12 个月积分"),
        Line2D([], [], color="#333333", lw=3.2, marker="o", ms=5,
               label="评级日的积分（颜色表示等级，有效 60 天）"),
    ]
    ax.legend(handles=handles, loc="upper left", fontsize=9, framealpha=0.95)
    return fig


def _member_options(orders: pd.DataFrame, members: pd.DataFrame) -> dict[str, str]:
    have = set(orders["member_id"])
    return {
        f"{m} {n}" + ("（信誉不良）" if not g else ""): m
        for m, n, g in zip(members["member_id"], members["name"], members["good_credit"])
        if m in have
    }


def tier_timeline(member: str = DEFAULT_MEMBER) -> None:
    """Pick a member: their trailing-12-month points and tier at each 60-day review of 2025."""
    orders = datasets.load_dataset("travel_orders")
    members = datasets.load_dataset("travel_members")
    options = _member_options(orders, members)

    def render(member):
        reviews = timeline_table(orders, members, member)
        shown = pd.DataFrame(
            {
                "评级日": reviews["review_date"].dt.strftime("%Y-%m-%d"),
                "有效到": reviews["valid_until"].dt.strftime("%Y-%m-%d"),
                "近 12 个月积分": reviews["points_12m"].astype(int),
                "等级": reviews["tier"].astype(str),
            }
        )
        return [timeline_figure(orders, members, member), shown]

    interact(
        render,
        title="一位会员的一年：每 60 天按近 12 个月积分重新评级",
        member=Choice("会员", options, member),
    )


# --------------------------------------------------------------------------------------------
# the top x% of customers


def top_share_figure(values, top_pct: float):
    """The Pareto curve of ``values`` (customers sorted from largest to smallest) with the top
    ``top_pct`` % of customers marked. Returns ``(line, figure)``; the share comes from
    :func:`crmlab.concentration`."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    from crmlab.fonts import use_chinese_font

    if not 0 < float(top_pct) <= 100:
        raise CrmlabError(
            f"top_pct 应在 0 到 100 之间（不含 0），收到 {top_pct!r}。",
            f"top_pct must be in (0, 100], got {top_pct!r}.",
        )
    use_chinese_font()
    conc = concentration(values, top=float(top_pct) / 100)
    k = tier_sizes(conc.n, cuts=[conc.top])[0]
    x = conc.pareto["cum_count_share"].to_numpy() * 100
    y = conc.pareto["cum_value_share"].to_numpy() * 100
    px, py = k / conc.n * 100, conc.top_share * 100

    fig, ax = plt.subplots(figsize=(6.8, 5.6), layout="constrained")
    ax.plot([0, 100], [0, 100], color="#777777", ls="--", lw=1.1, label="人人贡献一样多时")
    ax.plot(x, y, color="#d1495b", lw=2.2, label="帕累托曲线 (Pareto curve)")
    ax.fill_between(x[x <= px + 1e-9], y[x <= px + 1e-9], color="#d1495b", alpha=0.15, lw=0)
    ax.plot([px, px, 0], [0, py, py], color="#333333", lw=1, ls=":")
    ax.plot([px], [py], "o", color="#333333", ms=6)
    ax.annotate(
        f"前 {top_pct:g}% 的顾客（{k} 位）\n带来 {py:.1f}% 的消费额",
        (px, py),
        xytext=(px + 6 if px < 60 else px - 6, py - 16),
        ha="left" if px < 60 else "right",
        fontsize=11,
        bbox={"boxstyle": "round,pad=0.4", "fc": "white", "ec": "#cccccc"},
    )
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 102)
    ax.xaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    ax.yaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    ax.set_xlabel("顾客累计占比（从消费最多的顾客开始）")
    ax.set_ylabel("消费额累计占比")
    ax.set_title(f"{conc.n} 位顾客的消费额有多集中？")
    ax.grid(True, color="#e8e8e8", lw=0.8)
    ax.set_axisbelow(True)
    ax.legend(loc="lower right", fontsize=9, framealpha=0.95)
    line = (
        f"前 {top_pct:g}% 的顾客（{k} 位）带来了 {py:.1f}% 的消费额；"
        f"其余 {conc.n - k} 位顾客只带来 {100 - py:.1f}%。"
    )
    return line, fig


def top_share_explorer(top: int = 20) -> None:
    """Slide "top x% of customers" and read off the share of the shop's sales they bring."""
    tx = datasets.load_dataset("retail_tx")
    values = tx.groupby("customer_id")["amount"].sum()

    def render(top):
        return list(top_share_figure(values, top))

    interact(
        render,
        title="二八法则：消费最多的前 x% 顾客带来多少消费额？",
        top=Slider("前 x% 的顾客", 1, 100, int(top), step=1),
    )


# --------------------------------------------------------------------------------------------
# spreading a service budget




def budget_figure(split: pd.DataFrame):
    """Bars per tier: share of the value, share of the budget (equal), share of the budget
    (weighted)."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    from crmlab.fonts import use_chinese_font

    use_chinese_font()
    total = float(split["budget_equal"].sum())
    series = [
        ("订单金额占比", split["value_share"], "#d1495b"),
        ("平均分配：预算占比", split["budget_equal"] / total, _GREY),
        ("按等级加权：预算占比", split["budget_weighted"] / total, "#4c78a8"),
    ]
    fig, ax = plt.subplots(figsize=(8, 4.4), layout="constrained")
    x = np.arange(len(split))
    width = 0.26
    for i, (label, s, colour) in enumerate(series):
        ax.bar(x + (i - 1) * width, s.to_numpy() * 100, width, label=label, color=colour)
        for xi, yi in zip(x + (i - 1) * width, s.to_numpy() * 100):
            ax.text(xi, yi + 0.8, f"{yi:.0f}%", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, [f"{t}会员\n（{n} 位）" for t, n in zip(split.index, split["members"])])
    ax.yaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    ax.set_ylabel("占全部的比例")
    ax.set_ylim(0, max(60.0, float(max(s.max() for _, s, _ in series)) * 100 + 8))
    ax.set_title("钱花在哪里：各等级带来的订单金额与分到的服务预算")
    ax.grid(True, axis="y", color="#e8e8e8", lw=0.8)
    ax.set_axisbelow(True)
    ax.legend(fontsize=9, loc="upper left", framealpha=0.95)
    return fig


def budget_display(split: pd.DataFrame) -> pd.DataFrame:
    """The comparison table with Chinese headings and rounded numbers."""
    columns = {
        "会员数": split["members"],
        "订单金额（元）": split["value"].round(0).astype("int64"),
        "平均分配：每人（元）": split["each_equal"].round(1),
        "平均分配：每 1 元服务带来的订单金额": split["value_per_yuan_equal"].round(1),
        "加权：每人（元）": split["each_weighted"].round(1),
        "加权：每 1 元服务带来的订单金额": split["value_per_yuan_weighted"].round(1),
    }
    return pd.DataFrame(
        {name: s.to_numpy() for name, s in columns.items()},
        index=pd.Index([f"{t}会员" for t in split.index], name="等级"),
    )


def _travel_value() -> tuple[pd.Series, pd.Series]:
    members = datasets.load_dataset("travel_members")
    orders = datasets.load_dataset("travel_orders")
    spend = orders[orders["date"].dt.year == 2025].groupby("member_id")["amount"].sum()
    tiers = member_tier(members["points"], members["good_credit"]).astype(str)
    value = members["member_id"].map(spend).fillna(0.0)
    return tiers, value


def budget_explorer(budget: int = 20000) -> None:
    """Move the weights of the top tiers and compare equal and weighted service budgets."""
    tiers, value = _travel_value()

    def render(diamond, platinum, gold):
        weights = {"钻石": diamond, "铂金": platinum, "黄金": gold, "普通": 1}
        split = budget_split(tiers, value, weights, budget)
        line = (
            f"服务预算 {budget:,} 元。权重：钻石 {diamond}、铂金 {platinum}、黄金 {gold}、普通 1"
            f"（一位钻石会员分到的钱是一位普通会员的 {diamond} 倍）。"
        )
        return [line, budget_display(split), budget_figure(split)]

    interact(
        render,
        title="服务预算怎么分：平均分配，还是按等级加权？",
        diamond=Slider("钻石会员的权重", 1, 30, DEFAULT_WEIGHTS["钻石"]),
        platinum=Slider("铂金会员的权重", 1, 30, DEFAULT_WEIGHTS["铂金"]),
        gold=Slider("黄金会员的权重", 1, 30, DEFAULT_WEIGHTS["黄金"]),
    )
