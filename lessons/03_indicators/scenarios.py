"""The made-up submissions the pipeline tests grade for Lesson 03 分级的指标.

``WRONG`` answers with typical mistakes, ``CHEAT`` swaps the visible checks for fakes first;
each names the test cells that must fail. See ``docs/authoring.md``.
"""

from nbbuild import Scenario

#: The weights the lesson gives in its example cell (the CHEAT and the hidden tests reuse them).
_WEIGHTS = (
    'weights = {"sales_2025": 0.4, "gross_margin": 0.2, "payment_days_overdue": 0.2, '
    '"growth_potential": 0.2}'
)

# ---- specs for tests/test_nbgrader_pipeline.py ------------------------------------------

# Two typical mistakes: profit without the service cost, and a payment score that is not
# floored at 0 (customers more than 50 days overdue get a negative payment score).
WRONG = Scenario(
    answers={
        "a3_profit": 'profit = b2b["sales_2025"] * b2b["gross_margin"]',
        "a4_credit": (
            'pay_score = 100 - 2 * b2b["payment_days_overdue"]\n'
            'credit = 0.3 * b2b["operating_score"] + 0.3 * b2b["financial_score"]'
            " + 0.4 * pay_score"
        ),
    },
    fails={"q3_profit", "q4_credit"},
)

# Always-pass fakes for the checks, then wrong answers, or the right score obtained with
# cl.weighted_score where work by hand was asked (q5): the hidden tests must catch each one.
CHEAT = Scenario(
    prelude="""\
import crmlab as cl

for _name in ["q1_sales", "q2_growth", "q3_profit", "q4_credit", "q5_score"]:
    setattr(checks, _name, lambda *a, **k: print("✅ 公开检查通过"))
checks.by_hand = lambda *a, **k: None
""",
    answers={
        "a1_sales": 'cum_sales = b2b["sales_2025"]\nmonthly_avg = b2b["sales_2025"] / 12',
        "a2_growth": 'growth = b2b["sales_2025"] / b2b["sales_2024"]',
        "a3_profit": 'profit = b2b["sales_2025"] * b2b["gross_margin"]',
        "a4_credit": 'credit = b2b["operating_score"]',
        "a5_score": (
            _WEIGHTS + "\nmy_score = cl.weighted_score(b2b, weights=weights, "
            'higher_is_better={"payment_days_overdue": False})["score"]'
        ),
    },
    fails={"q1_sales", "q2_growth", "q3_profit", "q4_credit", "q5_score"},
)
