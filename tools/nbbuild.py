"""Text lessons: read, check and build them.

A lesson is a folder ``lessons/<assignment>/`` holding

* ``<assignment>.py``: the teacher notebook as a jupytext *py:percent* text file, with every
  cell's nbgrader metadata in its ``# %%`` header. It opens as a notebook in JupyterLab
  (right-click, Open With, Jupytext Notebook) and reads as plain Python in any editor;
* ``scenarios.py``: the made-up submissions the pipeline tests grade (``WRONG``, ``CHEAT``).

``tools/build_course.py`` checks the text lesson (:func:`check_notebook`), writes the teacher
notebook ``solutions/<assignment>/<assignment>.ipynb`` and the student notebook. See
``docs/authoring.md`` for the conventions.

Cell kinds and the nbgrader metadata (schema version 3) they carry:

=============  ===========================================  =====  ========  ======  ======
kind           what it is                                   grade  solution  locked  points
=============  ===========================================  =====  ========  ======  ======
markdown       plain markdown (prompt, explanation)         -      -         -       -
code           plain code the student runs or edits         -      -         -       -
readonly       code or markdown the student cannot edit     no     no        yes     -
answer         autograded answer, ``### BEGIN SOLUTION``    no     yes       no      -
tests          the visible check only                       yes    no        yes     yes
written        manually graded written answer (markdown)    yes    yes       no      yes
=============  ===========================================  =====  ========  ======  ======
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
LESSONS_DIR = ROOT / "lessons"
SCHEMA_VERSION = 3
GRADE_ID = re.compile(r"^[A-Za-z0-9_\-]+$")
ASSIGNMENT_ID = re.compile(r"^\d\d_[a-z0-9_]+$")
TEXT_FORMAT = "py:percent"

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

#: JupyterLab's "run all" stops at the first error unless the cell carries this tag. A blank
#: student notebook raises in every answer and check cell, so both get it: the explanations and
#: widgets further down still run. (nbval reads the tag as "an error is allowed here".)
RAISES = "raises-exception"

#: What the text file keeps besides the cells: the kernel, and only nbgrader metadata and tags on
#: cells (JupyterLab's own run-time metadata never reaches the lesson).
JUPYTEXT_META = {
    "notebook_metadata_filter": "kernelspec,-jupytext.text_representation.jupytext_version",
    "cell_metadata_filter": "nbgrader,tags,-all",
}


class LessonError(ValueError):
    """A text lesson breaks one of the conventions; the message names the cell."""


def _kind(cell) -> str:
    m = cell.get("metadata", {}).get("nbgrader")
    if not m:
        return cell.cell_type
    if m.get("grade") and m.get("solution"):
        return "written"
    if m.get("grade"):
        return "tests"
    if m.get("solution"):
        return "answer"
    return "readonly"


def _require_pair(source: str, begin: str, end: str, what: str) -> None:
    b, e = source.count(begin), source.count(end)
    if b != e or (b and source.index(begin) > source.index(end)):
        raise LessonError(f"{what}: unbalanced {begin!r} / {end!r}")


def _python(source: str) -> str:
    """Cell source with IPython's magics and shell escapes blanked, for a syntax check."""
    return "\n".join("" if ln.lstrip().startswith(("%", "!")) else ln for ln in source.split("\n"))


def check_notebook(nb, name: str = "lesson") -> None:
    """Raise :class:`LessonError` unless every cell follows the conventions: nbgrader metadata
    complete and consistent, grade_ids unique and ASCII, answer cells with a solution region,
    test cells without hidden tests, and every code cell valid Python."""
    seen: set[str] = set()
    for i, cell in enumerate(nb.cells, start=1):
        where = f"{name}, cell {i}"
        if cell.cell_type == "code":
            try:
                ast.parse(_python(cell.source))
            except SyntaxError as err:
                raise LessonError(f"{where}: not valid Python: {err}") from None
        meta = cell.get("metadata", {}).get("nbgrader")
        if not meta:
            continue
        gid = meta.get("grade_id", "")
        where = f"{name}, cell {i} ({gid})"
        if not GRADE_ID.match(str(gid)):
            raise LessonError(f"{where}: grade_id must be ASCII letters, digits, _ or -")
        if gid in seen:
            raise LessonError(f"{where}: duplicate grade_id")
        seen.add(gid)
        if meta.get("schema_version") != SCHEMA_VERSION:
            raise LessonError(f"{where}: nbgrader schema_version must be {SCHEMA_VERSION}")
        kind = _kind(cell)
        expected_lock = kind in ("readonly", "tests")
        if bool(meta.get("locked")) != expected_lock:
            raise LessonError(f"{where}: a {kind} cell must have locked={expected_lock}")
        if meta.get("grade") and not (
            isinstance(meta.get("points"), (int, float)) and meta["points"] > 0
        ):
            raise LessonError(f"{where}: a graded cell needs positive points")
        tags = cell.get("metadata", {}).get("tags", [])
        if kind == "answer":
            if cell.cell_type != "code" or BEGIN_SOLUTION not in cell.source:
                raise LessonError(f"{where}: an answer cell needs a {BEGIN_SOLUTION!r} region")
            _require_pair(cell.source, BEGIN_SOLUTION, END_SOLUTION, where)
        if kind == "tests":
            if BEGIN_HIDDEN in cell.source or END_HIDDEN in cell.source:
                raise LessonError(
                    f"{where}: hidden tests belong in grading/hidden/, not in the notebook"
                )
        if kind in ("answer", "tests") and RAISES not in tags:
            raise LessonError(f"{where}: answer and test cells need the {RAISES!r} tag")
        if kind == "written" and cell.cell_type != "markdown":
            raise LessonError(f"{where}: a written answer is a markdown cell")


def _cell_ids(cells: list) -> None:
    """Stable, readable cell ids: the grade_id for nbgrader cells, else kind + content hash."""
    seen: set[str] = set()
    for cell in cells:
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


def read_text(path: Path):
    """The notebook (nbformat 4.5, python3 kernel, stable cell ids) of a text lesson."""
    nb = jupytext.read(path, fmt=TEXT_FORMAT)
    nb.metadata.pop("jupytext", None)
    nb.metadata = nbformat.from_dict(
        {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    )
    nb.nbformat, nb.nbformat_minor = 4, 5
    check_notebook(nb, Path(path).name)
    _cell_ids(nb.cells)
    nbformat.validate(nb)
    return nb


def to_text(nb) -> str:
    """The text lesson of a notebook: cells, nbgrader metadata and tags; no ids or outputs."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        cell.pop("id", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        meta = {}  # canonical: nbgrader (keys sorted, as nbformat writes them), then tags
        if cell.metadata.get("nbgrader"):
            meta["nbgrader"] = dict(sorted(cell.metadata["nbgrader"].items()))
        if cell.metadata.get("tags"):
            meta["tags"] = list(cell.metadata["tags"])
        cell.metadata = nbformat.from_dict(meta)
    nb.metadata = nbformat.from_dict({"kernelspec": dict(KERNELSPEC), "jupytext": JUPYTEXT_META})
    return jupytext.writes(nb, fmt=TEXT_FORMAT)


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
    """A lesson folder: the text notebook ``path`` and its ``scenarios.py`` (``module``)."""

    assignment: str
    path: Path
    module: ModuleType

    @property
    def wrong(self) -> Scenario:
        return self.module.WRONG

    @property
    def cheat(self) -> Scenario:
        return self.module.CHEAT

    def notebook(self):
        return read_text(self.path)

    @property
    def cells(self) -> list:
        return self.notebook().cells


def lesson_paths() -> list[Path]:
    """The text notebooks ``lessons/<id>/<id>.py``."""
    return sorted(
        d / f"{d.name}.py"
        for d in LESSONS_DIR.iterdir()
        if d.is_dir() and ASSIGNMENT_ID.match(d.name) and (d / f"{d.name}.py").is_file()
    )


def selected_lessons() -> list[str]:
    """The lesson ids the notebook tests cover: every builder, or only those named in the
    comma-separated environment variable ``CRMLAB_LESSONS`` (e.g. ``CRMLAB_LESSONS=00_intro``)."""
    ids = [p.stem for p in lesson_paths()]
    wanted = [x.strip() for x in os.environ.get("CRMLAB_LESSONS", "").split(",") if x.strip()]
    return [i for i in ids if i in wanted] if wanted else ids


def load_lesson(assignment_or_path: str | Path) -> Lesson:
    """The lesson ``lessons/<id>/``, by id or by the path of its text notebook."""
    path = Path(assignment_or_path)
    if path.suffix != ".py":
        path = LESSONS_DIR / str(assignment_or_path) / f"{assignment_or_path}.py"
    tools = str(Path(__file__).resolve().parent)
    if tools not in sys.path:
        sys.path.insert(0, tools)  # scenarios.py does "from nbbuild import Scenario"
    spec = importlib.util.spec_from_file_location(
        f"lesson_{path.stem}_scenarios", path.with_name("scenarios.py")
    )
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
    """What must match between a text lesson and a committed notebook: cell type, source and
    nbgrader metadata (without the checksum that generate_assignment adds)."""
    sig = []
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        meta.pop("checksum", None)
        tags = tuple(cell.get("metadata", {}).get("tags", ()))
        sig.append((cell.cell_type, cell.source, tuple(sorted(meta.items())), tags))
    return sig
