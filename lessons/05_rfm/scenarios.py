"""The made-up submissions the pipeline tests grade for Lesson 05 RFM 模型.

``WRONG`` answers with typical mistakes, ``CHEAT`` swaps the visible checks for fakes first;
each names the test cells that must fail. See ``docs/authoring.md``.
"""

from nbbuild import Scenario

# ---- specs for tests/test_nbgrader_pipeline.py ------------------------------------------

# Seconds per cell in the pipeline test's temporary course (the slowest cell, the widget,
# takes about two seconds).
PIPELINE_TIMEOUT = 30

# Recency from the first purchase, and R scored the wrong way round: q4 fails, and q5 with it
# (it maps the same flags, so 重要价值 and 重要保持 swap); q2, q3 and q6 still score.
WRONG = Scenario(
    answers={
        "a1_recency": 'recency = (AS_OF - tx.groupby("customer_id")["date"].min()).dt.days',
        "a4_high_low": (
            "hl = rfm.copy()\n"
            'hl["R_high"] = hl["recency"] > hl["recency"].mean()\n'
            'hl["F_high"] = hl["frequency"] > hl["frequency"].mean()\n'
            'hl["M_high"] = hl["monetary"] > hl["monetary"].mean()'
        ),
    },
    fails={"q1_recency", "q4_high_low", "q5_segments"},
)

# Always-pass fakes for the checks, by_hand and the data loader; then crmlab's ready-made
# functions where work by hand was asked (q1, q4, q5) and wrong answers elsewhere.
CHEAT = Scenario(
    prelude="""\
import crmlab as cl
import pandas as pd

for _name in ["q1_recency", "q2_frequency", "q3_monetary", "q4_high_low", "q5_segments",
              "q6_top_segment"]:
    setattr(checks, _name, lambda *a, **k: print("✅ 公开检查通过"))
checks.by_hand = lambda *a, **k: None
checks.by_hand = lambda *a, **k: None
_fake = pd.DataFrame({"customer_id": ["1"], "date": [pd.Timestamp("1998-01-01")],
                      "cds": [1], "amount": [1.0]})
cl.load_dataset = lambda *a, **k: _fake.copy()
""",
    answers={
        "a1_recency": (
            'recency = cl.rfm_table(tx, customer="customer_id", date="date", amount="amount", '
            'as_of=AS_OF)'
            '.set_index("customer_id")["recency"]'
        ),
        "a2_frequency": 'frequency = tx.groupby("customer_id")["date"].nunique()',
        "a3_monetary": 'monetary = tx.groupby("customer_id")["amount"].mean()',
        "a4_high_low": "hl = cl.rfm_segments(rfm)",
        "a5_segments": "seg = cl.rfm_segments(rfm)",
        "a6_top": 'top_segment = "一般挽留客户"\ntop_value_share = 0.5',
    },
    fails={
        "q1_recency",
        "q2_frequency",
        "q3_monetary",
        "q4_high_low",
        "q5_segments",
        "q6_top_segment",
    },
)
