"""The made-up submissions the pipeline tests grade for Lesson 06 物流客户 ABC 分析.

``WRONG`` answers with typical mistakes, ``CHEAT`` swaps the visible checks for fakes first;
each names the test cells that must fail. See ``docs/authoring.md``.
"""

from nbbuild import Scenario

# ---- specs for tests/test_nbgrader_pipeline.py ------------------------------------------

# Seconds per cell in the pipeline test's temporary course (the slowest cell, the widget's
# static table and chart, takes about a second).
PIPELINE_TIMEOUT = 30

# Wrong answers for some exercises: exactly these test cells must score 0, the others full.
WRONG = Scenario(
    answers={
        "a1_indicator": 'indicator = "D"',
        # the row that crosses a limit counted in the class above (customer 3 in A, 12 in B)
        "a4_classes": """\
tiers = table38.copy()
before = tiers["cum_share"] - tiers["share"]
tiers["abc_class"] = np.where(before < 0.80, "A", np.where(before < 0.95, "B", "C"))""",
        # B visited more often than A
        "a6_table39": """\
table39 = pd.DataFrame(
    {
        "年均交易额下限": [110, 40, 0],
        "年交易次数下限": [24, 12, 1],
        "每年电话联系次数": [52, 12, 4],
        "每年拜访次数": [4, 6, 1],
        "专人跟进": [True, False, False],
    },
    index=["A", "B", "C"],
)""",
    },
    fails={"q1_indicator", "q4_classes", "q6_table39"},
)

# Replace the checks and the data loader with always-pass fakes, then answer wrongly, or rightly
# but with crmlab's ready-made functions where work by hand was asked (q3, q4, q5): the hidden
# tests must catch every one.
CHEAT = Scenario(
    prelude="""\
import crmlab as cl
import pandas as pd

for _name in ["q1_indicator", "q2_total", "q3_table", "q4_classes", "q5_figure", "q6_table39"]:
    setattr(checks, _name, lambda *a, **k: print("✅ 公开检查通过"))
checks.by_hand = lambda *a, **k: None
_fake = pd.DataFrame({"customer": [1, 2], "revenue": [7, 7]})
cl.load_dataset = lambda *a, **k: _fake.copy()
""",
    answers={
        "a1_indicator": 'indicator = "A"',
        "a2_total": "total_revenue = 1234",
        "a3_table": """\
import importlib.util
import pathlib

_real = pd.read_csv(pathlib.Path(importlib.util.find_spec("crmlab").origin).parent / "data"
                    / "changhai.csv")
table38 = cl.abc_analysis(_real, value="revenue", customer="customer")
table38 = table38.rename(columns={"cum_value": "cum_revenue"})""",
        "a4_classes": 'tiers = table38[["customer", "abc_class"]].copy()',
        "a5_figure": (
            'ax35 = cl.plot_pareto(cl.abc_analysis(_real, value="revenue", customer="customer"))'
        ),
        "a6_table39": """\
table39 = pd.DataFrame(
    {
        "年均交易额下限": [110, 40, 0],
        "年交易次数下限": [24, 12, 1],
        "每年电话联系次数": [4, 12, 52],
        "每年拜访次数": [12, 4, 1],
        "专人跟进": [True, False, False],
    },
    index=["A", "B", "C"],
)""",
    },
    fails={"q1_indicator", "q2_total", "q3_table", "q4_classes", "q5_figure", "q6_table39"},
)
