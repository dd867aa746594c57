"""Widget for lesson 00 入门 (``cl.widgets.l00``): change one customer's revenue and watch the
total and the sorted table follow."""

from __future__ import annotations

import pandas as pd

from crmlab import datasets
from crmlab.feedback.widgets import Choice, Slider, interact


def revenue_table(df: pd.DataFrame, customer, change: float) -> tuple[str, pd.DataFrame]:
    """The summary line and the table sorted by revenue after adding ``change`` to one customer.

    Revenue never goes below 0. The input is not changed.
    """
    t = df[["customer", "revenue"]].copy()
    hit = t["customer"] == customer
    t["revenue"] = (t["revenue"] + hit * change).clip(lower=0)
    t = t.sort_values("revenue", ascending=False, kind="stable").reset_index(drop=True)
    rank = int(t.index[t["customer"] == customer][0]) + 1
    total = t["revenue"].sum()
    mark = "← 改动的客户" if change else "← 选中的客户（还没有改动）"
    shown = pd.DataFrame(
        {
            "名次": range(1, len(t) + 1),
            "客户": t["customer"],
            "营业收入（万元）": t["revenue"],
            "说明": [mark if c == customer else "" for c in t["customer"]],
        }
    )
    line = (
        f"{len(t)} 位客户的营业收入合计 (total)：{total:g} 万元；"
        f"客户 {customer} 现在是 {t.loc[rank - 1, 'revenue']:g} 万元，排第 {rank} 名。"
    )
    return line, shown


def revenue_explorer(df: pd.DataFrame | None = None) -> None:
    """Pick a customer, move the slider to change their revenue, and re-read total and ranks."""
    df = datasets.load_dataset("changhai") if df is None else df
    customers = df["customer"].tolist()

    def render(customer, change):
        return list(revenue_table(df, customer, change))

    interact(
        render,
        title="改一个数：某位客户的营业收入变了，合计和排名会怎样？",
        customer=Choice("客户编号", customers, 4 if 4 in customers else customers[0]),
        change=Slider("收入改动（万元）", -500, 500, 0, step=10),
    )
