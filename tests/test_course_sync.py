"""The committed notebooks are what the text lessons and nbgrader make of them (not stale), and
the text lessons round-trip exactly.

Fix a failure with ``python tools/build_course.py <assignment>``.
"""

from __future__ import annotations

import json

import build_course
import nbbuild
import nbformat
import pytest

ROOT = nbbuild.ROOT
ALL = [p.stem for p in nbbuild.lesson_paths()]
LESSONS = nbbuild.selected_lessons()
HOW = "stale: run `python tools/build_course.py {a}` and commit the result"


def _read(*parts: str):
    return nbformat.read(ROOT.joinpath(*parts), as_version=4)


def test_every_lesson_has_both_notebooks_and_nothing_else():
    assert ALL, "no text lessons found"
    for top in ("solutions", "notebooks"):
        folders = sorted(p.name for p in (ROOT / top).iterdir() if p.is_dir())
        assert folders == ALL, f"{top}/ folders {folders} != lessons {ALL}"
    for a in ALL:
        # generate_assignment copies the whole source folder to the students
        files = sorted(p.name for p in (ROOT / "solutions" / a).iterdir())
        assert files == [f"{a}.ipynb"], f"solutions/{a}/ may hold only {a}.ipynb: {files}"


@pytest.mark.parametrize("assignment", LESSONS)
def test_teacher_notebook_matches_its_text_lesson(assignment):
    built = nbbuild.load_lesson(assignment).notebook()
    committed = _read("solutions", assignment, f"{assignment}.ipynb")
    assert nbbuild.signature(committed) == nbbuild.signature(built), HOW.format(a=assignment)
    assert [c.id for c in committed.cells] == [c.id for c in built.cells], HOW.format(a=assignment)


@pytest.mark.parametrize("assignment", LESSONS)
def test_teacher_notebook_stores_the_outputs_of_one_clean_run(assignment):
    nb = _read("solutions", assignment, f"{assignment}.ipynb")
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), HOW.format(a=assignment)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
            assert "execution" not in cell.metadata  # no volatile timings committed


def _normal(nb) -> str:
    """Everything that matters in a student notebook, without ids and run-time metadata."""
    cells = []
    for cell in nb.cells:
        c = {k: v for k, v in cell.items() if k != "id"}
        cells.append(c)
    meta = {"kernelspec": nb.metadata.get("kernelspec")}
    return json.dumps(
        {"cells": cells, "metadata": meta}, sort_keys=True, ensure_ascii=False, indent=1
    )


def test_student_notebooks_are_what_generate_assignment_makes(tmp_path):
    course = build_course.make_course(tmp_path / "course", LESSONS)
    build_course.run_nbgrader(course, "generate_assignment", "*", "--no-db")
    for a in LESSONS:
        fresh = nbformat.read(course / "notebooks" / a / f"{a}.ipynb", as_version=4)
        committed = _read("notebooks", a, f"{a}.ipynb")
        assert _normal(committed) == _normal(fresh), HOW.format(a=a)
        for cell in committed.cells:  # no solutions or hidden tests leak to students
            assert nbbuild.BEGIN_SOLUTION not in cell.source
            assert nbbuild.BEGIN_HIDDEN not in cell.source


@pytest.mark.parametrize("assignment", ALL)
def test_text_lesson_round_trips_exactly(assignment):
    """text -> notebook -> text gives back the same file, byte for byte; and the notebook made
    from the committed teacher notebook's cells gives the same text (nothing is lost either way)."""
    path = ROOT / "lessons" / assignment / f"{assignment}.py"
    text = path.read_text(encoding="utf-8")
    assert nbbuild.to_text(nbbuild.read_text(path)) == text
    committed = _read("solutions", assignment, f"{assignment}.ipynb")
    assert nbbuild.to_text(committed) == text, HOW.format(a=assignment)


def _lesson_with(tmp_path, edit):
    src = (ROOT / "lessons" / "00_intro" / "00_intro.py").read_text(encoding="utf-8")
    new = edit(src)
    assert new != src
    path = tmp_path / "00_intro.py"
    path.write_text(new, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda s: s.replace('"grade_id": "a2_top"', '"grade_id": "a1_total"', 1), "duplicate"),
        (lambda s: s.replace('"grade_id": "a2_top"', '"grade_id": "a2 top"', 1), "ASCII"),
        (lambda s: s.replace("### END SOLUTION", "", 1), "unbalanced"),
        (lambda s: s.replace('tags=["raises-exception"]', "", 1), "raises-exception"),
        (lambda s: s.replace("### BEGIN SOLUTION", "### BEGIN SOLUTION\nif x\n", 1),
         "not valid Python"),
    ],
)
def test_a_broken_text_lesson_is_refused_with_the_cell_named(tmp_path, edit, message):
    with pytest.raises(nbbuild.LessonError, match=message) as err:
        nbbuild.read_text(_lesson_with(tmp_path, edit))
    assert "cell " in str(err.value)
