"""A newcomer adds lesson 08 the way docs/authoring.md says, in a throw-away copy of the course:
``tools/new_lesson.py`` copies a lesson, ``tools/build_course.py`` builds it, nbgrader releases
and grades it (the kit's sandboxed step and the new hidden tests), and then it is deleted."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

ROOT = Path(__file__).resolve().parents[1]
NEW, SOURCE = "08_practice", "00_intro"


def _copy_course(dest: Path) -> None:
    """The parts of the repository a teacher's course has, with one lesson."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for top in ("crmlab", "crmcourse", "tools"):
        shutil.copytree(ROOT / top, dest / top, ignore=ignore)
    shutil.copytree(ROOT / "lessons" / SOURCE, dest / "lessons" / SOURCE, ignore=ignore)
    (dest / "grading" / "hidden").mkdir(parents=True)
    for name in ("_textbook.py", f"l{SOURCE}.py"):
        shutil.copy2(ROOT / "grading" / "hidden" / name, dest / "grading" / "hidden" / name)
    shutil.copy2(ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")


def _run(course: Path, *args: str) -> str:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(course)  # the copy's crmlab and crmcourse, not the repository's
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    proc = subprocess.run(list(args), cwd=course, env=env, capture_output=True, text=True,
                          timeout=600, check=False)
    assert proc.returncode == 0, f"{args}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def test_a_copied_lesson_builds_and_grades(tmp_path):
    course = tmp_path / "course"
    _copy_course(course)
    py = sys.executable

    out = _run(course, py, "tools/new_lesson.py", NEW, "--from", SOURCE)
    for made in (f"lessons/{NEW}", f"crmcourse/l{NEW}", f"grading/hidden/l{NEW}.py"):
        assert f"made {made}" in out and (course / made).exists()
    text = (course / "lessons" / NEW / f"{NEW}.py").read_text(encoding="utf-8")
    assert f"from crmcourse.l{NEW} import" in text and f"l{SOURCE}" not in text

    _run(course, py, "tools/build_course.py", NEW)
    solution = nbformat.read(course / "solutions" / NEW / f"{NEW}.ipynb", as_version=4)
    student = nbformat.read(course / "notebooks" / NEW / f"{NEW}.ipynb", as_version=4)
    assert any(c.get("outputs") for c in solution.cells if c.cell_type == "code")
    assert not any("### BEGIN SOLUTION" in c.source for c in student.cells)

    # the new lesson's checks really are the copy's, imported from the copied course code
    probe = _run(course, py, "-c", f"import crmcourse.l{NEW}.checks as c; print(c.__file__)")
    assert str(course) in probe

    # hand in the teacher's answers and an untouched notebook; grade both
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in solution.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    right = nbformat.from_dict(student)
    for cell in right.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    for who, nb in (("right", right), ("blank", student)):
        folder = course / "submitted" / who / NEW
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{NEW}.ipynb")
    _run(course, str(Path(py).parent / "nbgrader"), "autograde", NEW)

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="crmlab") as gb:
        scores = {who: gb.find_submission_notebook(NEW, NEW, who) for who in ("right", "blank")}
        auto = {who: [(g.name, g.auto_score, g.max_score) for g in nb.grades
                      if g.auto_score is not None] for who, nb in scores.items()}
    assert auto["right"] and all(s == m for _, s, m in auto["right"]), auto["right"]
    assert all(s == 0 for _, s, _ in auto["blank"]), auto["blank"]

    # and it goes away as it came: three places
    for place in (course / "lessons" / NEW, course / "crmcourse" / f"l{NEW}"):
        shutil.rmtree(place)
    (course / "grading" / "hidden" / f"l{NEW}.py").unlink()
    assert not list(course.glob(f"**/*{NEW}*.py"))
