"""The teacher's toolkit on a real throw-away course (lesson 00): the parallel grader and the
class report.

Two copies of one course get the same submissions. One is graded by plain
``nbgrader autograde``, the other by ``crmlab.teacher.grade.grade_class`` in three worker
processes while the test holds the gradebook's write lock for longer than SQLite's default
wait. The gradebooks must then agree score for score, pass SQLite's integrity check, and stay
the same when the grader runs again. The report is checked against numbers counted from the
gradebook with plain SQL and from the autograded notebooks with plain JSON reading.
"""

from __future__ import annotations

import copy
import io
import json
import math
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import build_course
import nbbuild
import nbformat
import pytest
from nbgrader.api import Gradebook
from openpyxl import load_workbook
from test_nbgrader_pipeline import _submissions

from crmlab.teacher import grade as tgrade
from crmlab.teacher import report as treport

A = "00_intro"
# the pipeline test's made-up students, plus a second wrong one and one who left the first
# answer cell as handed out
STUDENTS = ["solution", "blank", "wrong", "cheat", "wrong2", "partial"]
ROSTER_ONLY = "2024099"  # on the class list, never submitted
LOCK_SECONDS = 8  # longer than SQLite's default busy wait of 5 s

GRADES_SQL = """
SELECT sa.student_id, bc.name, g.auto_score, g.manual_score, g.needs_manual_grade,
       gc.max_score, gc.cell_type
FROM grade g
JOIN submitted_notebook sn ON g.notebook_id = sn.id
JOIN submitted_assignment sa ON sn.assignment_id = sa.id
JOIN assignment a ON sa.assignment_id = a.id
JOIN base_cell bc ON g.cell_id = bc.id
JOIN grade_cells gc ON gc.id = bc.id
WHERE a.name = ?
"""


def _grades(course: Path) -> dict[tuple[str, str], tuple]:
    with sqlite3.connect(course / "gradebook.db") as con:
        rows = con.execute(GRADES_SQL, (A,)).fetchall()
    return {(r[0], r[1]): r[2:] for r in rows}


def _dump(course: Path) -> list[tuple]:
    """Every row of the grade and comment tables, ids included."""
    with sqlite3.connect(course / "gradebook.db") as con:
        grades = con.execute("SELECT * FROM grade ORDER BY id").fetchall()
        comments = con.execute("SELECT * FROM comment ORDER BY id").fetchall()
    return grades + comments


def _integrity(course: Path) -> str:
    with sqlite3.connect(course / "gradebook.db") as con:
        return con.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.fixture(scope="module")
def courses(tmp_path_factory):
    base = tmp_path_factory.mktemp("teacher")
    lesson = nbbuild.load_lesson(A)
    plain = build_course.make_course(base / "plain", [A], "\nc.Execute.timeout = 20\n")
    build_course.run_nbgrader(plain, "generate_assignment", A)
    with Gradebook(f"sqlite:///{plain / 'gradebook.db'}", course_id="crmlab") as gb:
        gb.add_student(ROSTER_ONLY, last_name="王", first_name="五")
    student_nb = nbformat.read(plain / "notebooks" / A / f"{A}.ipynb", 4)
    solution_nb = nbformat.read(plain / "solutions" / A / f"{A}.ipynb", 4)
    subs = _submissions(A, student_nb, solution_nb, lesson)
    subs["wrong2"] = copy.deepcopy(subs["wrong"])
    first = nbbuild.grade_ids(student_nb, kind="answer")[0]
    partial = copy.deepcopy(subs["solution"])
    for cell, stub in zip(partial.cells, student_nb.cells):
        if nbbuild.nbgrader_meta(cell).get("grade_id") == first:
            cell.source = stub.source
    subs["partial"] = partial
    for student in STUDENTS:
        folder = plain / "submitted" / student / A
        folder.mkdir(parents=True)
        nbformat.write(copy.deepcopy(subs[student]), folder / f"{A}.ipynb")
    par = base / "parallel"
    shutil.copytree(plain, par)

    start = time.perf_counter()
    build_course.run_nbgrader(plain, "autograde", A)
    plain_seconds = time.perf_counter() - start

    # hold the write lock of the parallel course's gradebook while its grading starts
    lock = sqlite3.connect(par / "gradebook.db", isolation_level=None, check_same_thread=False)
    lock.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(LOCK_SECONDS, lambda: (lock.execute("COMMIT"), lock.close()))
    release.start()
    out = io.StringIO()
    start = time.perf_counter()
    try:
        result = tgrade.grade_class(A, par, jobs=3, stream=out)
    finally:
        release.join()
    par_seconds = time.perf_counter() - start
    return {
        "plain": plain, "par": par, "result": result, "out": out.getvalue(),
        "lesson": lesson, "plain_seconds": plain_seconds, "par_seconds": par_seconds,
    }


# --------------------------------------------------------------------------------------------
# the parallel grader


def test_parallel_grading_matches_plain_nbgrader(courses):
    result = courses["result"]
    assert result.ok and result.graded == sorted(STUDENTS) and not result.skipped
    plain, par = _grades(courses["plain"]), _grades(courses["par"])
    n_cells = len(nbbuild.grade_ids(courses["lesson"].notebook(), kind="tests")) + len(
        nbbuild.grade_ids(courses["lesson"].notebook(), kind="written")
    )
    assert len(par) == len(STUDENTS) * n_cells  # no score lost
    assert par == plain
    for course in ("plain", "par"):
        assert _integrity(courses[course]) == "ok"
        for student in STUDENTS:
            assert (courses[course] / "autograded" / student / A / f"{A}.ipynb").exists()


def test_parallel_scores_are_the_expected_ones(courses):
    """Independent of nbgrader's plain run: what each made-up student must score."""
    grades = _grades(courses["par"])
    nb = courses["lesson"].notebook()
    tests = nbbuild.grade_ids(nb, kind="tests")
    fails = courses["lesson"].wrong.fails
    unanswered = set(nbbuild.tests_of_answers(nb)[nbbuild.grade_ids(nb, kind="answer")[0]])
    assert unanswered and unanswered < set(tests)
    for t in tests:
        full = grades[("solution", t)][3]
        assert grades[("solution", t)][0] == full
        assert grades[("blank", t)][0] == 0
        assert grades[("cheat", t)][0] == 0
        assert grades[("wrong", t)][0] == grades[("wrong2", t)][0] == (0 if t in fails else full)
        assert grades[("partial", t)][0] == (0 if t in unanswered else full)


def test_progress_bar_and_summary(courses):
    out = courses["out"]
    assert f"{len(STUDENTS)}/{len(STUDENTS)} 100%" in out
    assert out.count("\n") >= len(STUDENTS) + 2  # not a terminal: one line per submission
    assert f"评分 {len(STUDENTS)} 份" in out and "失败 0 份" in out


def test_rerun_skips_and_changes_nothing(courses):
    par = courses["par"]
    before = _dump(par)
    again = tgrade.grade_class(A, par, jobs=2, stream=io.StringIO())
    assert again.ok and again.skipped == sorted(STUDENTS) and not again.graded
    assert again.jobs == 0  # nothing to grade: no worker was started
    assert _dump(par) == before
    assert _integrity(par) == "ok"


def test_forced_rerun_gives_the_same_scores(courses):
    par = courses["par"]
    before = _grades(par)
    some = ["wrong", "cheat"]
    again = tgrade.grade_class(A, par, jobs=2, force=True, students=some, stream=io.StringIO())
    assert again.ok and again.graded == sorted(some)
    assert _grades(par) == before
    assert _integrity(par) == "ok"


def test_a_broken_submission_fails_alone(courses, tmp_path, capsys):
    course = tmp_path / "course"
    shutil.copytree(courses["par"], course)
    folder = course / "submitted" / "broken" / A
    folder.mkdir(parents=True)
    (folder / f"{A}.ipynb").write_text("{ not a notebook", encoding="utf-8")
    before = _grades(course)
    assert tgrade.main([A, "--course", str(course), "--jobs", "2"]) == 1
    out = capsys.readouterr().out
    assert f"跳过 {len(STUDENTS)} 份，失败 1 份" in out
    assert "失败 (failed)：broken：评分失败 (grading failed)" in out
    assert "不是 Jupyter 笔记本" in out
    assert {k: v for k, v in _grades(course).items() if k[0] != "broken"} == before
    assert _integrity(course) == "ok"


def test_command_reports_an_unknown_assignment(courses, capsys):
    assert tgrade.main(["99_nothing", "--course", str(courses["par"])]) == 2
    assert "成绩库里没有作业 99_nothing" in capsys.readouterr().err


def test_cli_usage():
    proc = subprocess.run(
        [sys.executable, "-m", "crmlab.teacher"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert proc.returncode == 2 and "python -m crmlab.teacher grade" in proc.stdout


def test_busy_timeout_url():
    assert tgrade._with_busy_timeout("sqlite:////a/gradebook.db", 9) == (
        "sqlite:////a/gradebook.db?timeout=9"
    )
    assert tgrade._with_busy_timeout("sqlite:///g.db?x=1", 9) == "sqlite:///g.db?x=1&timeout=9"
    assert tgrade._with_busy_timeout("postgresql://h/db", 9) == "postgresql://h/db"


def test_progress_redraws_one_line_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out = Terminal()
    bar = tgrade.Progress(4, out, width=8)
    bar.show()
    bar.step("a 完成")
    bar.step()
    bar.close()
    text = out.getvalue()
    assert text.count("\r") == 3 and text.endswith("\n") and text.count("\n") == 1
    assert "[####----]   2/4  50%" in text and "a 完成" in text


# --------------------------------------------------------------------------------------------
# the class report


def _messages(course: Path, student: str) -> dict[str, str]:
    """grade_id -> error text of each graded cell, read as plain JSON."""
    nb = json.loads((course / "autograded" / student / A / f"{A}.ipynb").read_text("utf-8"))
    out = {}
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
        if meta.get("grade") and errors:
            out[meta["grade_id"]] = errors[-1]["evalue"]
    return out


def _expected_hint(text: str) -> str | None:
    """The line a student would read: the hint, or the hidden-test line; None if unanswered."""
    if "还没有找到变量" in text or "没有找到变量" in text:
        return None
    for line in text.splitlines():
        if line.startswith("提示 (hint)："):
            return line.split("：", 1)[1].strip()
    for line in text.splitlines():
        if "隐藏测试未通过：" in line:
            return line.strip()
    return text.splitlines()[0]


def _table(ws, title: str) -> list[dict]:
    """The rows of the titled block in a sheet, as dicts keyed by the header."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == title) + 1
    while rows[start][0] and str(rows[start][0]).startswith("规则"):
        start += 1
    header = [h for h in rows[start] if h is not None]
    out = []
    for r in rows[start + 1:]:
        if r[0] is None or r[0] == "（无）":
            break
        out.append(dict(zip(header, r)))
    return out


@pytest.fixture(scope="module")
def report(courses, tmp_path_factory):
    # the teacher has graded one written answer by hand (full marks), not yet the other
    written = nbbuild.grade_ids(courses["lesson"].notebook(), kind="written")
    url = f"sqlite:///{courses['par'] / 'gradebook.db'}"
    with Gradebook(url, course_id="crmlab") as gb:
        for w in written:
            grade = gb.find_grade(w, A, A, "solution")
            grade.manual_score = grade.max_score
            grade.needs_manual_grade = False
        gb.db.commit()
    out = tmp_path_factory.mktemp("report") / "班级报告.xlsx"
    rc = treport.main([A, "--course", str(courses["par"]), "--out", str(out)])
    assert rc == 0
    return {"path": out, "wb": load_workbook(out), "charts": out.with_name("班级报告_charts")}


def test_report_sheets(report):
    assert report["wb"].sheetnames == ["汇总", A]


def test_report_pass_rates_match_the_gradebook(courses, report):
    grades = _grades(courses["par"])
    rows = {r["题目"]: r for r in _table(report["wb"][A], "【各题情况】")}
    tests = nbbuild.grade_ids(courses["lesson"].notebook(), kind="tests")
    written = nbbuild.grade_ids(courses["lesson"].notebook(), kind="written")
    assert list(rows) == tests + written
    for t in tests:
        full = grades[("solution", t)][3]
        passed = sum(1 for s in STUDENTS if grades[(s, t)][0] == full)
        assert rows[t]["通过人数"] == passed
        assert rows[t]["通过率"] == pytest.approx(passed / len(STUDENTS))
        assert rows[t]["平均得分"] == pytest.approx(
            sum(grades[(s, t)][0] for s in STUDENTS) / len(STUDENTS)
        )
    for w in written:  # solution: graded by hand; partial: waits; the others: blank, 0
        waiting = sum(1 for s in STUDENTS if grades[(s, w)][2])
        assert rows[w]["待批改人数"] == waiting == 1
        assert grades[("solution", w)][1] == grades[("solution", w)][3]
        assert rows[w]["已评分人数"] == len(STUDENTS) - 1
        assert rows[w]["通过人数"] == 1
        assert rows[w]["通过率"] == pytest.approx(1 / (len(STUDENTS) - 1))


def test_report_student_scores_and_strugglers(courses, report):
    grades = _grades(courses["par"])
    students = {r["学号"]: r for r in _table(report["wb"][A], "【学生成绩】")}
    assert set(students) == set(STUDENTS) | {ROSTER_ONLY}
    assert students[ROSTER_ONLY]["状态"] == "未提交" and students[ROSTER_ONLY]["姓名"] == "王五"
    tests = nbbuild.grade_ids(courses["lesson"].notebook(), kind="tests")
    auto_max = sum(grades[("solution", t)][3] for t in tests)
    total_max = sum(v[3] for (s, _), v in grades.items() if s == "solution")
    flagged = {ROSTER_ONLY}
    for s in STUDENTS:
        scores = {c: (v[1] if v[1] is not None else (v[0] or 0)) for (st, c), v in grades.items()
                  if st == s}
        assert students[s]["总分"] == pytest.approx(sum(scores.values()))
        assert students[s]["满分"] == total_max
        auto = sum(scores[t] for t in tests)
        zeros = sum(1 for t in tests if scores[t] == 0)
        assert students[s]["自动评分得分率"] == pytest.approx(auto / auto_max)
        assert students[s]["得0分的题数"] == zeros
        if auto / auto_max < 0.6 or zeros >= math.ceil(len(tests) / 2):
            flagged.add(s)
    summary = report["wb"]["汇总"]
    listed = {r["学号"] for r in _table(summary, "【需要关注的学生】")}
    assert listed == flagged
    assert {"blank", "cheat", "wrong", "wrong2"} <= listed
    assert "solution" not in listed
    lessons = _table(summary, "【各课概况】")
    assert lessons[0]["作业"] == A and lessons[0]["提交人数"] == len(STUDENTS)
    assert lessons[0]["学生人数"] == len(STUDENTS) + 1
    # every submission was graded in the sandbox, and none failed
    assert lessons[0]["没有隔离的评分份数"] == 0 and lessons[0]["评分失败份数"] == 0


def test_report_warns_about_unisolated_and_failed_gradings(courses, tmp_path, capsys):
    from crmlab.teacher import report as treport

    course = tmp_path / "course"
    shutil.copytree(courses["par"], course)
    statuses = sorted((course / "autograded").glob(f"*/{A}/crmlab_grading.json"))
    assert len(statuses) == len(STUDENTS)
    statuses[0].write_text(json.dumps({"status": "graded", "isolation": "none"}), "utf-8")
    statuses[1].write_text(json.dumps({"status": "failed", "isolation": "bwrap-root"}), "utf-8")
    rep = treport.build_report([A], course)
    row = rep.summary.iloc[0]
    assert row["没有隔离的评分份数"] == 1 and row["评分失败份数"] == 1
    rep.charts = {"summary": tmp_path / "charts" / "summary.png"}
    buf = io.StringIO()
    treport._print(rep, tmp_path / "r.xlsx", stream=buf)
    assert "graded WITHOUT isolation" in buf.getvalue() and "评分失败" in buf.getvalue()


def test_report_missed_exercises_with_their_most_common_hint(courses, report):
    grades = _grades(courses["par"])
    nb = courses["lesson"].notebook()
    tests = nbbuild.grade_ids(nb, kind="tests")
    unanswered = set(nbbuild.tests_of_answers(nb)[nbbuild.grade_ids(nb, kind="answer")[0]])
    expected = {}
    for t in tests:
        full = grades[("solution", t)][3]
        failing = [s for s in STUDENTS if grades[(s, t)][0] != full]
        if len(failing) / len(STUDENTS) > 0.5:
            seen = Counter(
                _expected_hint(_messages(courses["par"], s)[t]) for s in failing
            )
            seen.pop(None, None)
            expected[t] = seen.most_common(1)[0]
    assert "q1_total" in expected  # the mean-instead-of-sum mistake of WRONG, made twice
    assert "mean" in expected["q1_total"][0] and expected["q1_total"][1] == 2
    rows = {r["题目"]: r for r in _table(report["wb"]["汇总"], "【大多数学生没做对的题】")}
    assert set(rows) == set(expected)
    for t, (hint, n) in expected.items():
        assert rows[t]["最常见的提示"] == hint and rows[t]["看到这条提示的人数"] == n
        blank = 1 + (t in unanswered)  # the blank notebook, and partial's first answer
        assert rows[t]["未作答人数"] == blank


def test_report_charts_are_real_pngs(report):
    import matplotlib.image as mpimg

    names = sorted(p.name for p in report["charts"].glob("*.png"))
    assert names == [f"pass_rates_{A}.png", f"scores_{A}.png", "summary.png"]
    for name in names:
        image = mpimg.imread(report["charts"] / name)
        assert image.shape[0] > 200 and image.shape[1] > 400
        assert image.std() > 0.05  # something was drawn
    assert len(report["wb"][A]._images) == 2 and len(report["wb"]["汇总"]._images) == 1


def test_cell_message_reads_each_kind_of_failure():
    def cell(*outputs):
        return {"cell_type": "code", "outputs": list(outputs)}

    def error(ename, evalue):
        return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": []}

    fail = "❌ 公开检查未通过 (public check failed)：第 1 题\n问题：不对：你的答案是 7。"
    assert treport.cell_message(cell()) is None
    assert treport.cell_message(cell(error("AssertionError", fail + "\n提示 (hint)：用 sum。"))) \
        == "用 sum。"
    assert treport.cell_message(cell(error("AssertionError", fail))) == "问题：不对：你的答案是 7。"
    assert treport.cell_message(
        cell(error("AssertionError", fail.replace("不对", "还没有找到变量 x。")))
    ) == treport.UNANSWERED
    assert treport.cell_message(
        cell(error("AssertionError", "隐藏测试未通过：合计不对。"))
    ) == "隐藏测试未通过：合计不对。"
    assert treport.cell_message(cell(error("CellTimeoutError", ""))) == "CellTimeoutError"
    assert treport.cell_message(cell(error("NameError", "name 'x' is not defined"))) == (
        "NameError: name 'x' is not defined"
    )
    stderr = {"output_type": "stream", "name": "stderr", "text": "Warning"}
    assert treport.cell_message(cell(stderr)) == treport.STDERR_NOTE
