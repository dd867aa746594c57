"""The whole nbgrader pipeline, per lesson, in a throw-away course, the way nbgrader's own tests
do it: real files, the real ``nbgrader`` commands, scores read back from the gradebook.

For every lesson with a builder in ``tools/lessons/``:
``generate_assignment``; submissions in ``submitted/<student>/<id>/``; one ``autograde`` call for
all students; ``generate_feedback``. The students:

* ``solution``      the teacher version (full marks);
* ``blank``         the untouched student version (0 on every auto-graded cell);
* ``wrong``         the lesson's ``WRONG`` answers (exactly ``WRONG.fails`` score 0);
* ``cheat``         the lesson's ``CHEAT``: always-pass fakes for crmlab's checks and helpers,
                    then wrong answers (no test cell scores);
* ``endless``       an infinite loop in the first answer cell (cut off by the short timeout set in
                    the temporary course; the other exercises still score);
* ``tamper``        ``WRONG`` answers, the test cells that should fail edited to pass, the
                    other test cells deleted, the read-only cells edited: restored and re-added
                    by nbgrader, it must score exactly like ``wrong``.

The last two exercise nbgrader's own machinery, which is the same for every lesson (and the
endless loop costs a timeout); they run for lesson 00 only, or for every lesson with
CRMLAB_PIPELINE_FULL=1. ``CRMLAB_LESSONS=00_intro,05_rfm`` restricts the run to some lessons.
Lessons run two at a time (``CRMLAB_PIPELINE_WORKERS``), each in its own temporary course.
"""

from __future__ import annotations

import copy
import html
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import build_course
import nbbuild
import nbformat
import pytest
from nbgrader.api import Gradebook

LESSONS = nbbuild.selected_lessons()
FULL = os.environ.get("CRMLAB_PIPELINE_FULL", "") == "1"
COURSE_ID = "crmlab"
ENDLESS_LOOP = "while True:\n    pass"
DEFAULT_TIMEOUT = 20  # seconds per cell in the temporary course; a lesson may set PIPELINE_TIMEOUT
WORKERS = int(os.environ.get("CRMLAB_PIPELINE_WORKERS", min(2, os.cpu_count() or 1)))


def full_run(assignment: str) -> bool:
    return FULL or assignment == nbbuild.lesson_paths()[0].stem


def _answers(nb, answers: dict[str, str], prelude: str = "") -> None:
    first = True
    for cell in nb.cells:
        meta = nbbuild.nbgrader_meta(cell)
        if not (meta.get("solution") and not meta.get("grade") and cell.cell_type == "code"):
            continue
        gid = meta["grade_id"]
        source = answers.get(gid, cell.source)
        if first and prelude:
            source = prelude.rstrip("\n") + "\n\n" + source
        first = False
        cell.source = source


def _solution_answers(solution) -> dict[str, str]:
    return {
        nbbuild.nbgrader_meta(c)["grade_id"]: c.source
        for c in solution.cells
        if nbbuild.nbgrader_meta(c).get("solution") and c.cell_type == "code"
    }


def _submissions(assignment: str, student_nb, solution_nb, lesson) -> dict[str, object]:
    right = _solution_answers(solution_nb)
    subs = {}

    sol = copy.deepcopy(student_nb)
    _answers(sol, right)
    for cell in sol.cells:  # the written answers as well
        meta = nbbuild.nbgrader_meta(cell)
        if meta.get("solution") and cell.cell_type == "markdown":
            cell.source = "这是学生写的答案：公开检查通过不等于满分，还要看隐藏测试。"
    subs["solution"] = sol

    subs["blank"] = copy.deepcopy(student_nb)

    wrong = copy.deepcopy(student_nb)
    _answers(wrong, {**right, **lesson.wrong.answers})
    subs["wrong"] = wrong

    cheat = copy.deepcopy(student_nb)
    _answers(cheat, {**right, **lesson.cheat.answers}, prelude=lesson.cheat.prelude)
    subs["cheat"] = cheat

    if full_run(assignment):
        first_answer = nbbuild.grade_ids(student_nb, kind="answer")[0]
        endless = copy.deepcopy(student_nb)
        _answers(endless, {**right, first_answer: ENDLESS_LOOP})
        subs["endless"] = endless

        # WRONG answers; the failing test cells edited to pass, the other test cells deleted,
        # the read-only cells edited: only restoring and re-adding them gives WRONG's scores.
        fails = lesson.wrong.fails
        tamper = copy.deepcopy(wrong)
        kept = []
        for cell in tamper.cells:
            meta = nbbuild.nbgrader_meta(cell)
            is_test = meta.get("grade") and cell.cell_type == "code"
            if is_test and meta["grade_id"] not in fails:
                continue  # deleted
            if meta.get("locked"):
                cell.source = "pass  # 改掉了" if cell.cell_type == "code" else "改掉了"
            kept.append(cell)
        tamper.cells = kept
        subs["tamper"] = tamper
    return subs


def _pipeline(lesson, course: Path) -> dict:
    """Run the whole pipeline for one lesson in ``course``; return what the tests inspect."""
    assignment = lesson.assignment
    build_course.run_nbgrader(course, "generate_assignment", assignment)

    student_nb = nbformat.read(course / "notebooks" / assignment / f"{assignment}.ipynb", 4)
    solution_nb = nbformat.read(course / "solutions" / assignment / f"{assignment}.ipynb", 4)
    subs = _submissions(assignment, student_nb, solution_nb, lesson)
    for student, nb in subs.items():
        folder = course / "submitted" / student / assignment
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{assignment}.ipynb")

    build_course.run_nbgrader(course, "autograde", assignment)
    build_course.run_nbgrader(course, "generate_feedback", assignment)

    scores: dict[str, dict[str, tuple]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        for student in subs:
            submitted = gb.find_submission_notebook(assignment, assignment, student)
            scores[student] = {
                g.name: (g.score, g.max_score, g.auto_score, g.needs_manual_grade)
                for g in submitted.grades
            }
    return {
        "assignment": assignment,
        "lesson": lesson,
        "course": course,
        "students": list(subs),
        "scores": scores,
        "tests": nbbuild.grade_ids(student_nb, kind="tests"),
        "answers": nbbuild.grade_ids(student_nb, kind="answer"),
        "written": nbbuild.grade_ids(student_nb, kind="written"),
        "student_nb": student_nb,
        "solution_nb": solution_nb,
    }


@pytest.fixture(scope="session")
def pipelines(tmp_path_factory):
    """Every lesson's pipeline, in its own course, ``WORKERS`` lessons at a time (autograde
    runs one kernel at a time, so two lessons in parallel use both cores of a 2-core machine).
    A lesson whose pipeline fails fails only its own tests."""
    jobs = []
    for assignment in LESSONS:
        lesson = nbbuild.load_lesson(assignment)
        timeout = getattr(lesson.module, "PIPELINE_TIMEOUT", DEFAULT_TIMEOUT)
        course = build_course.make_course(
            tmp_path_factory.mktemp(f"course_{assignment}"),
            [assignment],
            extra_config=(
                f"\nc.Execute.timeout = {int(timeout)}\n"
                f"c.SandboxedGrading.cell_timeout = {int(timeout)}\n"
            ),
        )
        jobs.append((assignment, lesson, course))
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = {a: pool.submit(_pipeline, lesson, course) for a, lesson, course in jobs}
    return futures


@pytest.fixture(scope="module", params=LESSONS)
def graded(request, pipelines):
    return pipelines[request.param].result()


@pytest.fixture(scope="module", params=[a for a in LESSONS if full_run(a)])
def graded_full(request, pipelines):
    """The lessons that also get the endless-loop and tampering submissions."""
    return pipelines[request.param].result()


def _autograded(g, student: str):
    a = g["assignment"]
    return nbformat.read(g["course"] / "autograded" / student / a / f"{a}.ipynb", 4)


def _cell(nb, grade_id: str):
    return next(c for c in nb.cells if nbbuild.nbgrader_meta(c).get("grade_id") == grade_id)


def _error_text(cell) -> str:
    return "\n".join(
        f"{o.ename}: {o.evalue}" for o in cell.get("outputs", []) if o.output_type == "error"
    )


def _test_scores(g, student: str) -> dict[str, float]:
    return {t: g["scores"][student][t][0] for t in g["tests"]}


def _full(g, tests) -> dict[str, float]:
    return {t: g["scores"]["solution"][t][1] for t in tests}


def test_points_are_a_round_total(graded):
    total = sum(v[1] for v in graded["scores"]["solution"].values())
    assert total > 0 and total % 5 == 0, total


def test_solution_scores_full_marks(graded):
    scores = _test_scores(graded, "solution")
    assert scores == _full(graded, graded["tests"])
    for w in graded["written"]:  # written answers wait for the teacher
        _, _, auto, manual = graded["scores"]["solution"][w]
        assert auto is None and manual is True


def test_blank_scores_zero_on_every_autograded_cell(graded):
    scores = graded["scores"]["blank"]
    for t in graded["tests"]:
        assert scores[t][0] == 0, t
    for w in graded["written"]:  # an untouched written answer is scored 0 automatically
        assert scores[w][2] == 0 and scores[w][3] is False, w
    nb = _autograded(graded, "blank")
    for t in graded["tests"]:  # a missing answer is a friendly Chinese message, not a NameError
        text = _error_text(_cell(nb, t))
        assert "隐藏测试未通过" in text and "NameError" not in text, (t, text)


def test_wrong_answers_get_partial_marks_on_the_right_cells(graded):
    fails = graded["lesson"].wrong.fails
    assert fails and fails < set(graded["tests"]), "WRONG must fail some test cells, not all"
    scores = _test_scores(graded, "wrong")
    full = _full(graded, graded["tests"])
    expected = {t: (0 if t in fails else full[t]) for t in graded["tests"]}
    assert scores == expected
    nb = _autograded(graded, "wrong")
    for t in fails:  # the hidden test caught it, with a Chinese message and no traceback
        text = _error_text(_cell(nb, t))
        assert "隐藏测试未通过" in text and "Traceback" not in text, (t, text)
        assert "无法核对" not in text, (t, text)  # the test's own reason, not a crash
    for t in set(graded["tests"]) - fails:
        assert "✅" in "".join(o.get("text", "") for o in _cell(nb, t).outputs), t


def test_cheat_gets_no_marks_from_the_hidden_tests(graded):
    assert graded["lesson"].cheat.fails == set(graded["tests"])
    scores = _test_scores(graded, "cheat")
    assert all(v == 0 for v in scores.values()), scores
    nb = _autograded(graded, "cheat")
    for t in graded["tests"]:
        # the fakes could not reach the hidden tests, which run outside the student's kernel
        assert "隐藏测试未通过" in _error_text(_cell(nb, t)), (t, _error_text(_cell(nb, t)))


def test_endless_loop_is_cut_off_and_the_rest_is_graded(graded_full):
    graded = graded_full
    loop_answer = graded["answers"][0]
    hit = set(nbbuild.tests_of_answers(graded["student_nb"])[loop_answer])
    scores = _test_scores(graded, "endless")
    full = _full(graded, graded["tests"])
    assert scores == {t: (0 if t in hit else full[t]) for t in graded["tests"]}
    nb = _autograded(graded, "endless")
    assert "CellTimeoutError" in _error_text(_cell(nb, loop_answer))


def test_edited_and_deleted_locked_cells_are_restored(graded_full):
    graded = graded_full
    assert _test_scores(graded, "tamper") == _test_scores(graded, "wrong")
    nb = _autograded(graded, "tamper")
    fails = graded["lesson"].wrong.fails
    for cell in graded["solution_nb"].cells:
        meta = nbbuild.nbgrader_meta(cell)
        if not meta.get("locked"):
            continue
        restored = _cell(nb, meta["grade_id"]).source
        assert "改掉了" not in restored, meta["grade_id"]
        if meta.get("grade") and meta["grade_id"] not in fails:
            assert "nbgrader" in restored.splitlines()[0]  # carries the "added back" note
        visible = restored.split(nbbuild.BEGIN_HIDDEN)[0].strip()
        assert visible.endswith(cell.source.split(nbbuild.BEGIN_HIDDEN)[0].strip())


def test_feedback_is_utf8_with_the_chinese_intact(graded):
    a = graded["assignment"]
    title = next(
        c.source.splitlines()[0].lstrip("# ").strip()
        for c in graded["solution_nb"].cells
        if c.cell_type == "markdown"
    )
    for student in graded["students"]:
        path = Path(graded["course"] / "feedback" / student / a / f"{a}.html")
        raw = path.read_bytes()
        text = raw.decode("utf-8")  # raises if not UTF-8
        assert re.search(r'<meta charset="utf-8"\s*/?>', text, re.IGNORECASE)
        assert title in html.unescape(text), (student, title)
    cheat = (graded["course"] / "feedback" / "cheat" / a / f"{a}.html").read_text("utf-8")
    assert "隐藏测试未通过" in html.unescape(cheat)
