"""Widget for lesson 03 分级的指标 (``cl.widgets.l03``): weights for the four indicator groups,
the top-10 ranking and who moves in or out of the top 20% compared with ranking by order
amount alone.

The indicator groups, from the B2B dataset ``cl.load_dataset("b2b_customers")``:

* 订单金额: cumulative sales 2023–2025 (万元);
* 利润贡献: sales_2025 × gross_margin − service_cost_2025 (万元);
* 信用状况: 0.3 × operating_score + 0.3 × financial_score + 0.4 × payment score, where the
  payment score is max(0, 100 − 2 × payment_days_overdue);
* 发展前景: growth_potential (1–5).

>>> import pandas as pd
>>> one = pd.DataFrame({"operating_score": [80], "financial_score": [60],
...                     "payment_days_overdue": [10]})
>>> float(credit(one).iloc[0])  # 0.3 * 80 + 0.3 * 60 + 0.4 * (100 - 20)
74.0
"""

from __future__ import annotations

import pandas as pd

from crmlab import datasets
from crmlab.feedback.widgets import Slider, interact
from crmlab.pyramid import tier_sizes
from crmlab.scoring import weighted_score

from .formulas import credit, cumulative_sales, profit

GROUPS = ("订单金额", "利润贡献", "信用状况", "发展前景")
DEFAULT_WEIGHTS = {"订单金额": 3, "利润贡献": 3, "信用状况": 2, "发展前景": 2}
TOP = 0.2
_COLOURS = {"订单金额": "#4c78a8", "利润贡献": "#f58518", "信用状况": "#54a24b", "发展前景": "#b279a2"}


# The lesson's formulas. They are private so that the notebook's exercises are done by hand;
# the checks of lesson 03 use them to compute the expected answers.










def indicator_groups(df: pd.DataFrame) -> pd.DataFrame:
    """One column per indicator group (higher is better in each), plus customer and name."""
    return pd.DataFrame(
        {
            "customer": df["customer"],
            "name": df["name"],
            "订单金额": cumulative_sales(df),
            "利润贡献": profit(df),
            "信用状况": credit(df),
            "发展前景": df["growth_potential"],
        }
    ).reset_index(drop=True)


def top_count(n: int, top: float = TOP) -> int:
    """How many customers make the top ``top`` share (rounded up, like the pyramid)."""
    return tier_sizes(n, cuts=[top])[0]


def ranking(groups: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    """``groups`` with ``score`` and ``score_rank`` (cl.weighted_score), best first."""
    used = {g: w for g, w in weights.items() if w > 0}
    scored = weighted_score(groups, weights=used)
    return scored.sort_values(["score_rank", "customer"], kind="stable").reset_index(drop=True)


def moves(groups: pd.DataFrame, weights: dict[str, float], top: float = TOP):
    """Customers who enter / leave the top ``top`` compared with ranking by 订单金额 alone."""
    k = top_count(len(groups), top)
    base = set(groups.sort_values("订单金额", ascending=False, kind="stable")["customer"][:k])
    now = set(ranking(groups, weights)["customer"][:k])
    return sorted(now - base), sorted(base - now)


def _contribution_chart(ranked: pd.DataFrame, weights: dict[str, float], n: int = 10):
    """Stacked bars: how many of each top-10 customer's points come from each group."""
    import matplotlib.pyplot as plt

    from crmlab.fonts import use_chinese_font

    use_chinese_font()
    total = sum(w for w in weights.values() if w > 0)
    top = ranked.head(n).iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 4.2), layout="constrained")
    left = pd.Series(0.0, index=top.index)
    for g in GROUPS:
        w = weights.get(g, 0)
        if w <= 0:
            continue
        col = ranked[g]
        span = col.max() - col.min()
        norm = (top[g] - col.min()) / span if span > 0 else pd.Series(1.0, index=top.index)
        part = 100 * w / total * norm
        ax.barh(top["customer"], part, left=left, color=_COLOURS[g], label=g)
        left = left + part
    ax.set_xlim(0, 100)
    ax.set_xlabel("综合得分（0–100），按四类指标拆开")
    ax.set_title(f"综合得分前 {n} 名：分数来自哪类指标")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, frameon=False)
    return fig


def top10_table(ranked: pd.DataFrame, groups: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The first ``n`` rows of a ranking, with Chinese column names and the sales-only rank."""
    sales_rank = groups["订单金额"].rank(method="min", ascending=False).astype("int64")
    by_customer = dict(zip(groups["customer"], sales_rank))
    top = ranked.head(n)
    return pd.DataFrame(
        {
            "名次": top["score_rank"].to_numpy(),
            "客户": top["customer"].to_numpy(),
            "名称": top["name"].to_numpy(),
            "综合得分": top["score"].round(1).to_numpy(),
            "累计订单金额（万元）": top["订单金额"].round(1).to_numpy(),
            "利润贡献（万元）": top["利润贡献"].round(1).to_numpy(),
            "信用状况（分）": top["信用状况"].round(1).to_numpy(),
            "发展前景（级）": top["发展前景"].to_numpy(),
            "只看累计订单金额时的名次": [by_customer[c] for c in top["customer"]],
        }
    )


def _names(customers: list[str]) -> str:
    return "、".join(customers) if customers else "无"


def explain(groups: pd.DataFrame, weights: dict[str, float]) -> str:
    """The line above the chart: the weights and the moves in and out of the top 20%."""
    k = top_count(len(groups))
    total = sum(weights.values())
    shares = "，".join(f"{g} {100 * weights[g] / total:.0f}%" for g in GROUPS)
    entered, left = moves(groups, weights)
    line = (
        f"权重：{shares}。\n"
        f"和只看累计订单金额相比，前 20%（{k} 位）的客户里：新进入 {len(entered)} 位：{_names(entered)}；"
        f"掉出 {len(left)} 位：{_names(left)}。"
    )
    scores = ranking(groups, weights)["score"].round(9)
    if k < len(scores) and scores.iloc[k - 1] == scores.iloc[k]:
        line += (
            f"\n注意：第 {k} 名和第 {k + 1} 名同分，同分的客户按编号先后排，"
            "所以前 20% 的名单有一部分是偶然的。只看一个指标时，同分的情况尤其多。"
        )
    return line


def weight_explorer(df: pd.DataFrame | None = None) -> None:
    """Sliders for the four indicator weights; the top-10 ranking and the moves follow."""
    groups = indicator_groups(datasets.load_dataset("b2b_customers") if df is None else df)

    def render(**weights):
        if sum(weights.values()) <= 0:
            return "四个权重不能全为 0：至少给一类指标一点权重。"
        ranked = ranking(groups, weights)
        return [
            explain(groups, weights),
            _contribution_chart(ranked, weights),
            top10_table(ranked, groups).set_index("名次"),
        ]

    interact(
        render,
        title="调一调四类指标的权重：谁进了前 10 名？谁进出了前 20%？",
        **{g: Slider(f"{g}的权重", 0, 10, DEFAULT_WEIGHTS[g]) for g in GROUPS},
    )
