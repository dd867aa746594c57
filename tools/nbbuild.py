"""A small authoring API for the nbgrader lessons.

A lesson is a Python file ``tools/lessons/<assignment>.py`` that defines ``CELLS``, a list made
with the functions below, and the specs the pipeline test uses (``WRONG``, ``CHEAT``). See
``docs/authoring.md`` for the conventions. ``tools/build_course.py`` turns it into the teacher
notebook ``solutions/<assignment>/<assignment>.ipynb`` and the student notebook.

Cell kinds and the nbgrader metadata (schema version 3) they get:

=============  ===========================================  =====  ========  ======  ======
function       what it is                                   grade  solution  locked  points
=============  ===========================================  =====  ========  ======  ======
``md``         plain markdown (prompt, explanation)         -      -         -       -
``code``       plain code the student runs or edits         -      -         -       -
``readonly``   code or markdown the student cannot edit     no     no        yes     -
``answer``     autograded answer, ``### BEGIN SOLUTION``    no     yes       no      -
``tests``      the visible check only                       yes    no        yes     yes
``written``    manually graded written answer (markdown)    yes    yes       no      yes
=============  ===========================================  =====  ========  ======  ======
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
LESSONS_DIR = ROOT / "tools" / "lessons"
SCHEMA_VERSION = 3
GRADE_ID = re.compile(r"^[A-Za-z0-9_\-]+$")
ASSIGNMENT_ID = re.compile(r"^\d\d_[a-z0-9_]+$")

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _text(source: str) -> str:
    return textwrap.dedent(source).strip("\n")


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool, points=None) -> dict:
    if not GRADE_ID.match(grade_id):
        raise ValueError(f"grade_id must be ASCII letters, digits, _ or -: {grade_id!r}")
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
        "task": False,
    }
    if grade:
        if points is None or points <= 0:
            raise ValueError(f"graded cell {grade_id!r} needs positive points")
        meta["points"] = points
    return {"nbgrader": meta}


#: JupyterLab's "run all" stops at the first error unless the cell carries this tag. A blank
#: student notebook raises in every answer and check cell, so both get it: the explanations and
#: widgets further down still run. (nbval reads the tag as "an error is allowed here".)
RAISES = "raises-exception"


def _require_pair(source: str, begin: str, end: str, what: str) -> None:
    b, e = source.count(begin), source.count(end)
    if b != e or (b and source.index(begin) > source.index(end)):
        raise ValueError(f"{what}: unbalanced {begin!r} / {end!r}")


def md(text: str):
    """A plain markdown cell."""
    return new_markdown_cell(_text(text))


def code(source: str):
    """A plain code cell: the student runs it and may edit it; not graded."""
    return new_code_cell(_text(source))


def readonly(source: str, *, grade_id: str, markdown: bool = False):
    """A locked cell: nbgrader makes it read-only and restores it before grading."""
    make = new_markdown_cell if markdown else new_code_cell
    return make(_text(source), metadata=_meta(grade_id, grade=False, solution=False, locked=True))


def answer(source: str, *, grade_id: str):
    """An autograded answer cell; the region between the SOLUTION markers becomes a stub."""
    source = _text(source)
    if BEGIN_SOLUTION not in source:
        raise ValueError(f"answer cell {grade_id!r} has no {BEGIN_SOLUTION!r} region")
    _require_pair(source, BEGIN_SOLUTION, END_SOLUTION, grade_id)
    meta = _meta(grade_id, grade=False, solution=True, locked=False)
    return new_code_cell(source, metadata={**meta, "tags": [RAISES]})


def tests(source: str, *, grade_id: str, points: float):
    """A graded, locked test cell: the visible check only. The hidden tests are teacher-side
    code in ``grading/hidden/l<assignment>.py`` (a function named like ``grade_id``), run by
    the kit's sandboxed grading step on the exported answers; they never enter a notebook."""
    source = _text(source)
    if BEGIN_HIDDEN in source or END_HIDDEN in source:
        raise ValueError(
            f"test cell {grade_id!r}: hidden tests belong in grading/hidden/, not in the notebook"
        )
    meta = _meta(grade_id, grade=True, solution=False, locked=True, points=points)
    return new_code_cell(source, metadata={**meta, "tags": [RAISES]})


def written(model_answer: str, *, grade_id: str, points: float):
    """A manually graded written answer (markdown). The teacher copy holds a model answer;
    the student copy gets the text stub. Put the question in the markdown cell before it."""
    return new_markdown_cell(
        _text(model_answer),
        metadata=_meta(grade_id, grade=True, solution=True, locked=False, points=points),
    )


def _cell_ids(cells: list) -> None:
    """Stable, readable cell ids: the grade_id for nbgrader cells, else kind + content hash."""
    seen: set[str] = set()
    for i, cell in enumerate(cells):
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid:
            base = gid
        else:
            digest = hashlib.sha1(cell.source.encode("utf-8")).hexdigest()[:8]
            base = f"{cell.cell_type[:2]}-{digest}"
        cid, k = base, 1
        while cid in seen:
            k += 1
            cid = f"{base}-{k}"
        seen.add(cid)
        cell.id = cid


def notebook(cells: list):
    """A notebook (nbformat 4.5) with the python3 kernel and stable cell ids."""
    nb = new_notebook(
        cells=[nbformat.from_dict(c) for c in cells],
        metadata={"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}},
    )
    _cell_ids(nb.cells)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    dup = {g for g in ids if ids.count(g) > 1}
    if dup:
        raise ValueError(f"duplicate grade_id(s): {sorted(dup)}")
    nbformat.validate(nb)
    return nb


# --------------------------------------------------------------------------------------------
# pipeline test specs


@dataclass
class Scenario:
    """A made-up submission: answer cells replaced by ``answers`` (grade_id -> code), an optional
    ``prelude`` put in front of the first answer cell, and the test cells expected to fail."""

    answers: dict[str, str] = field(default_factory=dict)
    fails: set[str] = field(default_factory=set)
    prelude: str = ""


@dataclass
class Lesson:
    assignment: str
    path: Path
    module: ModuleType

    @property
    def cells(self) -> list:
        return self.module.CELLS

    @property
    def wrong(self) -> Scenario:
        return self.module.WRONG

    @property
    def cheat(self) -> Scenario:
        return self.module.CHEAT

    def notebook(self):
        return notebook(self.cells)


def lesson_paths() -> list[Path]:
    return sorted(p for p in LESSONS_DIR.glob("*.py") if ASSIGNMENT_ID.match(p.stem))


def selected_lessons() -> list[str]:
    """The lesson ids the notebook tests cover: every builder, or only those named in the
    comma-separated environment variable ``CRMLAB_LESSONS`` (e.g. ``CRMLAB_LESSONS=00_intro``)."""
    ids = [p.stem for p in lesson_paths()]
    wanted = [x.strip() for x in os.environ.get("CRMLAB_LESSONS", "").split(",") if x.strip()]
    return [i for i in ids if i in wanted] if wanted else ids


def load_lesson(assignment_or_path: str | Path) -> Lesson:
    path = Path(assignment_or_path)
    if path.suffix != ".py":
        path = LESSONS_DIR / f"{assignment_or_path}.py"
    tools = str(Path(__file__).resolve().parent)
    if tools not in sys.path:
        sys.path.insert(0, tools)  # lesson files do "from nbbuild import ..."
    spec = importlib.util.spec_from_file_location(f"lesson_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return Lesson(assignment=path.stem, path=path, module=module)


def all_lessons() -> list[Lesson]:
    return [load_lesson(p) for p in lesson_paths()]


# --------------------------------------------------------------------------------------------
# helpers for tests and tools


def nbgrader_meta(cell) -> dict:
    return dict(cell.get("metadata", {}).get("nbgrader", {}))


def grade_ids(nb, *, kind: str) -> list[str]:
    """grade_ids of the ``answer`` (autograded solution), ``tests``, or ``written`` cells."""
    out = []
    for cell in nb.cells:
        m = nbgrader_meta(cell)
        if not m:
            continue
        code = cell.cell_type == "code"
        found = {
            "answer": m["solution"] and not m["grade"] and code,
            "tests": m["grade"] and not m["solution"] and code,
            "written": m["grade"] and m["solution"] and not code,
        }
        if found[kind]:
            out.append(m["grade_id"])
    return out


def tests_of_answers(nb) -> dict[str, list[str]]:
    """Each answer cell's grade_id -> the test cells that follow it (before the next answer)."""
    out: dict[str, list[str]] = {}
    current = None
    for cell in nb.cells:
        m = nbgrader_meta(cell)
        if m.get("solution") and not m.get("grade") and cell.cell_type == "code":
            current = m["grade_id"]
            out[current] = []
        elif m.get("grade") and not m.get("solution") and current is not None:
            out[current].append(m["grade_id"])
    return out


def signature(nb) -> list[tuple]:
    """What must match between a builder and a committed notebook: cell type, source and
    nbgrader metadata (without the checksum that generate_assignment adds)."""
    sig = []
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        meta.pop("checksum", None)
        tags = tuple(cell.get("metadata", {}).get("tags", ()))
        sig.append((cell.cell_type, cell.source, tuple(sorted(meta.items())), tags))
    return sig
