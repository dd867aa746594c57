"""An answer taken from the course code is not the student's own work.

The visible checks compute the expected answers, so a student could read them off
(``checks._expected("recency")``, ``checks.expected_table()``, ``widgets.budget_split(...)``).
The hidden tests refuse such an answer, whatever its value; calling a check is fine.
"""

from __future__ import annotations

import types

import pytest

from crmlab.teacher.hidden import Fail, Submission, borrowed_answers, run_tests


def _sub(answer_cell: str, *added) -> Submission:
    return Submission(
        student_id="s1",
        assignment="99_probe",
        answers={"recency": 1.0},
        sources={"a1_recency": answer_cell},
        added=list(added),
    )


def _module():
    def q1_recency(sub):
        if sub.number("recency") != 1.0:
            raise Fail("不对。")

    return types.SimpleNamespace(EXERCISES={"q1_recency": ["recency"]}, q1_recency=q1_recency)


@pytest.mark.parametrize(
    ("cell", "added", "names"),
    [
        ('recency = checks._expected("recency")', (), ["checks._expected"]),
        ("recency = checks.expected_table()['x']", (), ["checks.expected_table"]),
        ("recency = widgets.budget_split(t, v)", (), ["widgets.budget_split"]),
        ("from crmcourse.l05_rfm.checks import _expected\nrecency = _expected('r')", (),
         ["_expected"]),
        ("recency = f('recency')", ("f = checks._expected",), ["f"]),
        ("recency = g('recency')", (["g = f\nf = checks._expected", "x = 1"],), ["g"]),
        ("import crmlab.feedback.checks as fb\nrecency = fb.get_answer('r', 'q')", (),
         ["fb"]),
        ("def f():\n    return checks._expected('r')\nrecency = f()", (), ["f"]),
        ("recency = [checks._expected('r')][0]", (), ["checks._expected"]),
    ],
)
def test_answers_from_course_code_are_refused(cell, added, names):
    sub = _sub(cell, *added)
    assert borrowed_answers(sub, ["recency"]) == sorted(names)
    result = run_tests(_module(), sub, ["q1_recency"])["q1_recency"]
    assert not result["passed"]
    assert "不是自己算出来的" in result["message"]


@pytest.mark.parametrize(
    ("cell", "added"),
    [
        ("recency = 1.0", ()),
        ("recency = 1.0\nchecks.q1_recency()", ()),  # calling a check is fine
        ("recency = 1.0", ("widgets.cut_explorer()",)),  # playing with a widget elsewhere
        ("recency = 1.0", ("t = widgets.budget_split(a, b)",)),  # not used by the answer
        ("# checks._expected('recency') would be cheating\nrecency = 1.0", ()),
        ("checks.by_hand = print\nimport crmlab as cl\nrecency = 1.0", ()),  # not a read
    ],
)
def test_own_work_passes(cell, added):
    sub = _sub(cell, *added)
    assert borrowed_answers(sub, ["recency"]) == []
    assert run_tests(_module(), sub, ["q1_recency"])["q1_recency"]["passed"]
