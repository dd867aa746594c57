"""Widget for lesson 06 物流客户 ABC 分析 (``cl.widgets.l06``): move the A and B limits and watch
table 3-8, the classes and figure 3-5 follow."""

from __future__ import annotations

import pandas as pd

from crmlab import datasets
from crmlab.abc import abc_analysis, abc_summary
from crmlab.feedback.widgets import Slider, interact

A_DEFAULT, B_DEFAULT = 0.80, 0.95
REVENUE_LABEL = "营业收入（万元）"


def abc_table(df: pd.DataFrame, a: float, b: float) -> pd.DataFrame:
    """Table 3-8 with the classes for limits ``a`` and ``b``, shares as percentages (display)."""
    t = abc_analysis(df, value="revenue", customer="customer", a=a, b=b)
    return pd.DataFrame(
        {
            "名次": t["rank"],
            "客户": t["customer"],
            "营业收入（万元）": t["revenue"],
            "占比": t["share"].map(lambda x: f"{x * 100:.1f}%"),
            "累计营业收入（万元）": t["cum_value"].map("{:g}".format),
            "累计占比": t["cum_share"].map(lambda x: f"{x * 100:.1f}%"),
            "类别": t["abc_class"].astype(str),
        }
    )


def abc_line(df: pd.DataFrame, a: float, b: float) -> str:
    """One sentence: how many customers each class has and its share of the revenue."""
    s = abc_summary(abc_analysis(df, value="revenue", customer="customer", a=a, b=b))
    parts = [
        f"{r['group']} 类 {r['customers']} 位（占客户 {r['customer_share'] * 100:.1f}%），"
        f"营业收入占 {r['value_share'] * 100:.1f}%"
        for _, r in s.iterrows()
    ]
    return f"a = {a * 100:g}%，b = {b * 100:g}%：" + "；".join(parts) + "。"


def abc_view(df: pd.DataFrame, a: float, b: float) -> list | str:
    """What the widget shows for limits ``a`` < ``b``: a summary line, the table and the chart."""
    from crmlab.plots import plot_pareto

    a, b = round(float(a), 2), round(float(b), 2)
    if not a < b:
        return (
            f"A 类界限 a（{a * 100:g}%）要小于 B 类界限 b（{b * 100:g}%）："
            "请把 a 调小，或者把 b 调大。"
        )
    named = df.rename(columns={"revenue": REVENUE_LABEL})  # Chinese axis label and legend
    ax = plot_pareto(abc_analysis(named, value=REVENUE_LABEL, customer="customer", a=a, b=b))
    return [abc_line(df, a, b), abc_table(df, a, b), ax.figure]


def abc_explorer(df: pd.DataFrame | None = None) -> None:
    """Sliders for the A limit ``a`` and the B limit ``b``; table 3-8 and figure 3-5 follow."""
    df = datasets.load_dataset("changhai") if df is None else df

    def render(a, b):
        return abc_view(df, a, b)

    # a starts at 0.70 so that A keeps at least two customers and its label fits on the chart
    interact(
        render,
        title="拖动滑块：A 类、B 类的累计占比界限变了，分类结果会怎样？",
        a=Slider("A 类界限 a（0.80 即 80%）", 0.70, 0.90, A_DEFAULT, step=0.05),
        b=Slider("B 类界限 b（0.95 即 95%）", 0.85, 0.99, B_DEFAULT, step=0.01),
    )
