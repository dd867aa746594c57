"""The made-up submissions the pipeline tests grade for Lesson 07 综合测验 (review quiz).

``WRONG`` answers with typical mistakes, ``CHEAT`` swaps the visible checks for fakes first;
each names the test cells that must fail. See ``docs/authoring.md``.
"""

from nbbuild import Scenario

# ---- specs for tests/test_nbgrader_pipeline.py ------------------------------------------

# Answers in the wrong format, caught by the public checks: a letter that is not an option,
# and a multiple-choice answer written as one string.
WRONG = Scenario(
    answers={
        "a1_classify": 'q01 = "E"\nq02 = "B"\nq03 = {"A", "C", "D", "E"}\nq04 = "D"',
        "a4_man": 'q11 = "C"\nq12 = "ACD"\nq13 = "D"',
    },
    fails={"q1_classify", "q4_man"},
)

# Always-pass fakes for every check, then answers in the right format but wrong: only the
# hidden tests (the answer key) can catch them.
CHEAT = Scenario(
    prelude="""\
import crmlab as cl

for _name in ("q1_classify", "q2_principles", "q3_relations", "q4_man", "q5_records",
              "q6_clv"):
    setattr(checks, _name, lambda *a, **k: print("✅ 公开检查通过"))
checks.check_group = lambda *a, **k: None
""",
    answers={
        "a1_classify": 'q01 = "A"\nq02 = "A"\nq03 = {"A", "B"}\nq04 = "A"',
        "a2_principles": 'q05 = {"A", "C"}\nq06 = "A"\nq07 = "A"',
        "a3_relations": 'q08 = "B"\nq09 = "A"\nq10 = {"A", "B"}',
        "a4_man": 'q11 = "A"\nq12 = {"A", "B"}\nq13 = "A"',
        "a5_records": 'q14 = {"A", "B"}\nq15 = "A"\nq16 = {"A", "B"}\nq17 = {"A", "B"}',
        "a6_clv": 'q18 = "A"\nq19 = "B"\nq20 = {"A", "B"}',
    },
    fails={"q1_classify", "q2_principles", "q3_relations", "q4_man", "q5_records", "q6_clv"},
)
