"""Hidden tests of lesson 00, on answers as the grader receives them.

The right answers are worked out here by hand from table 3-7 (revenues in 万元):
total 590+140+100+740+120+68+50+50+20+40+12+40+10+20 = 2000; the largest revenue, 740, is
customer 4; revenues of at least 100: 590, 140, 100, 740, 120 -> 5 customers.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmlab.teacher.answers import Missing, Unreadable
from crmlab.teacher.hidden import Submission, load_lesson, run_tests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import nbbuild  # noqa: E402

HIDDEN = load_lesson(REPO / "grading", "00_intro")
TESTS = ["q1_total", "q2_top", "q3_count"]
RIGHT = {"total_revenue": 2000, "top_customer": 4, "n_big": 5}
RIGHT_SOURCES = {
    "a1_total": 'total_revenue = df["revenue"].sum()',
    "a2_top": 'top_customer = df.sort_values("revenue", ascending=False)["customer"].iloc[0]',
    "a3_count": 'n_big = len(df[df["revenue"] >= 100])',
}


def grade(answers=None, sources=None, added=None) -> dict[str, dict]:
    sub = Submission(
        student_id="2024001",
        assignment="00_intro",
        answers={**RIGHT, **(answers or {})},
        sources={**RIGHT_SOURCES, **(sources or {})},
        added=added or [],
    )
    return run_tests(HIDDEN, sub, TESTS)


def failed(results) -> set[str]:
    return {t for t, r in results.items() if not r["passed"]}


def test_exercises_match_the_notebook():
    nb = nbbuild.load_lesson("00_intro").notebook()
    assert list(HIDDEN.EXERCISES) == nbbuild.grade_ids(nb, kind="tests") == TESTS


def test_right_answers_pass():
    assert failed(grade()) == set()
    # the same numbers as numpy scalars after export arrive as plain numbers too
    assert failed(grade({"total_revenue": 2000.0, "top_customer": 4.0})) == set()


@pytest.mark.parametrize(
    ("answers", "fails", "fragment"),
    [
        ({"total_revenue": 2000 / 14}, {"q1_total"}, "合计不对"),  # the mean
        ({"total_revenue": 740}, {"q1_total"}, "合计不对"),  # the largest
        ({"total_revenue": "2000"}, {"q1_total"}, "应该是一个数"),  # text
        ({"top_customer": 740}, {"q2_top"}, "最大的客户不对"),  # the revenue, not the id
        ({"top_customer": 1}, {"q2_top"}, "最大的客户不对"),
        ({"n_big": 4}, {"q3_count"}, "个数不对"),  # > 100 instead of >= 100
        ({"n_big": True}, {"q3_count"}, "应该是一个数"),
    ],
)
def test_typical_mistakes_fail_their_own_exercise(answers, fails, fragment):
    res = grade(answers)
    assert failed(res) == fails
    (test,) = fails
    assert fragment in res[test]["message"] and res[test]["message"].startswith("隐藏测试未通过")


def test_missing_and_unreadable_answers_fail_with_a_message():
    res = grade({"total_revenue": Missing("total_revenue"),
                 "n_big": Unreadable("n_big", type="DataFrame")})
    assert failed(res) == {"q1_total", "q3_count"}
    assert "没有找到变量 `total_revenue`" in res["q1_total"]["message"]
    assert "无法读取" in res["q3_count"]["message"]


def test_odd_shapes_never_crash():
    for value in (pd.Series([1, 2]), pd.DataFrame({"a": [1]}), [4], {"x": 4}, None,
                  float("nan"), np.inf):
        res = grade({"top_customer": value})
        assert not res["q2_top"]["passed"] and res["q2_top"]["message"]


def test_by_hand_rule():
    cheat = 'top_customer = cl.abc_analysis(df, value="revenue")["customer"].iloc[0]'
    res = grade(sources={"a2_top": cheat})
    assert failed(res) == {"q2_top"} and "abc_analysis" in res["q2_top"]["message"]
    hidden = 'f = getattr(cl, "abc_" + "analysis")\ntop_customer = f(df, "revenue")["customer"][0]'
    assert failed(grade(sources={"a2_top": hidden})) == {"q2_top"}
    # a comment does not count; a helper cell the student added does
    assert failed(grade(sources={"a2_top": RIGHT_SOURCES["a2_top"] + "  # not abc_analysis"})) == set()
    assert failed(grade(added=[['t = cl.abc_analysis(df, value="revenue")', ""]])) == {"q2_top"}
    # an example cell of the lesson that already called a crmlab analysis, edited: allowed
    example = 'cl.pyramid(df, value="revenue")'
    assert failed(grade(added=[['cl.pyramid(df, value="revenue", cuts=(0.1, 0.3, 0.6))',
                                example]])) == set()


def test_a_failed_test_carries_the_public_checks_hint():
    """The public check runs in the hidden-test process on the exported answer: its targeted
    hint travels with the verdict, and the grader shows it under the test's own reason."""
    from crmlab.teacher.nbgrader_step import _verdict_outputs

    res = grade({"total_revenue": 2000 / 14})["q1_total"]
    assert res["message"] == "隐藏测试未通过：营业收入合计不对。"
    assert "平均值 (mean)" in res["hint"] and res["hint"].startswith("问题：")
    (out,) = _verdict_outputs(res)
    assert out["evalue"].splitlines()[0] == res["message"]
    assert "平均值 (mean)" in out["evalue"] and out["traceback"] == [out["evalue"]]
    assert grade({"total_revenue": Missing("total_revenue")})["q1_total"]["hint"] == ""
