"""The class report writes what students wrote as plain text.

Hint texts (read from the autograded notebooks), student ids and names reach the workbook and
the terminal; exercise labels and assignment names reach the charts. None of them may become
an Excel formula or error value, break the workbook (control characters, characters XML cannot
hold), blow a cell up (a 100,000-character hint), or break matplotlib (mathtext in "$...$").

Two levels: :func:`write_excel` / :func:`save_charts` on a hand-made report with every kind of
hostile text, and the whole ``python -m crmlab.teacher report`` command on a real throw-away
course (nbgrader's gradebook, autograded notebooks written with the texts in their error
outputs). Every workbook is read back with openpyxl.
"""

from __future__ import annotations

import copy
import json
import math
import re

import build_course
import matplotlib
import nbbuild
import nbformat
import pandas as pd
import pytest
from nbgrader.api import Gradebook
from openpyxl import load_workbook

from crmlab.feedback.checks import FAIL_MARK
from crmlab.teacher import report as treport

LIMIT = treport.CELL_TEXT_LIMIT
LONG = "+" + "长" * 100_000
NORMAL = "用 sum() 求和，不是 mean()。注意：先 groupby('客户')，再看 50% 以上的客户。"
#: hostile text -> what the cell must hold (None: checked on its own below)
HINTS = {
    '=HYPERLINK("http://x","点我")': '\'=HYPERLINK("http://x","点我")',
    "+1+1": "'+1+1",
    "-2": "'-2",
    "@SUM(A1)": "'@SUM(A1)",
    "\t=1+1": "'\t=1+1",
    "  =1+1": "'  =1+1",
    "\u3000=1+1": "'\u3000=1+1",
    "\r=1+1": None,  # XML turns a lone carriage return into a line feed on reading
    "\n-1": "'\n-1",
    "#N/A": "'#N/A",
    "abc\x00\x07def": "abcdef",
    "a\x0bb\x0cc\x0ed\x1b[31me\x1ff": "abcd[31mef",
    "$x^2$ 提示": "$x^2$ 提示",
    "=\x01HYPERLINK()": "'=HYPERLINK()",
    "\x00=1+1": "'=1+1",
    LONG: None,
    NORMAL: NORMAL,
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _cells(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield ws.title, cell


def _assert_plain(wb) -> None:
    """No formula, no error value, no control character, no text that starts like a formula
    (except after the apostrophe), nothing longer than the cap."""
    for sheet, cell in _cells(wb):
        where = f"{sheet}!{cell.coordinate}"
        assert cell.data_type not in ("f", "e"), where
        if isinstance(cell.value, str):
            assert not ILLEGAL.search(cell.value), where
            assert not cell.value.lstrip().startswith(FORMULA_STARTS), where
            assert not cell.value.startswith(FORMULA_STARTS), where
            assert len(cell.value) <= LIMIT, where
        else:
            assert cell.data_type == "n" and isinstance(cell.value, (int, float)), where


def _assert_long(text: str, head: str) -> None:
    assert len(text) == LIMIT and text.endswith("…")
    assert text.startswith("'" + head) and set(text[len(head) + 1: -1]) == {"长"}


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


# --------------------------------------------------------------------------------------------
# the helper


@pytest.mark.parametrize("text", [*HINTS, "x\ud800y\ufffez\uffff"])
def test_cell_text(text):
    got = treport._cell_text(text)
    if text == LONG:
        _assert_long(got, "+")
    elif text not in HINTS:  # only here: a pandas string column cannot hold a lone surrogate
        assert got == "xyz"
    elif HINTS[text] is None:
        assert got == "'" + text
    else:
        assert got == HINTS[text]


def test_cell_text_keeps_numbers_and_normal_text():
    for value in (-2, -1.5, 0, 3.25, None):
        assert treport._cell_text(value) == value
    assert treport._cell_text(NORMAL) == NORMAL
    assert treport._cell_text("a - b = c, 1+1") == "a - b = c, 1+1"  # only the start counts
    assert treport._cell_text("x" * LIMIT) == "x" * LIMIT  # at the cap: unchanged


# --------------------------------------------------------------------------------------------
# write_excel and save_charts on a hand-made report

ASSIGNMENT = "08_$x^$"  # mathtext that matplotlib cannot parse
LABELS = ["q1", "$\\frac{$", "=q3"]


def _crafted_report() -> treport.ClassReport:
    hints = list(HINTS)
    ids = ["=1+1", "+8613800000000", "-5", "@SUM(A1)", "#N/A", "2024001"]
    names = ['=HYPERLINK("http://x","点我")', "张\x00三", "李\x1b[31m四", "\t=王", "$x^2$",
             "赵六"]
    exercises = pd.DataFrame(
        [{
            "题目": LABELS[i] if i < len(LABELS) else f"e{i}",
            "类型": treport.AUTO, "分值": 2.0, "提交人数": 6, "已评分人数": 6,
            "通过人数": 1, "通过率": 1 / 6, "平均得分": 1 / 3, "平均得分率": 1 / 6,
            "待批改人数": 0, "未作答人数": 0, "最常见的提示": hint, "看到这条提示的人数": 5,
        } for i, hint in enumerate(hints)],
        columns=treport.EXERCISE_COLUMNS,
    )
    students = pd.DataFrame({
        "学号": ids, "姓名": names, "已提交": [True] * 5 + [False],
        "q1": [2.0, 0.0, -1.5, 0.0, 2.0, math.nan],  # a negative number stays a number
        "总分": [2.0, 0.0, -1.5, 0.0, 2.0, math.nan], "满分": [6.0] * 6,
        "得分率": [1 / 3, 0.0, -0.25, 0.0, 1 / 3, math.nan],
        "状态": ["正常", "自动评分得分率低于 60%", "-", "=1", "正常", "未提交"],
    })
    lesson = treport.LessonReport(ASSIGNMENT, exercises, students, 6.0, 6.0)
    summary = pd.DataFrame([{
        "作业": ASSIGNMENT, "学生人数": 6, "提交人数": 5, "满分": 6.0, "平均分": 0.5,
        "平均得分率": 1 / 12, "最低得分率": -0.25, "需要关注的人数": 4,
    }])
    struggling = pd.DataFrame({
        "学号": ids, "姓名": names, "作业": ASSIGNMENT, "总分": students["总分"],
        "原因": students["状态"],
    })
    missed = exercises[["题目", "分值", "通过率", "最常见的提示", "看到这条提示的人数"]].copy()
    missed.insert(0, "作业", ASSIGNMENT)
    return treport.ClassReport([lesson], summary, struggling, missed)


@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crafted")
    report = _crafted_report()
    treport.save_charts(report, folder / "charts")
    path = treport.write_excel(report, folder / "报告.xlsx")
    return {"report": report, "wb": load_workbook(path), "charts": folder / "charts"}


def test_matplotlib_would_fail_on_these_labels(tmp_path):
    """The chart test below means something: these labels break mathtext."""
    from matplotlib.figure import Figure

    for text in (ASSIGNMENT, LABELS[1]):
        fig = Figure()
        fig.subplots().set_title(text)
        with pytest.raises(ValueError):
            fig.savefig(tmp_path / "x.png")


def test_crafted_charts_are_drawn(crafted):
    import matplotlib.image as mpimg

    names = sorted(p.name for p in crafted["charts"].glob("*.png"))
    assert names == sorted(
        [f"pass_rates_{ASSIGNMENT}.png", f"scores_{ASSIGNMENT}.png", "summary.png"]
    )
    for name in names:
        assert mpimg.imread(crafted["charts"] / name).std() > 0.05
    assert matplotlib.rcParams["text.parse_math"]  # only the report's charts were changed


def test_crafted_workbook_is_plain_text(crafted):
    wb = crafted["wb"]
    assert wb.sheetnames == ["汇总", ASSIGNMENT]
    _assert_plain(wb)


def test_crafted_hints_survive_as_text(crafted):
    wb = crafted["wb"]
    for sheet, title in ((ASSIGNMENT, "【各题情况】"), ("汇总", "【大多数学生没做对的题】")):
        got = [r["最常见的提示"] for r in _table(wb[sheet], title)]
        assert len(got) == len(HINTS)
        for text, cell in zip(HINTS, got):
            if text == LONG:
                _assert_long(cell, "+")
            elif text == "\r=1+1":
                assert cell.startswith("'") and cell.endswith("=1+1")
            else:
                assert cell == HINTS[text], repr(text)
        assert NORMAL in got  # a normal Chinese hint is written as it is
    labels = [r["题目"] for r in _table(wb[ASSIGNMENT], "【各题情况】")][:3]
    assert labels == ["q1", "$\\frac{$", "'=q3"]


def test_crafted_ids_names_and_numbers(crafted):
    rows = _table(crafted["wb"][ASSIGNMENT], "【学生成绩】")
    assert [r["学号"] for r in rows] == [
        "'=1+1", "'+8613800000000", "'-5", "'@SUM(A1)", "'#N/A", "2024001"
    ]
    assert [r["姓名"] for r in rows] == [
        '\'=HYPERLINK("http://x","点我")', "张三", "李[31m四", "'\t=王", "$x^2$", "赵六"
    ]
    assert [r["状态"] for r in rows][2:4] == ["'-", "'=1"]
    assert rows[2]["q1"] == -1.5 and rows[2]["得分率"] == -0.25  # numbers, not text
    ws = crafted["wb"][ASSIGNMENT]
    negative = [c for _, c in _cells(crafted["wb"]) if c.value == -1.5]
    assert negative and all(c.data_type == "n" for c in negative)
    assert ws.title == ASSIGNMENT
    summary = _table(crafted["wb"]["汇总"], "【各课概况】")
    assert summary[0]["作业"] == ASSIGNMENT and summary[0]["最低得分率"] == -0.25


def test_terminal_summary_has_no_control_characters(crafted, capsys):
    treport._print(crafted["report"], crafted["charts"] / "r.xlsx")
    out = capsys.readouterr().out
    assert not ILLEGAL.search(out)
    assert NORMAL in out and "abcdef" in out


# --------------------------------------------------------------------------------------------
# the whole command on a real course

A = "00_intro"
#: student id -> (last name, first name); all submit, all fail every autograded test
STUDENTS = {
    "=1+1": ('=HYPERLINK("http://x","点我")', ""),
    "+8613800000000": ("张\x07", "三"),
    "@SUM(A1)": ("李", "\x1b[31m四"),
    "-2": ("$x^2$", "王"),
    "2024001": ("赵", "六"),
}
#: test cell -> hint every student saw there
E2E_HINTS = {
    "q1_total": '=HYPERLINK("http://x","点我")',
    "q2_top": "+abc\x00\x07def $x^2$ 提示" + "长" * 100_000,
    "q3_count": NORMAL,
}


def _error(hint: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output(
        "error", ename="AssertionError",
        evalue=f"{FAIL_MARK}：第 1 题\n问题：不对：你的答案是 7。\n提示 (hint)：{hint}",
        traceback=["AssertionError"],
    )


@pytest.fixture(scope="module")
def course_report(tmp_path_factory):
    base = tmp_path_factory.mktemp("safety")
    course = build_course.make_course(base / "course", [A])
    build_course.run_nbgrader(course, "generate_assignment", A)
    released = nbformat.read(course / "notebooks" / A / f"{A}.ipynb", 4)
    tests = nbbuild.grade_ids(released, kind="tests")
    assert sorted(tests) == sorted(E2E_HINTS)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="crmlab") as gb:
        for sid, (last, first) in STUDENTS.items():
            gb.add_student(sid, last_name=last, first_name=first)
            gb.add_submission(A, sid)
            for t in tests:
                grade = gb.find_grade(t, A, A, sid)
                grade.auto_score = 0.0
                grade.needs_manual_grade = False
        gb.db.commit()
    for sid in STUDENTS:
        nb = copy.deepcopy(released)
        for cell in nb.cells:
            gid = nbbuild.nbgrader_meta(cell).get("grade_id")
            if gid in E2E_HINTS:
                cell.outputs = [_error(E2E_HINTS[gid])]
            if gid == "q3_count" and sid == "2024001":  # read at once, before counting
                cell.outputs = [_error(NORMAL + "\ud800\ufffe")]
        nbformat.validate(nb)
        folder = course / "autograded" / sid / A
        folder.mkdir(parents=True)
        # JSON may hold a lone surrogate as an escape; nbformat.write could not write it
        (folder / f"{A}.ipynb").write_text(json.dumps(nb, ensure_ascii=True), "ascii")
    out = base / "班级报告.xlsx"
    assert treport.main([A, "--course", str(course), "--out", str(out)]) == 0
    return {"wb": load_workbook(out), "charts": base / "班级报告_charts"}


def test_course_report_is_plain_text(course_report):
    wb = course_report["wb"]
    assert wb.sheetnames == ["汇总", A]
    _assert_plain(wb)
    assert len(list(course_report["charts"].glob("*.png"))) == 3


def test_course_report_hints(course_report):
    wb = course_report["wb"]
    for sheet, title in ((A, "【各题情况】"), ("汇总", "【大多数学生没做对的题】")):
        rows = {r["题目"]: r for r in _table(wb[sheet], title) if r["题目"] in E2E_HINTS}
        assert set(rows) == set(E2E_HINTS)
        assert rows["q1_total"]["最常见的提示"] == '\'=HYPERLINK("http://x","点我")'
        _assert_long(rows["q2_top"]["最常见的提示"], "+abcdef $x^2$ 提示")
        assert rows["q3_count"]["最常见的提示"] == NORMAL
        assert all(r["看到这条提示的人数"] == len(STUDENTS) for r in rows.values())
        assert all(r["通过率"] == 0 for r in rows.values())  # numbers stay numbers


def test_course_report_ids_and_names(course_report):
    rows = {r["学号"]: r for r in _table(course_report["wb"][A], "【学生成绩】")}
    assert set(rows) == {"'=1+1", "'+8613800000000", "'@SUM(A1)", "'-2", "2024001"}
    assert rows["'=1+1"]["姓名"] == '\'=HYPERLINK("http://x","点我")'
    assert rows["'+8613800000000"]["姓名"] == "张三"
    assert rows["'@SUM(A1)"]["姓名"] == "李[31m四"
    assert rows["'-2"]["姓名"] == "$x^2$王"
    assert rows["2024001"]["姓名"] == "赵六"
    assert all(r["总分"] == 0 and isinstance(r["总分"], (int, float)) for r in rows.values())
    flagged = {r["学号"] for r in _table(course_report["wb"]["汇总"], "【需要关注的学生】")}
    assert flagged == set(rows)
