"""Figures for the lessons: Pareto chart, customer pyramid, Lorenz curve, RFM segments and heatmap.

Every function takes the table an analysis returned, then keyword-only options: the columns
to use (``value=``, ``customer=``; by default the ones the analysis recorded) and ``ax=None``.
Without ``ax`` it opens a new figure; either way it returns the Axes it drew on. Labels are
Chinese by default and English after ``crmlab.set_language("en")``. The CJK font is registered first (see :mod:`crmlab.fonts`).

>>> import crmlab as cl
>>> t = cl.abc_analysis(cl.load_dataset("changhai"), value="revenue", customer="customer")
>>> ax = cl.plot_pareto(t)
>>> [label.get_text() for label in ax.get_xticklabels()][:4]
['4', '1', '2', '5']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._i18n import tr
from ._summary import group_summary
from .concentration import concentration
from .fonts import use_chinese_font
from .rfm import RFM_SEGMENT_NAMES, rfm_scores
from .validation import (
    check_columns,
    check_fraction,
    check_frame,
    column_from_attrs,
    data_first,
)

FIGSIZE = (9, 5)

# Light background colours for the A/B/C regions and a strong colour for their labels.
_CLASS_FILL = {"A": "#fbe3d6", "B": "#fdf1c9", "C": "#e4ecf5"}
_CLASS_TEXT = {"A": "#b5451b", "B": "#9a6b00", "C": "#3d5a80"}
_BAR = "#4c78a8"
_LINE = "#d1495b"

# Above this many customers the Pareto chart drops per-customer tick labels and markers.
_MANY = 40


def _axes(ax, figsize=FIGSIZE):
    use_chinese_font()
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _pct(x: float, decimals: int = 1) -> str:
    return f"{x * 100:.{decimals}f}%"


def _segment_name(name) -> str:
    """A standard segment's name in the current language; any other name as it is."""
    pos = RFM_SEGMENT_NAMES.canonical(str(name))
    return str(name) if pos is None else RFM_SEGMENT_NAMES[pos]


# --------------------------------------------------------------------------------------------
# Pareto chart (figure 3-5 of the logistics lesson)
# --------------------------------------------------------------------------------------------


@data_first(old_order=("ax", "a", "b"))
def plot_pareto(
    data: pd.DataFrame,
    *,
    value: str | None = None,
    customer: str | None = None,
    a: float | None = None,
    b: float | None = None,
    ax=None,
):
    """Pareto chart of an :func:`~crmlab.abc_analysis` result.

    ``value`` and ``customer`` name the columns; by default the ones ``abc_analysis`` used
    (kept in ``data.attrs``, which a merge may drop: then name them). Bars show each customer's
    value (left axis) in the table's order (largest first); the line shows the cumulative share
    in % (right axis); dashed lines mark the A and B limits ``a`` and ``b`` (default: the ones
    the analysis used); the A/B/C regions are shaded. Customer codes
    label the x axis (ranks when the table has no customer column, and only a few ranks when
    there are more than 40 customers). Returns the left Axes; the right one is
    ``ax.right_ax``.
    """
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    table = check_frame(data, "data")
    value = column_from_attrs(table, value, "value", "abc_analysis", "value")
    if customer is None:
        customer = table.attrs.get("customer")
        if customer not in table.columns:
            customer = None
    check_columns(table, [value, customer, "cum_share", "abc_class"])
    a = check_fraction(table.attrs.get("a", 0.80) if a is None else a, "a")
    b = check_fraction(table.attrs.get("b", 0.95) if b is None else b, "b")

    ax = _axes(ax)
    n = len(table)
    many = n > _MANY
    x = np.arange(n)
    values = table[value].to_numpy(dtype=float)
    cum = table["cum_share"].to_numpy(dtype=float) * 100
    classes = table["abc_class"].astype(str).to_numpy()

    # Shaded class regions with a label at the top of each.
    for cls in pd.unique(classes):
        pos = np.flatnonzero(classes == cls)
        lo, hi = pos.min() - 0.5, pos.max() + 0.5
        ax.axvspan(lo, hi, color=_CLASS_FILL.get(cls, "#eeeeee"), zorder=0, lw=0)
        label = tr(f"{cls} 类", f"class {cls}")
        if not many:
            label += tr(f"（{len(pos)} 位）", f" ({len(pos)})")
        ax.text(
            (lo + hi) / 2,
            0.975,
            label,
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="top",
            fontsize=11,
            color=_CLASS_TEXT.get(cls, "#333333"),
            clip_on=True,
        )

    bars = ax.bar(
        x,
        values,
        width=0.7 if not many else 1.0,
        color=_BAR,
        zorder=2,
        linewidth=0,
        label=str(value),
    )
    top = max(values.max(), 0)
    ax.set_ylim(0, top * 1.22 if top > 0 else 1)
    ax.set_ylabel(str(value))
    ax.set_xlim(-0.5, n - 0.5)
    ax.spines["top"].set_visible(False)

    if customer is not None and not many:
        ax.set_xticks(x, [str(c) for c in table[customer].tolist()])
        ax.set_xlabel(
            tr("客户编号（按价值从高到低排列）", "customer (sorted by value, high to low)")
        )
    elif not many:
        ax.set_xticks(x, [str(r) for r in range(1, n + 1)])
        ax.set_xlabel(tr("客户排名", "customer rank"))
    else:
        ranks = [1, *(int(r) for r in MaxNLocator(nbins=10, integer=True).tick_values(1, n))]
        ranks = sorted({r for r in ranks if 1 <= r <= n})
        ax.set_xticks([r - 1 for r in ranks], [str(r) for r in ranks])
        ax.set_xlabel(
            tr(
                f"客户排名（共 {n} 位，按价值从高到低）",
                f"customer rank ({n} customers, by value, high to low)",
            )
        )
    ax.tick_params(axis="x", length=0 if not many else 3.5)

    right = ax.twinx()
    ax.right_ax = right
    line_kw = {"marker": "o", "markersize": 4} if not many else {}
    (line,) = right.plot(
        x, cum, color=_LINE, lw=2, zorder=3, label=tr("累计占比", "cumulative share"), **line_kw
    )
    right.set_ylim(0, 118)
    right.set_yticks(np.arange(0, 101, 20))
    right.yaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    right.set_ylabel(tr("累计占比", "cumulative share"), rotation=270, labelpad=14)
    right.spines["top"].set_visible(False)
    for limit in (a, b):
        right.axhline(limit * 100, color="#555555", ls="--", lw=1, zorder=1)
        right.text(
            0.995,
            limit * 100 - 1.2,
            f"{limit * 100:g}%",
            ha="right",
            va="top",
            transform=right.get_yaxis_transform(),
            fontsize=9,
            color="#444444",
            zorder=4,
        )
    if not many:
        for xi, yi in zip(x, cum):
            right.annotate(
                f"{yi:.1f}",
                (xi, yi),
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
                color=_LINE,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )

    handles = [bars, line]
    ax.legend(
        handles,
        [h.get_label() for h in handles],
        loc="center right",
        bbox_to_anchor=(1.0, 0.55),
        frameon=True,
        framealpha=0.9,
        fontsize=9,
    )
    ax.set_title(
        tr("客户 ABC 分析：帕累托图 (Pareto chart)", "Customer ABC analysis: Pareto chart")
    )
    return ax


# --------------------------------------------------------------------------------------------
# Customer pyramid
# --------------------------------------------------------------------------------------------


@data_first(old_order=("ax", "value_label"))
def plot_pyramid(
    data: pd.DataFrame, *, value: str | None = None, value_label: str | None = None, ax=None
):
    """Draw the customer pyramid of a :func:`~crmlab.pyramid` result.

    ``value`` names the value column (default: the one ``pyramid`` ranked by).

    One band per tier, the top tier at the apex; the bands have equal heights (it is a diagram,
    not a bar chart). Beside each band: the tier name, its share of customers and its share of
    the total value (``value_label`` names the value, default 价值 / value).
    """
    from matplotlib.patches import Polygon

    from .pyramid import pyramid_summary

    summary = pyramid_summary(data, value=value)
    if value_label is None:
        value_label = tr("价值", "value")
    ax = _axes(ax)
    k = len(summary)
    colours = _tier_colours(k)
    half = 1.0  # half-width of the base
    text_x = half + 0.25
    for i, row in enumerate(summary.itertuples(index=False)):
        y_top, y_bot = k - i, k - i - 1
        w_top, w_bot = half * i / k, half * (i + 1) / k
        band = Polygon(
            [(-w_bot, y_bot), (w_bot, y_bot), (w_top, y_top), (-w_top, y_top)],
            closed=True,
            facecolor=colours[i],
            edgecolor="white",
            lw=2,
        )
        ax.add_patch(band)
        y_mid = (y_top + y_bot) / 2
        w_mid = (w_top + w_bot) / 2
        ax.plot([w_mid + 0.04, text_x - 0.04], [y_mid, y_mid], color="#999999", lw=0.8, ls=":")
        ax.text(
            text_x,
            y_mid + 0.1,
            str(row.group),
            ha="left",
            va="bottom",
            fontsize=12,
            color=colours[i] if i < k - 1 else "#333333",
        )
        detail = tr(
            f"客户 {_pct(row.customer_share)}（{row.customers} 位）· "
            f"{value_label} {_pct(row.value_share)}",
            f"customers {_pct(row.customer_share)} ({row.customers}) · "
            f"{value_label} {_pct(row.value_share)}",
        )
        ax.text(text_x, y_mid - 0.05, detail, ha="left", va="top", fontsize=10, color="#333333")
    ax.set_xlim(-half - 0.05, half + 2.0)
    ax.set_ylim(-0.05, k + 0.05)
    ax.set_axis_off()
    ax.set_title(tr("客户金字塔 (customer pyramid)", "Customer pyramid"))
    return ax


def _tier_colours(k: int) -> list:
    import matplotlib

    cmap = matplotlib.colormaps["YlOrRd"]
    return [cmap(v) for v in np.linspace(0.85, 0.25, k)]


# --------------------------------------------------------------------------------------------
# Lorenz curve
# --------------------------------------------------------------------------------------------


@data_first(old_order=("ax",))
def plot_lorenz(data, *, value: str | None = None, ax=None):
    """Lorenz curve of a :func:`~crmlab.concentration` result, with the Gini coefficient.

    ``data`` may also be what :func:`~crmlab.concentration` takes (a column of values, or a
    table with ``value`` naming the column); the curve is then computed first.

    x: cumulative share of customers (smallest first), y: cumulative share of value, both in %.
    The shaded area between the curve and the diagonal of perfect equality is what the Gini
    coefficient measures (Gini = twice that area).
    """
    from matplotlib.ticker import PercentFormatter

    conc = data
    lorenz = getattr(conc, "lorenz", None)
    if not isinstance(lorenz, pd.DataFrame):
        conc = concentration(data, value=value)
        lorenz = conc.lorenz
    check_columns(lorenz, ["cum_count_share", "cum_value_share"])
    ax = _axes(ax, figsize=(7.5, 6))
    x = lorenz["cum_count_share"].to_numpy(dtype=float) * 100
    y = lorenz["cum_value_share"].to_numpy(dtype=float) * 100
    ax.plot(
        [0, 100],
        [0, 100],
        color="#777777",
        ls="--",
        lw=1.2,
        label=tr("绝对平均线 (equality)", "line of equality"),
    )
    ax.fill_between(
        x, y, x, color=_LINE, alpha=0.15, lw=0, label=tr("不平均的部分", "inequality area")
    )
    ax.plot(x, y, color=_LINE, lw=2.2, label=tr("洛伦兹曲线 (Lorenz curve)", "Lorenz curve"))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_aspect("equal")
    ax.xaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    ax.yaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    ax.set_xlabel(
        tr("客户累计占比（从小客户到大客户）", "cumulative share of customers (smallest first)")
    )
    ax.set_ylabel(tr("价值累计占比", "cumulative share of value"))
    ax.grid(True, color="#e5e5e5", lw=0.8)
    ax.set_axisbelow(True)
    gini = float(conc.gini)
    ax.set_title(
        tr(
            f"洛伦兹曲线：基尼系数 (Gini) = {gini:.2f}",
            f"Lorenz curve: Gini coefficient = {gini:.2f}",
        )
    )
    ax.legend(loc="upper left", fontsize=9, framealpha=0.95)
    top, top_share = getattr(conc, "top", None), getattr(conc, "top_share", None)
    if top is not None and top_share is not None:
        ax.text(
            0.03,
            0.70,
            tr(
                f"前 {_pct(top, 0)} 的客户\n贡献 {_pct(top_share)} 的价值",
                f"the top {_pct(top, 0)} of customers\nbring {_pct(top_share)} of the value",
            ),
            transform=ax.transAxes,
            ha="left",
            va="top",
            fontsize=10,
            bbox={"boxstyle": "round,pad=0.4", "fc": "white", "ec": "#cccccc"},
        )
    return ax


# --------------------------------------------------------------------------------------------
# RFM
# --------------------------------------------------------------------------------------------


@data_first(old_order=("ax",))
def plot_rfm_segments(data: pd.DataFrame, *, value: str = "monetary", ax=None):
    """Customer share and value share of each RFM segment, as side-by-side horizontal bars.

    ``data`` is an :func:`~crmlab.rfm_segments` result (column ``segment``); ``value`` names
    the value column (default ``monetary``). The shares are those of
    :func:`~crmlab.segment_summary`. All eight segments are listed, in the standard order, even
    when one is empty.
    """
    from matplotlib.ticker import PercentFormatter

    seg = check_frame(data, "data")
    summary = group_summary(seg, group="segment", value=value)
    names = list(summary["group"])
    cust_share = summary["customer_share"].to_numpy(dtype=float)
    value_share = summary["value_share"].to_numpy(dtype=float)

    ax = _axes(ax)
    y = np.arange(len(names))
    h = 0.38
    b1 = ax.barh(
        y - h / 2,
        cust_share * 100,
        height=h,
        color=_BAR,
        label=tr("客户占比 (customer share)", "share of customers"),
    )
    b2 = ax.barh(
        y + h / 2,
        value_share * 100,
        height=h,
        color="#f2a541",
        label=tr("价值占比 (value share)", "share of value"),
    )
    for bars, shares in ((b1, cust_share), (b2, value_share)):
        for rect, s in zip(bars, shares):
            ax.text(
                rect.get_width() + 0.6,
                rect.get_y() + rect.get_height() / 2,
                _pct(s),
                va="center",
                ha="left",
                fontsize=8.5,
                color="#333333",
            )
    ax.set_yticks(y, [_segment_name(s) for s in names])
    ax.invert_yaxis()
    hi = max(cust_share.max(), value_share.max()) * 100
    ax.set_xlim(0, hi * 1.15 + 3)
    ax.xaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    ax.set_xlabel(tr("占全部客户 / 全部消费金额的比例", "share of all customers / of all spending"))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(True, axis="x", color="#e5e5e5", lw=0.8)
    ax.set_axisbelow(True)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, fontsize=9, frameon=False)
    ax.set_title(
        tr(f"RFM 客户细分：{len(seg):,} 位客户", f"RFM segments: {len(seg):,} customers"), pad=24
    )
    return ax


@data_first(old_order=("ax",))
def plot_rfm_heatmap(data: pd.DataFrame, *, value: str = "monetary", ax=None):
    """R score × F score heatmap: colour = mean ``value`` (monetary), number = customers.

    ``data`` is an :func:`~crmlab.rfm_scores` or :func:`~crmlab.rfm_segments` result; without
    ``R_score``/``F_score`` columns the scores are computed with ``rfm_scores(data)``. Score 5
    is the best (most recent, most frequent). Empty cells stay blank.
    """
    seg = check_frame(data, "data")
    if not {"R_score", "F_score"} <= set(seg.columns):
        seg = rfm_scores(seg)
    check_columns(seg, ["R_score", "F_score", value])
    r = seg["R_score"].astype(int)
    f = seg["F_score"].astype(int)
    top = int(max(5, r.max(), f.max()))
    levels = np.arange(1, top + 1)
    grouped = seg[value].astype(float).groupby([r.to_numpy(), f.to_numpy()])
    mean = grouped.mean().unstack().reindex(index=levels, columns=levels)
    count = grouped.size().unstack().reindex(index=levels, columns=levels).fillna(0)

    ax = _axes(ax, figsize=(8, 5.5))
    import matplotlib

    cmap = matplotlib.colormaps["YlGnBu"].with_extremes(bad="#f4f4f4")
    data = np.ma.masked_invalid(mean.to_numpy(dtype=float))
    im = ax.imshow(
        data, cmap=cmap, origin="lower", aspect="auto", extent=(0.5, top + 0.5, 0.5, top + 0.5)
    )
    norm = im.norm
    for i, rs in enumerate(levels):
        for j, fs in enumerate(levels):
            c = int(count.iloc[i, j])
            if c == 0:
                continue
            dark = norm(mean.iloc[i, j]) > 0.55
            ax.text(
                fs,
                rs,
                f"{c:,}",
                ha="center",
                va="center",
                fontsize=10,
                color="white" if dark else "#222222",
            )
    ax.set_xticks(levels)
    ax.set_yticks(levels)
    ax.set_xlabel(tr("F 分（购买频率，5 = 最频繁）", "F score (frequency, 5 = most frequent)"))
    ax.set_ylabel(tr("R 分（最近一次购买，5 = 最近）", "R score (recency, 5 = most recent)"))
    ax.set_title(
        tr(
            "RFM 热力图：格中数字为客户数，颜色为平均消费金额",
            "RFM heatmap: customers per cell, colour = mean spending",
        )
    )
    bar = ax.figure.colorbar(im, ax=ax)
    bar.set_label(tr("平均消费金额 (mean monetary)", "mean monetary value"))
    return ax
