"""The made-up submissions the pipeline tests grade for Lesson 07 综合测验 (review quiz).

``WRONG`` answers with typical mistakes, ``CHEAT`` swaps the visible checks for fakes first;
each names the test cells that must fail. See ``docs/authoring.md``.
"""

from nbbuild import Scenario

# ---- specs for tests/test_nbgrader_pipeline.py ------------------------------------------

# Answers in a wrong format, caught by the public checks (and by the hidden tests): a letter
# that is not an option, a multiple-choice answer written as one string, a lower-case letter
# and a list instead of a set.
WRONG = Scenario(
    answers={
        "a16": 'q16 = "E"',
        "a09": 'q09 = "ABC"',
        "a17": 'q17 = "b"',
        "a02": 'q02 = ["A", "B"]',
    },
    fails={"q16", "q09", "q17", "q02"},
)

# Always-pass fakes for every check, then answers in the right format but wrong: only the
# hidden tests (the answer key) can catch them.
CHEAT = Scenario(
    prelude="""\
for _name in checks.BY_ID:
    setattr(checks, _name, lambda *a, **k: print("✅ 公开检查通过"))
checks.check_question = lambda *a, **k: None
""",
    answers={
        "a01": 'q01 = "A"',
        "a02": 'q02 = {"C", "D"}',
        "a03": 'q03 = {"C", "D"}',
        "a04": 'q04 = {"C", "D"}',
        "a05": 'q05 = "A"',
        "a06": 'q06 = "A"',
        "a07": 'q07 = "A"',
        "a08": 'q08 = "A"',
        "a09": 'q09 = {"C", "D"}',
        "a10": 'q10 = "B"',
        "a11": 'q11 = "A"',
        "a12": 'q12 = "A"',
        "a13": 'q13 = "A"',
        "a14": 'q14 = "A"',
        "a15": 'q15 = "A"',
        "a16": 'q16 = "A"',
        "a17": 'q17 = "A"',
        "a18": 'q18 = {"C", "D"}',
        "a19": 'q19 = {"C", "D"}',
        "a20": 'q20 = "A"',
        "a21": 'q21 = "B"',
        "a22": 'q22 = "A"',
        "a23": 'q23 = {"C", "D"}',
        "a24": 'q24 = "A"',
        "a25": 'q25 = "A"',
        "a26": 'q26 = "A"',
        "a27": 'q27 = {"C", "D"}',
        "a28": 'q28 = {"C", "D"}',
        "a29": 'q29 = "B"',
        "a30": 'q30 = {"C", "D"}',
    },
    fails={f"q{i:02d}" for i in range(1, 31)},
)
