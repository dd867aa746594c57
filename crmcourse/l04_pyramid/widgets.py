"""Widgets and figures for lesson 04 客户金字塔模型 (``cl.widgets.l04``).

* :func:`cut_explorer`: three sliders move the tier cuts (in % of customers); the pyramid chart
  (:func:`crmlab.plot_pyramid`) and the table of counts and shares
  (:func:`crmlab.pyramid_summary`) follow. A drop-down switches the tier names between the
  pyramid (重要/次要/普通/小客户) and VIP/A/B/C. On the 120 business customers (by profit) a
  check box leaves out the loss-making customers, to show what that would hide; on the
  14 customers of table 3-7 (by revenue) the ceil rule is easy to follow by eye.
* :func:`loss_chart`: per tier, the profit of the profitable customers and the losses of the
  loss-making ones, beside a close-up of the bottom tier.
"""

from __future__ import annotations

import pandas as pd

from crmlab import datasets
from crmlab.feedback.widgets import Choice, Slider, Toggle, interact
from crmlab.profit import profit_contribution
from crmlab.pyramid import PYRAMID_LABELS, VIP_ABC_LABELS, pyramid, pyramid_summary, tier_sizes
from crmlab.validation import CrmlabError

LABEL_SETS = {
    "客户金字塔：重要/次要/普通/小客户": "pyramid",
    "四级方案：VIP/A/B/C": "vip",
}
_LABELS = {"pyramid": PYRAMID_LABELS, "vip": VIP_ABC_LABELS}
GAIN, LOSS = "#f28e2b", "#4e79a7"


def b2b_profit() -> pd.DataFrame:
    """The 120 business customers with ``profit`` = sales_2025 × gross_margin − service cost."""
    df = datasets.load_dataset("b2b_customers")
    df["profit"] = profit_contribution(df)
    return df


def summary_display(table: pd.DataFrame, value_label: str = "利润") -> pd.DataFrame:
    """:func:`crmlab.pyramid_summary` with Chinese headings and shares as percentages."""
    s = pyramid_summary(table)
    return pd.DataFrame(
        {
            "层级": s["group"].astype(str),
            "客户数": s["customers"],
            "客户占比": [f"{x:.1%}" for x in s["customer_share"]],
            f"{value_label}（万元）": s["value"].round(1),
            f"{value_label}占比": [f"{x:.1%}" for x in s["value_share"]],
        }
    )


def pyramid_view(
    df: pd.DataFrame,
    top: int = 1,
    major: int = 20,
    regular: int = 50,
    names: str = "pyramid",
    drop_losses: bool = False,
    value: str = "profit",
    customer: str = "customer",
    value_label: str = "利润",
):
    """What the explorer shows for cuts ``top`` < ``major`` < ``regular`` (% of customers).

    Returns ``[text, figure, table]``, or a single explanatory string when the cuts are not
    increasing. ``df`` is not changed.
    """
    import matplotlib.pyplot as plt

    from crmlab.plots import plot_pyramid

    if not top < major < regular < 100:
        return (
            f"三条分界要从小到大：现在是 {top}%、{major}%、{regular}%。"
            "请把后面的滑块拖得比前面的大。"
        )
    data = df[df[value] >= 0] if drop_losses else df
    cuts = (top / 100, major / 100, regular / 100)
    labels = _LABELS[names]
    table = pyramid(data, value=value, customer=customer, cuts=cuts, labels=labels)
    n = len(table)
    bounds = [int(b) for b in pd.Series(tier_sizes(n, cuts=cuts)).cumsum()[:3]]
    text = [
        (
            f"{n} 位客户，{value_label}合计 {table[value].sum():.1f} 万元。"
            f"分界名次 (cut-off ranks)：⌈{top}% × {n}⌉ = {bounds[0]}，"
            f"⌈{major}% × {n}⌉ = {bounds[1]}，⌈{regular}% × {n}⌉ = {bounds[2]}。"
        )
    ]
    losses = table[table[value] < 0]
    if len(losses):
        where = losses["tier"].astype(str).value_counts()
        text.append(
            f"其中 {len(losses)} 位亏损客户共亏 {-losses[value].sum():.1f} 万元，分布在："
            + "、".join(f"{k} {v} 位" for k, v in where.items())
            + "。"
        )
    elif drop_losses:
        text.append("（已去掉亏损客户：这只是为了对比，他们其实仍是公司的客户。）")
    fig, ax = plt.subplots(figsize=(8, 4.2), layout="constrained")
    plot_pyramid(table, ax=ax, value_label=value_label)
    return ["\n".join(text), fig, summary_display(table, value_label)]


def cut_explorer(data: str = "b2b") -> None:
    """Sliders for the three cuts; the pyramid, counts and shares update live.

    ``data="b2b"``: the 120 business customers by profit, with a check box that leaves out the
    loss-making customers; ``data="changhai"``: the 14 customers of table 3-7 by revenue.
    """
    controls = {
        "top": Slider("第 1 条分界：前百分之几", 1, 10, 1),
        "major": Slider("第 2 条分界：前百分之几", 5, 50, 20),
        "regular": Slider("第 3 条分界：前百分之几", 20, 95, 50),
        "names": Choice("层级名称", LABEL_SETS, "pyramid"),
    }
    if data not in ("b2b", "changhai"):
        raise CrmlabError(
            f'data 只能是 "b2b" 或 "changhai"，收到 {data!r}。',
            f'data must be "b2b" or "changhai", got {data!r}.',
        )
    if data == "changhai":
        df = datasets.load_dataset("changhai")

        def render(top, major, regular, names):
            return pyramid_view(
                df, top, major, regular, names, value="revenue", value_label="营业收入"
            )

        title = "拖动分界线：长海物流 14 位客户的金字塔"
    else:
        df = b2b_profit()
        controls["drop_losses"] = Toggle("去掉亏损客户（只为对比）", False)

        def render(top, major, regular, names, drop_losses):
            return pyramid_view(df, top, major, regular, names, drop_losses)

        title = "拖动分界线：120 位企业客户，每一层有多少人、带来多少利润？"
    interact(render, title=title, **controls)


def loss_chart(table: pd.DataFrame):
    """Where the losses sit, for a :func:`crmlab.pyramid` result; returns the Figure.

    Left: per tier, the profit of the profitable customers (up) and the losses of the
    loss-making ones (down). Right: the bottom tier alone, split into its profitable customers,
    its loss-making customers and the net result.
    """
    import matplotlib.pyplot as plt

    from crmlab.fonts import use_chinese_font

    use_chinese_font()
    value = table.attrs.get("value", "profit")
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(10, 4.2), width_ratios=(2, 1), layout="constrained"
    )
    g = table.groupby("tier", observed=False)[value]
    gains = g.apply(lambda s: s[s > 0].sum())
    losses = g.apply(lambda s: s[s < 0].sum())
    x = list(range(len(gains)))
    left.bar(x, gains.to_numpy(), color=GAIN, label="盈利客户的利润")
    left.bar(x, losses.to_numpy(), color=LOSS, label="亏损客户的亏损")
    for i in x:
        left.annotate(
            f"{gains.iloc[i]:.1f}",
            (i, gains.iloc[i]),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=10,
        )
        if losses.iloc[i] < 0:
            left.annotate(
                f"{losses.iloc[i]:.1f}",
                (i, losses.iloc[i]),
                xytext=(0, -3),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=10,
                color=LOSS,
            )
    top = float(gains.max())
    left.set_ylim(min(0.0, float(losses.min())) - 0.12 * top, top * 1.12)
    left.axhline(0, color="#666666", lw=0.8)
    left.set_xticks(x, [str(t) for t in gains.index])
    left.set_ylabel("利润（万元）")
    left.set_title("每一层：盈利客户赚的（上）和亏损客户亏的（下）")
    left.legend(loc="upper right", frameon=False)

    bottom = table[table["tier"] == table["tier"].cat.categories[-1]][value]
    won, lost = bottom[bottom > 0], bottom[bottom < 0]
    parts = [
        (f"盈利的\n{len(won)} 位", float(won.sum()), GAIN),
        (f"亏损的\n{len(lost)} 位", float(lost.sum()), LOSS),
        ("合计", float(bottom.sum()), "#888888"),
    ]
    for i, (_, v, colour) in enumerate(parts):
        right.bar(i, v, color=colour, width=0.6)
        right.annotate(
            f"{v:.1f}",
            (i, v),
            xytext=(0, 3 if v >= 0 else -3),
            textcoords="offset points",
            ha="center",
            va="bottom" if v >= 0 else "top",
            fontsize=10,
        )
    span = max(abs(p[1]) for p in parts)
    right.set_ylim(min(0.0, min(p[1] for p in parts)) - 0.25 * span, span * 1.25)
    right.axhline(0, color="#666666", lw=0.8)
    right.set_xticks(range(3), [p[0] for p in parts])
    right.set_title(f"放大看最底层：{table['tier'].cat.categories[-1]}")
    return fig
