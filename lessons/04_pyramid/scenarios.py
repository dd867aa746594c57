"""The made-up submissions the pipeline tests grade for Lesson 04 客户金字塔模型.

``WRONG`` answers with typical mistakes, ``CHEAT`` swaps the visible checks for fakes first;
each names the test cells that must fail. See ``docs/authoring.md``.
"""

from nbbuild import Scenario

# ---- specs for tests/test_nbgrader_pipeline.py ------------------------------------------

# Wrong answers for some exercises: exactly these test cells must score 0, the others full.
# Exercise 4 is answered correctly with hard-coded cuts, so the rounding slip in exercise 3
# costs exercise 3 only.
WRONG = Scenario(
    answers={
        "a3_bounds": (
            "n = len(b2b)\n"
            "bounds = [round(n * 1 / 100), round(n * 20 / 100), round(n * 50 / 100)]"
        ),
        "a4_tier": (
            'tier = pd.cut(ranked["rank"], bins=[0, 2, 24, 60, len(ranked)],'
            " labels=cl.PYRAMID_LABELS)\n"
            'ranked["tier"] = tier'
        ),
        "a5_key": (
            'key = pyr[pyr["tier"].isin(["重要客户", "次要客户"])]\n'
            "key_customer_share = len(key) / len(pyr)\n"
            'key_profit_share = 100 * key["profit"].sum() / pyr["profit"].sum()'
        ),
        "a7_cross": (
            'cross = pd.crosstab(pyr["tier"], vip["tier"])\n'
            'n_key_in_b = int(cross.loc["次要客户"].sum())'
        ),
    },
    fails={"q3_bounds", "q5_key", "q7_cross"},
)

# Always-pass fakes for the checks and the data loader, then wrong answers, or right ones made
# with crmlab's analyses where work by hand was asked (q2-q4): the hidden tests catch them all.
CHEAT = Scenario(
    prelude="""\
import crmlab as cl
import pandas as pd

for _name in ("q1_profit", "q2_rank", "q3_bounds", "q4_tier", "q5_key", "q7_cross"):
    setattr(checks, _name, lambda *a, **k: print("✅ 公开检查通过"))
checks.by_hand = lambda *a, **k: None
_fake = pd.DataFrame({"customer": ["C001", "C002"], "profit": [1.0, 1.0]})
cl.load_dataset = lambda *a, **k: _fake.copy()
""",
    answers={
        "a1_profit": 'profit = b2b["sales_2025"] * b2b["gross_margin"]\nb2b["profit"] = profit',
        "a2_rank": 'ranked = cl.pyramid(b2b, value="profit", customer="customer")',
        "a3_bounds": (
            "n = len(b2b)\n"
            "bounds = [sum(cl.tier_sizes(n, cuts=cl.PYRAMID_CUTS)[:k]) for k in (1, 2, 3)]"
        ),
        "a4_tier": (
            'tier = cl.pyramid(b2b, value="profit", customer="customer")["tier"]\n'
            'ranked["tier"] = tier'
        ),
        "a5_key": "key_customer_share = 0.2\nkey_profit_share = 0.8",
        "a7_cross": "cross = pd.DataFrame()\nn_key_in_b = 18",
    },
    fails={"q1_profit", "q2_rank", "q3_bounds", "q4_tier", "q5_key", "q7_cross"},
)
