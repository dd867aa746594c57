"""The student notebooks run top to bottom, as a student would run them.

* Untouched: errors only in answer cells (NotImplementedError) and check cells (a friendly
  CheckFailed, an AssertionError shown as a short Chinese box; never a NameError); every other cell runs clean, with nothing on stderr.
* With the teacher's answers typed in: no error anywhere and every check says 公开检查通过.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import nbbuild
import nbformat
import pytest
from nbclient import NotebookClient

from crmlab.feedback.checks import FAIL_MARK, PASS_MARK

ROOT = nbbuild.ROOT
LESSONS = nbbuild.selected_lessons()
WORKERS = int(os.environ.get("CRMLAB_PIPELINE_WORKERS", min(2, os.cpu_count() or 1)))


def _kind(cell) -> str:
    meta = nbbuild.nbgrader_meta(cell)
    if meta.get("solution") and not meta.get("grade"):
        return "answer"
    if meta.get("grade") and cell.cell_type == "code":
        return "check"
    return "other"


def _run(nb, cwd):
    NotebookClient(
        nb,
        timeout=180,
        kernel_name="python3",
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": str(cwd)}},
    ).execute()
    return nb


def _errors(cell):
    return [o for o in cell.get("outputs", []) if o.output_type == "error"]


def _stderr(cell) -> str:
    return "".join(
        o.text for o in cell.get("outputs", []) if o.output_type == "stream" and o.name == "stderr"
    )


def _stdout(cell) -> str:
    return "".join(
        o.text for o in cell.get("outputs", []) if o.output_type == "stream" and o.name == "stdout"
    )


def _student(assignment: str):
    return nbformat.read(ROOT / "notebooks" / assignment / f"{assignment}.ipynb", as_version=4)


def _with_teacher_answers(a: str):
    nb = _student(a)
    teacher = nbformat.read(ROOT / "solutions" / a / f"{a}.ipynb", as_version=4)
    answers = {
        nbbuild.nbgrader_meta(c)["grade_id"]: c.source
        for c in teacher.cells
        if _kind(c) == "answer" and c.cell_type == "code"
    }
    for cell in nb.cells:
        gid = nbbuild.nbgrader_meta(cell).get("grade_id")
        if _kind(cell) == "answer" and gid in answers:
            cell.source = answers[gid]
    return nb


@pytest.fixture(scope="session")
def runs(tmp_path_factory):
    """Every lesson run untouched and with the teacher's answers, two kernels at a time."""
    jobs = {}
    for a in LESSONS:
        jobs[a, "blank"] = (_student(a), tmp_path_factory.mktemp(f"blank_{a}"))
        jobs[a, "right"] = (_with_teacher_answers(a), tmp_path_factory.mktemp(f"right_{a}"))
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return {key: pool.submit(_run, nb, cwd) for key, (nb, cwd) in jobs.items()}


@pytest.fixture(scope="module", params=LESSONS)
def blank_run(request, runs):
    return runs[request.param, "blank"].result()


@pytest.fixture(scope="module", params=LESSONS)
def right_run(request, runs):
    return runs[request.param, "right"].result()


def test_untouched_notebook_fails_only_in_answer_and_check_cells(blank_run):
    checks = 0
    for cell in blank_run.cells:
        if cell.cell_type != "code":
            continue
        kind = _kind(cell)
        errors = _errors(cell)
        if kind == "other":
            assert not errors, (cell.source, errors)
            assert not _stderr(cell), (cell.source, _stderr(cell))
        elif kind == "answer":
            assert [e.ename for e in errors] == ["NotImplementedError"], cell.source
        else:
            checks += 1
            # a failed check: CheckFailed (an AssertionError) shown as the Chinese box, with no
            # traceback into the kit's code
            assert [e.ename for e in errors] == ["CheckFailed"], cell.source
            assert FAIL_MARK in errors[0].evalue and "还没有找到变量" in errors[0].evalue
            shown = "\n".join(errors[0].traceback)
            assert shown.startswith(FAIL_MARK) and "Traceback" not in shown, shown
            assert not _stderr(cell)
    assert checks >= 2


def test_right_answers_pass_every_visible_check(right_run):
    for cell in right_run.cells:
        if cell.cell_type != "code":
            continue
        assert not _errors(cell), (cell.source, _errors(cell))
        assert not _stderr(cell), (cell.source, _stderr(cell))
        if _kind(cell) == "check":
            out = _stdout(cell)
            assert PASS_MARK in out, cell.source
            assert "all tests passed" not in out.lower()
