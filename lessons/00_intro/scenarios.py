"""The made-up submissions the pipeline tests grade for Lesson 00 入门.

``WRONG`` answers with typical mistakes, ``CHEAT`` swaps the visible checks for fakes first;
each names the test cells that must fail. See ``docs/authoring.md``.
"""

from nbbuild import Scenario

# ---- specs for tests/test_nbgrader_pipeline.py ------------------------------------------

# Seconds per cell in the pipeline test's temporary course (every cell here takes well under
# one second; the endless-loop submission waits this long).
PIPELINE_TIMEOUT = 10

# Wrong answers for some exercises: exactly these test cells must score 0, the others full.
WRONG = Scenario(
    answers={
        "a1_total": 'total_revenue = df["revenue"].mean()',
        "a3_count": 'n_big = len(df[df["revenue"] > 100])',
    },
    fails={"q1_total", "q3_count"},
)

# Replace the checks and the data loader with always-pass fakes, then answer wrongly, or rightly
# but with a crmlab analysis function where work by hand was asked (q2): the hidden tests must
# catch every one.
CHEAT = Scenario(
    prelude="""\
import crmlab as cl
import pandas as pd

checks.q1_total = lambda *a, **k: print("✅ 公开检查通过")
checks.q2_top = lambda *a, **k: None
checks.q3_count = lambda *a, **k: None
checks.by_hand = lambda *a, **k: None
_fake = pd.DataFrame({"customer": [1, 2], "revenue": [7, 7]})
cl.load_dataset = lambda *a, **k: _fake.copy()
""",
    answers={
        "a1_total": "total_revenue = 1234",
        "a2_top": 'top_customer = cl.abc_analysis(df, value="revenue")["customer"].iloc[0]',
        "a3_count": "n_big = 3",
    },
    fails={"q1_total", "q2_top", "q3_count"},
)
