"""The made-up submissions the pipeline tests grade for Lesson 01 为什么要分级.

``WRONG`` answers with typical mistakes, ``CHEAT`` swaps the visible checks for fakes first;
each names the test cells that must fail. See ``docs/authoring.md``.
"""

from nbbuild import Scenario

# ---- specs for tests/test_nbgrader_pipeline.py ------------------------------------------

# Seconds per cell in the pipeline test's temporary course: the slowest cells (widgets with
# figures, the checks that re-tier 200 members) take one to two seconds.
PIPELINE_TIMEOUT = 30

# Wrong answers for three exercises: exactly these test cells must score 0, the others full.
# (No member sits exactly on a threshold at the 2025-07-01 review, so the strict ">" of a1
# does not spill over into q3.)
WRONG = Scenario(
    answers={
        "a1_tiers": """\
def tier_of(points, good_credit):
    if good_credit and points > 10000:
        return "钻石"
    if good_credit and points > 3000:
        return "铂金"
    if good_credit and points > 300:
        return "黄金"
    return "普通"


tiers = [tier_of(p, g) for p, g in zip(members["points"], members["good_credit"])]
""",
        "a5_top_share": (
            'top20_share = pareto_table["value"].tail(120).sum() / pareto_table["value"].sum()'
        ),
        "a6_budget": "budget_weighted = BUDGET * pd.Series(WEIGHTS) / sum(WEIGHTS.values())",
    },
    fails={"q1_tiers", "q5_top_share", "q6_budget"},
)

# Silence every visible check, then answer with crmlab's ready-made functions where the work
# was to be done by hand (the values are right, the method is not): the hidden tests' source
# check must catch every one.
CHEAT = Scenario(
    prelude="""\
import crmlab as cl
import pandas as pd

for _q in ("q1_tiers", "q2_review_points", "q3_review_tiers", "q4_pareto_table",
           "q5_top_share", "q6_budget"):
    setattr(checks, _q, lambda *a, **k: print("✅ 公开检查通过"))
checks.by_hand = lambda *a, **k: None
""",
    answers={
        "a1_tiers": """\
tier_of = lambda points, good_credit: cl.member_tier(points, good_credit)  # noqa: E731
tiers = cl.member_tier(members["points"], members["good_credit"])
""",
        "a2_review_points": """\
_r = cl.retier(orders, customer="member_id", date="date", points="points",
               start=review_date, end=review_date)
review_points = _r.set_index("member_id")["points_12m"].reindex(members["member_id"],
                                                                 fill_value=0)
""",
        "a3_review_tiers": """\
review_tiers = pd.Series(
    cl.member_tier(review_points, members.set_index("member_id")["good_credit"]
                   .reindex(review_points.index)).astype(str).to_numpy(),
    index=review_points.index,
)
""",
        "a4_pareto_table": """\
_v = tx.groupby("customer_id", as_index=False)["amount"].sum()
pareto_table = cl.abc_analysis(_v, value="amount", customer="customer_id").rename(
    columns={"amount": "value", "cum_share": "cum_value_share"})[
    ["customer_id", "value", "cum_count_share", "cum_value_share"]]
""",
        "a5_top_share": (
            'top20_share = cl.concentration(tx.groupby("customer_id")["amount"].sum()).top_share'
        ),
        "a6_budget": """\
budget_weighted = widgets.budget_split(
    tier_table["tier"], tier_table["value"], WEIGHTS, BUDGET)["budget_weighted"]
""",
    },
    fails={
        "q1_tiers", "q2_review_points", "q3_review_tiers",
        "q4_pareto_table", "q5_top_share", "q6_budget",
    },
)
