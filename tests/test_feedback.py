"""The Chinese feedback pages: ``nbgrader generate_feedback`` with the kit's template.

A throw-away course (lesson 00) gets a right and a wrong submission. The wrong one also has a
cell the student added that prints a path inside the course with an emoji and then fails on
opening a file of the course, so its outputs hold a traceback and the course's absolute path.
The course is graded with ``python -m crmlab.teacher grade`` and the feedback written by the real
``nbgrader generate_feedback``, once with the kit's configuration (``FEEDBACK_CONFIG``, the lines
for ``nbgrader_config.py``) and once with nbgrader's own template, as a control: the control page
must show what the kit's page must not (English labels, "Traceback", the course path).
Expected scores come from the gradebook, expected verdicts from the autograded notebooks, both
read with plain code.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import build_course
import nbbuild
import nbformat
import pytest
from nbgrader.api import Gradebook
from test_nbgrader_pipeline import _submissions
from traitlets.config.loader import PyFileConfigLoader

from crmlab.teacher import feedback_template

REPO = Path(__file__).resolve().parents[1]
A = "00_intro"
STUDENTS = ["solution", "wrong"]
NBGRADER_TEMPLATES = (
    Path(sys.modules["nbgrader"].__file__).parent / "server_extensions" / "formgrader" / "templates"
)

#: The lines the course's nbgrader_config.py needs (the report hands the same text over).
FEEDBACK_CONFIG = '''
# Feedback pages (nbgrader generate_feedback) in Chinese: the kit's template in
# crmlab/teacher/feedback_template/ (verdicts as plain text, no tracebacks, paths or emoji).
c.GenerateFeedback.HTMLExporter.extra_template_basedirs = [
    __import__("os").path.join(
        __import__("importlib.util").util.find_spec("crmlab").submodule_search_locations[0],
        "teacher", "feedback_template",
    )
]
c.GenerateFeedback.HTMLExporter.template_name = "crmlab_feedback"
c.GenerateFeedback.HTMLExporter.filters = {
    "crmlab_text": "crmlab.teacher.feedback_template.plain_text",
    "crmlab_marks": "crmlab.teacher.feedback_template.plain_marks",
}
'''

# A cell the student added. The page shows code as the student wrote it, so the course path is
# spelt backwards in the source: only the outputs (printed text, the error) hold it.
ADDED_CELL = '''where = r"{backwards}"[::-1]
print("✅ 我找到了：", where + "/solutions/00_intro/00_intro.ipynb")
open(where + "/grading/hidden/no_such_file.py")'''


def _num(x: float) -> str:
    """How the page writes a score: 3.0 -> "3", 2.5 -> "2.5"."""
    x = round(float(x), 2)
    return str(int(x)) if x == int(x) else str(x)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    base = tmp_path_factory.mktemp("feedback")
    course = build_course.make_course(
        base / "course", [A], "\nc.SandboxedGrading.cell_timeout = 20\n" + FEEDBACK_CONFIG
    )
    build_course.run_nbgrader(course, "generate_assignment", A)
    lesson = nbbuild.load_lesson(A)
    student_nb = nbformat.read(course / "notebooks" / A / f"{A}.ipynb", 4)
    solution_nb = nbformat.read(course / "solutions" / A / f"{A}.ipynb", 4)
    subs = _submissions(A, student_nb, solution_nb, lesson)
    wrong = subs["wrong"]
    first = nbbuild.grade_ids(student_nb, kind="answer")[0]
    at = next(
        i for i, c in enumerate(wrong.cells) if nbbuild.nbgrader_meta(c).get("grade_id") == first
    )
    wrong.cells.insert(at + 1, nbformat.v4.new_code_cell(ADDED_CELL.format(backwards=str(course)[::-1])))
    for student in STUDENTS:
        folder = course / "submitted" / student / A
        folder.mkdir(parents=True)
        nbformat.write(subs[student], folder / f"{A}.ipynb")

    graded = subprocess.run(
        [sys.executable, "-m", "crmlab.teacher", "grade", A],
        cwd=course, env=build_course.kernel_env(), capture_output=True, text=True, timeout=600,
        check=False,
    )
    assert graded.returncode == 0, graded.stdout + graded.stderr
    build_course.run_nbgrader(course, "generate_feedback", A)
    # the control: nbgrader's own template, into another folder (the course config's setting
    # for generate_feedback is overridden by a later line in the same file)
    config = course / "nbgrader_config.py"
    kept = config.read_text(encoding="utf-8")
    config.write_text(
        kept
        + '\nc.GenerateFeedback.HTMLExporter.template_name = "feedback"\n'
        + f"c.GenerateFeedback.HTMLExporter.extra_template_basedirs = [{str(NBGRADER_TEMPLATES)!r}]\n",
        encoding="utf-8",
    )
    try:
        build_course.run_nbgrader(
            course, "generate_feedback", A,
            "--CourseDirectory.feedback_directory=feedback_nbgrader",
        )
    finally:
        config.write_text(kept, encoding="utf-8")
    return {"course": course, "lesson": lesson, "student_nb": student_nb}


def _page(course: Path, student: str, folder: str = "feedback") -> str:
    raw = (course / folder / student / A / f"{A}.html").read_bytes()
    return raw.decode("utf-8")  # strict: the page must be valid UTF-8


def _scores(course: Path, student: str) -> tuple[dict[str, tuple[float, float]], float, float]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="crmlab") as gb:
        nb = gb.find_submission_notebook(A, A, student)
        cells = {g.name: (g.score, g.max_score) for g in nb.grades}
        return cells, nb.score, nb.max_score


def _verdicts(course: Path, student: str) -> dict[str, str]:
    """Each test cell's verdict as the kit wrote it into the autograded notebook."""
    nb = json.loads((course / "autograded" / student / A / f"{A}.ipynb").read_text("utf-8"))
    out = {}
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if cell["cell_type"] == "code" and meta.get("grade") and not meta.get("solution"):
            texts = []
            for o in cell["outputs"]:
                if o["output_type"] == "error":
                    texts.append(o["evalue"])
                elif o["output_type"] == "stream":
                    texts.append("".join(o["text"]))
            out[meta["grade_id"]] = "\n".join(t.strip() for t in texts)
    return out


def _row(page: str, grade_id: str) -> str:
    """The summary table's row of one graded cell."""
    m = re.search(rf'<tr>\s*<td><a href="#{grade_id}">.*?</tr>', page, re.DOTALL)
    assert m, f"no summary row for {grade_id}"
    return m.group(0)


def _box(page: str, grade_id: str) -> str:
    """A test cell's box on the page."""
    m = re.search(
        rf'<div class="crm-graded crm-test" id="{grade_id}">(.*?<pre class="crm-verdict-text">.*?)</pre>',
        page, re.DOTALL,
    )
    assert m, f"no box for {grade_id}"
    return m.group(1)


@pytest.mark.parametrize("student", STUDENTS)
def test_page_is_chinese_utf8(course, student):
    page = _page(course["course"], student)
    assert re.search(r'<meta charset="utf-8"\s*/?>', page[:600], re.IGNORECASE)
    assert '<html lang="zh-CN">' in page
    for label in ["作业反馈", "总分", "得分", "学生的答案", "检查结果", "书面回答", "回到顶部"]:
        assert label in page, label
    for english in ["Test cell", "Student's answer", "Grade cell", "Score:", "Comments",
                    "Written response", "(Top)", "No response."]:
        assert english not in page, english


@pytest.mark.parametrize("student", STUDENTS)
def test_no_traceback_no_paths_no_emoji(course, student):
    page = _page(course["course"], student)
    assert "Traceback" not in page
    assert str(course["course"]) not in page
    assert str(REPO) not in page  # the teacher's installation (site-packages paths)
    assert "✅" not in page and "❌" not in page
    assert "<script" not in page  # nothing loaded from the network, no widget code


def test_control_page_has_what_ours_removes(course):
    """nbgrader's own page of the same graded notebook: the assertions above can fail."""
    page = _page(course["course"], "wrong", "feedback_nbgrader")
    assert "Test cell" in page and "Student's answer" in page
    assert "Traceback" in page
    assert str(course["course"]) in page
    assert "✅" in page


@pytest.mark.parametrize("student", STUDENTS)
def test_scores_match_the_gradebook(course, student):
    page = _page(course["course"], student)
    cells, total, max_total = _scores(course["course"], student)
    assert f"总分 (score)：{_num(total)} / {_num(max_total)}" in page
    tests = nbbuild.grade_ids(course["student_nb"], kind="tests")
    for grade_id, (score, points) in cells.items():
        row = _row(page, grade_id)
        assert f"{_num(score)} / {_num(points)}" in row
        if grade_id in tests:
            word = "通过" if score >= points else "未通过"
            assert f'<span class="crm-badge crm-{"ok" if word == "通过" else "fail"}">{word}</span>' in row
            assert f"得分 (score)：{_num(score)} / {_num(points)}" in _box(page, grade_id)


def test_expected_scores(course):
    """Independent of the page: the right answer gets full marks, the wrong one fails exactly
    the lesson's WRONG.fails."""
    tests = nbbuild.grade_ids(course["student_nb"], kind="tests")
    right, _, _ = _scores(course["course"], "solution")
    wrong, _, _ = _scores(course["course"], "wrong")
    fails = set(course["lesson"].wrong.fails)
    assert fails and fails < set(tests)
    for t in tests:
        assert right[t][0] == right[t][1] > 0
        assert wrong[t][0] == (0 if t in fails else wrong[t][1])


@pytest.mark.parametrize("student", STUDENTS)
def test_each_test_cell_shows_its_verdict_as_text(course, student):
    page = _page(course["course"], student)
    verdicts = _verdicts(course["course"], student)
    assert set(verdicts) == set(nbbuild.grade_ids(course["student_nb"], kind="tests"))
    for grade_id, text in verdicts.items():
        box = _box(page, grade_id)
        shown = text.removeprefix("✅").strip()
        assert shown and html.escape(shown, quote=False) in box, (grade_id, text)
        if student == "solution":
            assert shown == "隐藏测试通过 (hidden tests passed)"
        elif grade_id in course["lesson"].wrong.fails:
            assert shown.startswith("隐藏测试未通过：")
            assert "crm-badge crm-fail" in box


def test_student_error_shows_name_and_message_only(course):
    page = _page(course["course"], "wrong")
    cell = page[page.index("我找到了"):]
    cell = cell[: cell.index("</pre>", cell.index("运行出错")) + 6]
    assert "√ 我找到了" in cell  # the emoji printed by the student, as a plain mark
    assert "…/00_intro.ipynb" in cell  # the path cut to its last part
    assert "运行出错 (error)" in cell
    assert re.search(r"FileNotFoundError: .*…/no_such_file\.py", cell)
    assert "Cell In" not in cell and "----" not in cell  # nothing of the traceback


def test_the_filters():
    f = feedback_template
    assert f.plain_text("/home/t/课程/grading/x.py:3: Warning") == "…/x.py:3: Warning"
    assert f.plain_text(r"C:\Users\李老师\course\x.csv") == "…\\x.csv"
    assert f.plain_text("see https://example.org/a/b.html") == "see https://example.org/a/b.html"
    assert f.plain_text("1/2 客户/收入 a/b") == "1/2 客户/收入 a/b"
    assert f.plain_text("\x1b[31m红\x1b[0m") == "红"
    assert f.plain_text("✅ 通过", verdict=True) == "通过"
    assert f.plain_marks("❌ 不满足 ✔ ⚠️") == "× 不满足 √ ！"


def test_template_ships_with_the_package():
    folder = Path(feedback_template.TEMPLATE_BASEDIR) / feedback_template.TEMPLATE_NAME
    assert (folder / "index.html.j2").is_file() and (folder / "conf.json").is_file()
    # the folder must not be git-ignored: hatchling leaves ignored files out of the wheel
    # (the repository's copy: the installed one may sit in a git-ignored .venv)
    source = REPO / "crmlab" / "teacher" / "feedback_template" / feedback_template.TEMPLATE_NAME
    assert (source / "index.html.j2").is_file()
    try:
        res = subprocess.run(["git", "check-ignore", "-q", str(source / "index.html.j2")],
                             cwd=REPO, capture_output=True, check=False)
    except FileNotFoundError:
        pytest.skip("git is not installed")
    if res.returncode == 128:
        pytest.skip("not a git checkout")
    assert res.returncode == 1, "the template folder is git-ignored"


def test_course_config_uses_the_template():
    """The course's own nbgrader_config.py carries FEEDBACK_CONFIG's settings."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(REPO)).load_config()
    # only for generate_feedback: formgrader's grading pages use an HTMLExporter too, and break
    # with the feedback template ("'str object' has no attribute 'score'")
    assert "template_name" not in config.get("HTMLExporter", {})
    exporter = config.get("GenerateFeedback", {}).get("HTMLExporter", {})
    assert exporter.get("template_name") == feedback_template.TEMPLATE_NAME
    assert [Path(p).resolve() for p in exporter.get("extra_template_basedirs", [])] == [
        Path(feedback_template.TEMPLATE_BASEDIR).resolve()
    ]
    assert exporter.get("filters") == feedback_template.FILTERS
