"""The made-up submissions the pipeline tests grade for Lesson 02 分级的条件.

``WRONG`` answers with typical mistakes, ``CHEAT`` swaps the visible checks for fakes first;
each names the test cells that must fail. See ``docs/authoring.md``.
"""

from nbbuild import Scenario

# ---- specs for tests/test_nbgrader_pipeline.py ------------------------------------------

_STAFF = """\
managers = 5
capacity = 100
"""

# Three typical mistakes: counting rows instead of orders (an order spans several rows),
# ">= 1" counts every customer as a repeat customer, and a Gini coefficient with the values
# sorted from large to small (the sign flips).
WRONG = Scenario(
    answers={
        "a1_purchases": 'purchases_per_customer = len(tx) / tx["customer_id"].nunique()',
        "a2_repeat": (
            'orders_per_customer = tx.groupby("customer_id")["order_id"].nunique()\n'
            "repeat_share = (orders_per_customer >= 1).mean()"
        ),
        "a4_gini": (
            "x = jia.sort_values(ascending=False).to_numpy()\n"
            "n = len(x)\n"
            "rank = np.arange(1, n + 1)\n"
            "gini_jia = 2 * (rank * x).sum() / (n * x.sum()) - (n + 1) / n"
        ),
    },
    fails={"q1_purchases", "q2_repeat", "q4_gini"},
)

# Always-pass fakes for the checks, then wrong answers, or right values obtained with the
# crmlab function where work by hand was asked (q4, q5): the hidden tests must catch each one.
CHEAT = Scenario(
    prelude="""\
import crmlab as cl

for _name in ["q1_purchases", "q2_repeat", "q3_cv", "q4_gini", "q5_top20", "q6_staff"]:
    setattr(checks, _name, lambda *a, **k: print("✅ 公开检查通过"))
checks.by_hand = lambda *a, **k: None
""",
    answers={
        "a1_purchases": 'purchases_per_customer = len(tx) / tx["customer_id"].nunique()',
        "a2_repeat": "repeat_share = 0.9",
        "a3_cv": 'cv = pd.Series({"甲公司": 1.0, "乙公司": 0.1})',
        "a4_gini": "gini_jia = cl.concentration(jia).gini",
        "a5_top20": "top20_jia = cl.concentration(jia).top_share",
        "a6_staff": _STAFF + "per_manager = len(tx) / managers\nover_limit = True",
    },
    fails={"q1_purchases", "q2_repeat", "q3_cv", "q4_gini", "q5_top20", "q6_staff"},
)
