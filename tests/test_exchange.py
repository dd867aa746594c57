"""Hand-ins through nbgrader's exchange (the JupyterHub way) and a resubmission.

A throw-away course (lesson 00) with its own exchange folder; a student working folder with its
own ``nbgrader_config.py``. Real nbgrader commands throughout:

1. teacher ``generate_assignment``, ``release_assignment``;
2. student ``fetch_assignment``, answers copied from the teacher's solution, ``submit``;
3. teacher ``collect``, ``python -m crmlab.teacher grade``, a mark by hand for the written
   answer (``nbgrader.api.Gradebook``, as formgrader would store it);
4. the student resubmits with one wrong answer;
5. teacher ``collect`` without ``--update``: nbgrader keeps the old copy;
6. teacher ``collect --update`` and ``grade``: the new scores, and the old hand-given mark is
   reset to "needs manual grading" with a 需要重新批改 line (nbgrader alone would keep it);
7. ``grade --force`` of the unchanged submission: no such line, a new hand-given mark stays.

The student id is given with ``--student`` (nbgrader's ``CourseDirectory.student_id``): without
it ``nbgrader submit`` uses the OS user name (``JUPYTERHUB_USER`` only when that name is
``jovyan``), see ``nbgrader.exchange.default.submit.ExchangeSubmit.init_dest``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import build_course
import nbformat
import pytest
from nbgrader.api import Gradebook

A = "00_intro"
STUDENT = "2024001"
WRITTEN = "w1_reflect"
WRONG_ANSWER = "a3_count"  # replaced by a count that cannot be right
WRONG_TEST = "q3_count"  # the test cell of that answer
HAND_MARK = 1.5
LATER_MARK = 2.0
RECHECK = "需要重新批改 (manual marks need re-checking)"


def _config(exchange: Path, cache: Path) -> str:
    return (
        f"\nc.Exchange.root = {str(exchange)!r}\n"
        f"c.Exchange.cache = {str(cache)!r}\n"
        'c.CourseDirectory.course_id = "crmlab"\n'
    )


def _nbgrader(folder: Path, *args: str) -> str:
    """Run nbgrader in ``folder``; return its log (nbgrader logs to stderr)."""
    proc = build_course.run_nbgrader(folder, *args, timeout=300)
    return proc.stdout + proc.stderr


def _grade(course: Path, *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "crmlab.teacher", "grade", A, "--jobs", "1", *args],
        cwd=course, env=build_course.kernel_env(), capture_output=True, text=True, timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def _grades(course: Path) -> dict[str, tuple]:
    """{cell: (auto_score, manual_score, needs_manual_grade)} of the student's submission."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="crmlab") as gb:
        nb = gb.find_submission_notebook(A, A, STUDENT)
        return {g.name: (g.auto_score, g.manual_score, g.needs_manual_grade) for g in nb.grades}


def _mark_by_hand(course: Path, score: float) -> None:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="crmlab") as gb:
        grade = gb.find_grade(WRITTEN, A, A, STUDENT)
        grade.manual_score = score
        grade.needs_manual_grade = False
        gb.db.commit()


def _answer(path: Path, solution: Path, wrong: bool) -> None:
    """The fetched notebook answered with the teacher's solution cells (``wrong``: one answer
    replaced by a negative count)."""
    nb = nbformat.read(path, 4)
    right = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in nbformat.read(solution, 4).cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in right:
            cell.source = right[gid]
        if wrong and gid == WRONG_ANSWER:
            cell.source = 'n_big = -1\nprint("n_big =", n_big)'
    nbformat.write(nb, path)


def _points(path: Path) -> dict[str, float]:
    """Full marks of each graded cell, read from the released notebook as plain JSON."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return {
        c["metadata"]["nbgrader"]["grade_id"]: float(c["metadata"]["nbgrader"]["points"])
        for c in cells
        if c.get("metadata", {}).get("nbgrader", {}).get("grade")
    }


def _submitted(course: Path) -> tuple[str, str]:
    """(source of the wrong-answer cell, timestamp.txt) of the collected submission."""
    folder = course / "submitted" / STUDENT / A
    nb = nbformat.read(folder / f"{A}.ipynb", 4)
    source = next(c.source for c in nb.cells
                  if c.metadata.get("nbgrader", {}).get("grade_id") == WRONG_ANSWER)
    return source, (folder / "timestamp.txt").read_text(encoding="utf-8").strip()


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Every step once, in order; what each step did is kept for the tests."""
    base = tmp_path_factory.mktemp("exchange")
    exchange, cache = base / "exchange", base / "cache"
    exchange.mkdir()
    exchange.chmod(0o777)  # nbgrader refuses an exchange root that is not world-writable
    course = build_course.make_course(base / "course", [A], _config(exchange, cache))
    student = base / "student"
    student.mkdir()
    (student / "nbgrader_config.py").write_text(
        "c = get_config()\n" + _config(exchange, cache), encoding="utf-8"
    )
    out: dict = {"course": course}

    _nbgrader(course, "generate_assignment", A)
    out["release"] = _nbgrader(course, "release_assignment", A)
    out["fetch"] = _nbgrader(student, "fetch_assignment", A, "--course", "crmlab")
    fetched = student / A / f"{A}.ipynb"
    out["points"] = _points(fetched)
    solution = course / "solutions" / A / f"{A}.ipynb"

    _answer(fetched, solution, wrong=False)
    out["submit1"] = _nbgrader(student, "submit", A, "--course", "crmlab", "--student", STUDENT)
    out["collect1"] = _nbgrader(course, "collect", A)
    out["submitted1"] = _submitted(course)
    out["grade1"] = _grade(course)
    out["grades1"] = _grades(course)
    _mark_by_hand(course, HAND_MARK)
    out["marked"] = _grades(course)

    time.sleep(1.1)  # the resubmission is later than the first (nbgrader compares timestamps)
    _answer(fetched, solution, wrong=True)
    out["submit2"] = _nbgrader(student, "submit", A, "--course", "crmlab", "--student", STUDENT)
    out["inbound"] = sorted(p.name for p in (exchange / "crmlab" / "inbound").iterdir())
    out["collect_plain"] = _nbgrader(course, "collect", A)
    out["submitted_plain"] = _submitted(course)
    out["collect_update"] = _nbgrader(course, "collect", A, "--update")
    out["submitted2"] = _submitted(course)
    out["grade2"] = _grade(course)
    out["grades2"] = _grades(course)

    _mark_by_hand(course, LATER_MARK)
    out["grade_force"] = _grade(course, "--force")
    out["grades_force"] = _grades(course)
    return out


def test_first_submission_through_the_exchange(run):
    assert "Released" in run["release"] and "Fetched" in run["fetch"]
    assert "Submitted" in run["submit1"]
    assert f"Collecting submission: {STUDENT} {A}" in run["collect1"]
    # measured: the file in the exchange is owned by the OS user who ran submit, not by the
    # student id given with --student; nbgrader only warns (CollectApp.check_owner)
    assert f"claims to be submitted by {STUDENT} but is owned by" in run["collect1"]
    source, stamp = run["submitted1"]
    assert "n_big = len(" in source and stamp
    points = run["points"]
    grades = run["grades1"]
    assert set(grades) == set(points)
    for cell, full in points.items():
        if cell == WRITTEN:
            assert grades[cell] == (None, None, True)  # written answers wait for the teacher
        else:
            assert grades[cell] == (full, None, False)
    assert RECHECK not in run["grade1"]
    assert run["marked"][WRITTEN] == (None, HAND_MARK, False)


def test_collect_without_update_keeps_the_old_copy(run):
    # both submissions wait in the exchange's inbound folder
    assert len([n for n in run["inbound"] if n.startswith(f"{STUDENT}+{A}+")]) == 2
    # measured: nbgrader picks the newest one, sees a copy already collected and leaves it
    assert f"Submission already exists, use --update to update: {STUDENT} {A}" in run[
        "collect_plain"
    ]
    assert run["submitted_plain"] == run["submitted1"]


def test_collect_update_takes_the_resubmission(run):
    assert f"Updating submission: {STUDENT} {A}" in run["collect_update"]
    source, stamp = run["submitted2"]
    assert source.startswith("n_big = -1")
    assert stamp > run["submitted1"][1]  # same format, later time


def test_regrade_of_the_resubmission_resets_the_hand_given_mark(run):
    points, grades = run["points"], run["grades2"]
    for cell, full in points.items():
        if cell == WRONG_TEST:
            assert grades[cell] == (0, None, False)
        elif cell != WRITTEN:
            assert grades[cell] == (full, None, False)
    # the mark given to the old copy no longer counts: the teacher must look again
    assert grades[WRITTEN] == (None, None, True)
    assert f"{RECHECK}：{STUDENT} {WRITTEN}（原来 {HAND_MARK:g} 分）" in run["grade2"]
    assert run["grade2"].count(RECHECK) == 1
    assert "评分 1 份" in run["grade2"] and "失败 0 份" in run["grade2"]


def test_forced_regrade_of_an_unchanged_submission_keeps_marks(run):
    out = run["grade_force"]
    assert "评分 1 份" in out and "失败 0 份" in out
    assert RECHECK not in out
    # measured: nbgrader's SaveAutoGrades sets needs_manual_grade again on every autograde of
    # a cell with a manual score; the score itself stays
    assert run["grades_force"][WRITTEN] == (None, LATER_MARK, True)
    assert {k: v[:2] for k, v in run["grades_force"].items()} == {
        **{k: v[:2] for k, v in run["grades2"].items()}, WRITTEN: (None, LATER_MARK)
    }
