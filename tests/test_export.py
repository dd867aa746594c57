"""The semester gradebook export (``python -m crmlab.teacher export``) on a real throw-away course.

Lesson 00 is released with a due date and the kit's per-day late penalty; six students are on
the class list (Chinese names, one that Excel would read as a formula). Four hand in: the right
answers with a written answer, a blank notebook, a file that is no notebook, and the right
answers two and a half hours late. ``python -m crmlab.teacher grade`` grades them; the export
runs once while the written answer waits for the teacher and once after it got its points.

Expected scores are worked out by hand from the points of lesson 00 (3 + 3 + 2 autograded,
2 written) and checked against the gradebook with plain SQL.
"""

from __future__ import annotations

import copy
import csv
import io
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import nbformat
import pytest
from openpyxl import load_workbook

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import build_course

from crmlab.teacher import export as texport
from crmlab.teacher.late import DAY, PerDayLatePenalty, per_day_penalty

A = "00_intro"
COURSE_ID = "crmlab"
# Beijing time by zone name. (nbgrader's parse_utc reads "2024-09-10 08:00:00 +0800", with a
# space before a numeric offset, as +800 seconds: a zone name or "+08:00" is read right.)
DUE = "2024-09-10 08:00:00 Asia/Shanghai"
DUE_UTC = datetime(2024, 9, 10, 0, 0, 0)
# timestamp.txt as nbgrader's exchange and ``crmlab-teacher collect`` write it (UTC)
ON_TIME = "2024-09-09 13:15:00.000000 UTC"
LATE_STAMP = "2024-09-10 02:30:00.000000 UTC"  # 10:30 Beijing time: 2 h 30 min late
LATE_SECONDS = 2.5 * 3600
LATE_CONFIG = """
c.AssignLatePenalties.plugin_class = "crmlab.teacher.late.PerDayLatePenalty"
c.PerDayLatePenalty.percent_per_day = 10
c.PerDayLatePenalty.max_percent = 100
"""
STUDENTS = {
    "2024001": ("张", "三"),  # right answers and a written answer (graded by hand: 1.5)
    "2024002": ("李", "四"),  # the released notebook as it was
    "2024003": ("王", "五"),  # a text file named 00_intro.ipynb
    "2024004": ("赵", "六"),  # right answers, written answer left as handed out, late
    "2024005": ("孙", "七"),  # nothing handed in
    "2024006": ("=钱", "九"),  # nothing handed in; a name Excel would take for a formula
}
NAMES = {sid: last + first for sid, (last, first) in STUDENTS.items()}
# lesson 00 by hand: q1_total 3, q2_top 3, q3_count 2 (autograded), w1_reflect 2 (written)
AUTO_POINTS, WRITTEN_POINTS = 3 + 3 + 2, 2
MAX = AUTO_POINTS + WRITTEN_POINTS
MANUAL_SCORE = 1.5
PENALTY = 0.10 * MAX  # 2.5 h late = 1 started day = 10 % of the notebook's 10 points
SCORES = {  # the score cell of each student, after the teacher graded the written answer
    "2024001": AUTO_POINTS + MANUAL_SCORE,
    "2024002": 0.0,
    "2024003": None,
    "2024004": AUTO_POINTS - PENALTY,
    "2024005": 0.0,
    "2024006": 0.0,
}


def _answered(released, solution, written: str | None):
    """The released notebook with the solution's answer cells (markers dropped) and, if given,
    a written answer."""
    nb = copy.deepcopy(released)
    answers = {}
    for cell in solution.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            lines = [ln for ln in cell.source.splitlines() if "### BEGIN SOLUTION" not in ln
                     and "### END SOLUTION" not in ln]
            answers[meta["grade_id"]] = "\n".join(lines)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            cell.source = answers[meta["grade_id"]]
        elif meta.get("solution") and cell.cell_type == "markdown" and written is not None:
            cell.source = written
    return nb


def _hand_in(course: Path, student: str, stamp: str, nb=None, raw: bytes | None = None) -> None:
    folder = course / "submitted" / student / A
    folder.mkdir(parents=True)
    if nb is not None:
        nbformat.write(nb, folder / f"{A}.ipynb")
    else:
        (folder / f"{A}.ipynb").write_bytes(raw)
    (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")


def _teacher(course: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "crmlab.teacher", *args], check=False, cwd=course,
        env=build_course.kernel_env(), capture_output=True, text=True, timeout=900,
    )


def _export(course: Path, out: Path, *extra: str) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    paths = {"xlsx": out / "成绩册.xlsx", "csv": out / "成绩.csv", "platform": out / "平台导入.xlsx"}
    proc = _teacher(course, "export", "--course", str(course), "--out", str(paths["xlsx"]),
                    "--csv", str(paths["csv"]), "--platform", str(paths["platform"]), *extra)
    return {**paths, "proc": proc}


def _export_here(course: Path, out: Path, capsys, *extra: str) -> dict:
    """The export command's ``main`` in this process (faster than a new interpreter)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {"xlsx": out / "成绩册.xlsx", "csv": out / "成绩.csv", "platform": out / "平台导入.xlsx"}
    capsys.readouterr()
    code = texport.main(["--course", str(course), "--out", str(paths["xlsx"]), "--csv",
                         str(paths["csv"]), "--platform", str(paths["platform"]), *extra])
    captured = capsys.readouterr()
    proc = subprocess.CompletedProcess([], code, captured.out, captured.err)
    return {**paths, "proc": proc}


def _sheet_rows(path: Path, sheet: str) -> list[list]:
    wb = load_workbook(path)
    return [list(r) for r in wb[sheet].iter_rows(values_only=True)]


def _by_id(rows: list[list]) -> dict[str, list]:
    return {r[0]: r for r in rows[1:]}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    base = tmp_path_factory.mktemp("export")
    course = build_course.make_course(base / "course", [A], LATE_CONFIG)
    build_course.run_nbgrader(course, "generate_assignment", A)
    build_course.run_nbgrader(course, "db", "assignment", "add", A, f"--duedate={DUE}")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        for sid, (last, first) in STUDENTS.items():
            gb.add_student(sid, last_name=last, first_name=first)
    released = nbformat.read(course / "notebooks" / A / f"{A}.ipynb", 4)
    solution = nbformat.read(course / "solutions" / A / f"{A}.ipynb", 4)
    _hand_in(course, "2024001", ON_TIME, _answered(released, solution, "不一定，还有隐藏测试。"))
    _hand_in(course, "2024002", ON_TIME, copy.deepcopy(released))
    _hand_in(course, "2024003", ON_TIME, raw="这是我的作业，老师请看。\n".encode())
    _hand_in(course, "2024004", LATE_STAMP, _answered(released, solution, None))

    graded = _teacher(course, "grade", A, "--course", str(course), "--jobs", "3")
    pending = _export(course, base / "pending")
    # the teacher grades the written answer in formgrader
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        grade = gb.find_grade("w1_reflect", A, A, "2024001")
        grade.manual_score = MANUAL_SCORE
        grade.needs_manual_grade = False
        gb.db.commit()
    final = _export(course, base / "final")
    return {"course": course, "base": base, "graded": graded, "pending": pending,
            "final": final}


# --------------------------------------------------------------------------------------------
# the late-penalty plugin and the wording


def test_per_day_penalty_by_hand():
    assert per_day_penalty(0, 10) == 0
    assert per_day_penalty(1, 10) == 1.0  # one second late: a started day
    assert per_day_penalty(DAY, 10) == 1.0
    assert per_day_penalty(DAY + 1, 10) == 2.0
    assert per_day_penalty(3.5 * DAY, 8) == pytest.approx(3.2)  # 4 days x 10 % of 8
    assert per_day_penalty(20 * DAY, 10) == 10.0  # capped at 100 %
    assert per_day_penalty(20 * DAY, 10, percent_per_day=20, max_percent=50) == 5.0


def test_plugin_traits_are_checked():
    assert PerDayLatePenalty().percent_per_day == 10
    with pytest.raises(Exception, match="0 到 100"):
        PerDayLatePenalty(percent_per_day=150)
    with pytest.raises(RuntimeError, match="AssignLatePenalties"):
        PerDayLatePenalty().late_submission_penalty("x", 5.0, 100.0)


def test_late_text():
    assert texport.late_text(LATE_SECONDS) == "2 小时 30 分钟"
    assert texport.late_text(30) == "1 分钟"
    assert texport.late_text(DAY + 3600 + 1) == "1 天 1 小时 1 分钟"
    assert texport.late_text(2 * DAY) == "2 天"


# --------------------------------------------------------------------------------------------
# grading and the gradebook


def test_grading_ran_and_recorded_the_penalty(course):
    graded = course["graded"]
    assert graded.returncode == 1, graded.stdout + graded.stderr  # 2024003 failed
    assert "2024003" in graded.stdout
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course['course'] / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        late = gb.find_submission(A, "2024004")
        assert late.total_seconds_late == pytest.approx(LATE_SECONDS)
        assert late.late_submission_penalty == pytest.approx(PENALTY)
        assert gb.find_submission(A, "2024001").total_seconds_late == 0
        assert gb.find_assignment(A).max_score == MAX
        assert gb.find_assignment(A).duedate == DUE_UTC


def _gradebook_scores(course: Path) -> dict[str, float]:
    """Score after penalty per student, counted with plain SQL."""
    sql = """
    SELECT sa.student_id, sn.late_submission_penalty,
           SUM(COALESCE(g.manual_score, g.auto_score, 0))
    FROM submitted_assignment sa
    JOIN assignment a ON sa.assignment_id = a.id
    JOIN submitted_notebook sn ON sn.assignment_id = sa.id
    JOIN grade g ON g.notebook_id = sn.id
    WHERE a.name = ? GROUP BY sn.id
    """
    with sqlite3.connect(course / "gradebook.db") as con:
        rows = con.execute(sql, (A,)).fetchall()
    return {sid: max(0.0, total - (penalty or 0.0)) for sid, penalty, total in rows}


# --------------------------------------------------------------------------------------------
# the workbook


def test_workbook_rows_scores_and_statuses(course):
    final = course["final"]
    assert final["proc"].returncode == 1, final["proc"].stdout + final["proc"].stderr
    wb = load_workbook(final["xlsx"])
    assert wb.sheetnames == ["成绩册", "说明"]
    rows = _sheet_rows(final["xlsx"], "成绩册")
    assert rows[0] == ["学号", "姓名", f"{A}（满分 {MAX}）", f"总分（满分 {MAX}）", f"{A} 状态"]
    got = _by_id(rows)
    assert sorted(got) == sorted(STUDENTS)  # every student, once
    assert len(rows) == len(STUDENTS) + 1
    for sid, expected in SCORES.items():
        _, name, score, total, status = got[sid]
        assert name == ("'" + NAMES[sid] if NAMES[sid].startswith("=") else NAMES[sid])
        if expected is None:
            assert score is None and total is None, got[sid]
        else:
            assert score == pytest.approx(expected), got[sid]
            assert total == pytest.approx(expected), got[sid]  # one assignment: total = score
    # the same scores as the gradebook (the students who handed in and were graded)
    db = _gradebook_scores(course["course"])
    assert sorted(db) == ["2024001", "2024002", "2024004"]  # 2024003 never reached nbgrader
    for sid, score in db.items():
        assert got[sid][2] == pytest.approx(score)

    status = {sid: r[4] for sid, r in got.items()}
    assert status["2024001"] == "已评分"
    assert status["2024002"] == "已评分"
    assert status["2024003"].startswith("评分失败（") and "不是 Jupyter 笔记本" in status["2024003"]
    assert status["2024004"] == "迟交 2 小时 30 分钟，扣 1 分（扣分前 8 分）"
    assert status["2024005"] == status["2024006"] == "未提交（记 0 分）"


def test_pending_manual_grading(course):
    pending = course["pending"]
    got = _by_id(_sheet_rows(pending["xlsx"], "成绩册"))
    _, _, score, total, status = got["2024001"]
    assert status.startswith("待人工批改")
    assert score == AUTO_POINTS  # only what is graded so far
    assert total is None  # not final yet
    platform = _by_id(_sheet_rows(pending["platform"], "成绩"))
    assert platform["2024001"][2] is None
    assert "2024001" in pending["proc"].stdout and "待人工批改" in pending["proc"].stdout
    assert "待人工批改 1" in pending["proc"].stdout
    final = _by_id(_sheet_rows(course["final"]["platform"], "成绩"))
    assert final["2024001"][2] == pytest.approx(AUTO_POINTS + MANUAL_SCORE)


def test_no_formula_and_no_formula_text(course):
    for key in ("xlsx", "platform"):
        wb = load_workbook(course["final"][key])
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (key, ws.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        assert not cell.value.startswith(("=", "+", "-", "@")), cell.value


def test_notes_sheet_explains_every_status(course):
    rows = _sheet_rows(course["final"]["xlsx"], "说明")
    first = [r[0] for r in rows]
    for status in ("已评分", "迟交", "待人工批改", "评分失败", "未提交"):
        assert status in first
    rule = next(r[1] for r in rows if r[0] == "迟交扣分规则")
    assert "10%" in rule and "100%" in rule
    assert any(r[0] == A and r[1] == MAX for r in rows)


def test_console_summary_and_exit_code(course):
    out = course["final"]["proc"].stdout
    assert f"{A}（满分 {MAX}）：已评分 2，迟交 1，待人工批改 0，评分失败 1，未提交 2" in out
    assert "2024003 王五" in out and "不是 Jupyter 笔记本" in out
    assert "退出码 1" in course["final"]["proc"].stderr


# --------------------------------------------------------------------------------------------
# the CSV and the platform sheet


def test_csv_has_bom_and_same_content(course):
    final = course["final"]
    raw = final["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")  # what Excel does when it sees the BOM
    rows = list(csv.reader(io.StringIO(text, newline="")))
    sheet = _sheet_rows(final["xlsx"], "成绩册")
    assert len(rows) == len(sheet)
    assert rows[0] == sheet[0]
    for line, cells in zip(rows[1:], sheet[1:]):
        assert len(line) == len(cells)
        for value, cell in zip(line, cells):
            if cell is None:
                assert value == ""
            elif isinstance(cell, (int, float)):
                assert float(value) == pytest.approx(cell)
            else:
                assert value == cell
    assert "张三" in text and "迟交 2 小时 30 分钟" in text
    # without the BOM, Excel on a Chinese Windows reads the bytes as GBK: garbled
    try:
        as_gbk = raw.decode("gbk")
    except UnicodeDecodeError:
        as_gbk = None
    assert as_gbk is None or "张三" not in as_gbk


def test_platform_sheet(course):
    final = course["final"]
    wb = load_workbook(final["platform"])
    ws = wb.active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0] == ["学号", "姓名", "成绩"]
    assert ws.max_column == 3
    got = _by_id(rows)
    assert sorted(got) == sorted(STUDENTS)
    for sid, expected in SCORES.items():
        value = got[sid][2]
        if expected is None:
            assert value is None
        else:
            assert isinstance(value, (int, float)) and not isinstance(value, bool)
            assert value == pytest.approx(expected)
    assert "成绩”为空" in final["proc"].stdout and "2024003 王五：00_intro 评分失败" in \
        final["proc"].stdout


# --------------------------------------------------------------------------------------------
# what the files alone say


def test_resubmitted_ungraded_and_unknown_hand_ins(course, tmp_path, capsys):
    copy_ = tmp_path / "course"
    shutil.copytree(course["course"], copy_)
    # 2024002 hands in again after grading
    (copy_ / "submitted" / "2024002" / A / "timestamp.txt").write_text(
        "2024-09-09 15:00:00.000000 UTC", encoding="utf-8")
    # a hand-in by someone not on the list, never graded
    released = nbformat.read(copy_ / "notebooks" / A / f"{A}.ipynb", 4)
    _hand_in(copy_, "2024099", ON_TIME, released)
    # a folder with the wrong file in it
    folder = copy_ / "submitted" / "2024005" / A
    folder.mkdir(parents=True)
    (folder / "作业.docx").write_bytes(b"PK\x03\x04")
    result = _export_here(copy_, tmp_path / "out", capsys, "--assignments", A)
    assert result["proc"].returncode == 1
    got = _by_id(_sheet_rows(result["xlsx"], "成绩册"))
    assert got["2024002"][4].startswith("评分失败（重新提交后还没有重新评分")
    assert got["2024002"][2] is None
    assert got["2024099"][1] is None and got["2024099"][4].startswith("评分失败（没有评分结果")
    assert "还没有评分" in got["2024099"][4]
    assert "没有 00_intro.ipynb" in got["2024005"][4] and "作业.docx" in got["2024005"][4]
    assert "not on the class list" in result["proc"].stdout and "2024099" in result["proc"].stdout


def test_exit_zero_without_failures_and_bad_arguments(course, tmp_path, capsys):
    copy_ = tmp_path / "course"
    shutil.copytree(course["course"], copy_)
    shutil.rmtree(copy_ / "submitted" / "2024003")
    result = _export_here(copy_, tmp_path / "out", capsys)
    assert result["proc"].returncode == 0, result["proc"].stdout + result["proc"].stderr
    got = _by_id(_sheet_rows(result["xlsx"], "成绩册"))
    assert got["2024003"][4] == "未提交（记 0 分）" and got["2024003"][2] == 0

    bad = _export_here(copy_, tmp_path / "bad", capsys, "--assignments", "99_nothing")
    assert bad["proc"].returncode == 2
    assert "99_nothing" in bad["proc"].stderr and A in bad["proc"].stderr
    assert not bad["xlsx"].exists()


def test_class_report_shows_the_late_penalty(course):
    """The class report takes the same penalty off the late student's total."""
    from crmlab.teacher import report as treport

    rep = treport.build_report([A], course["course"])
    rows = rep.lessons[0].students.set_index("学号")
    assert rows.loc["2024004", "迟交扣分"] == pytest.approx(PENALTY)
    assert rows.loc["2024001", "迟交扣分"] == 0
    # 3 + 3 + 2 automatic points, the written answer unmarked (0), less the penalty
    assert rows.loc["2024004", "总分"] == pytest.approx(8 - PENALTY)
