"""The kit's execution step for nbgrader's autograding: sandbox, export, hidden tests.

The course's ``nbgrader_config.py`` puts :class:`SandboxedGrading` in place of nbgrader's own
``Execute`` preprocessor, so ``nbgrader autograde`` and ``crmlab-teacher grade`` both grade
through it. For one submission it

1. runs the student's notebook in a sandbox (:mod:`crmlab.teacher.sandbox`), leaving the test
   cells out: nothing the student's kernel prints can become a score;
2. exports the answer variables the lesson's hidden tests declare, as data
   (:mod:`crmlab.teacher.answers`);
3. runs the hidden tests in a separate clean process (:mod:`crmlab.teacher.hidden`), on that
   data and on the submitted source;
4. writes each verdict into its test cell's output: a short passing line, or an error whose only
   text is the Chinese reason. nbgrader's ``SaveAutoGrades`` then scores the cells as usual, and
   formgrader and the feedback show the reason (never the test's source or a traceback).

It also writes ``crmlab_grading.json`` next to the autograded notebook: whether the grading
succeeded, why not, and how the sandbox was isolated.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Float, Integer, Unicode

from . import sandbox
from .hidden import HiddenTests

STATUS_FILE = "crmlab_grading.json"
LOCK_FILE = ".crmlab-grading.lock"
#: Set by ``crmlab-teacher grade`` for its workers: the pid of the process holding the lock.
LOCK_ENV = "CRMLAB_COURSE_LOCK_PID"
SLOT_ENV = "CRMLAB_SANDBOX_SLOT"

FAILED = "评分失败"


class CourseBusy(RuntimeError):
    """Another grader is working on this course."""


_lock_handles: dict[str, object] = {}


def lock_course(course: Path) -> None:
    """Hold the course's grading lock for the life of this process (one grader at a time)."""
    key = str(Path(course).resolve())
    if key in _lock_handles:
        return
    if os.environ.get(LOCK_ENV) and os.environ.get(LOCK_ENV) == str(os.getppid()):
        return  # a worker of a grader that holds the lock
    handle = open(Path(course) / LOCK_FILE, "a+")  # noqa: SIM115 - held until the process ends
    if not _try_lock(handle):
        handle.close()
        raise CourseBusy(
            "另一个评分程序正在给这个课程评分，请等它结束后再运行 (another grader is already "
            "grading this course; wait until it has finished)."
        ) from None
    _lock_handles[key] = handle


def _try_lock(handle) -> bool:
    """An exclusive, non-blocking lock on an open file (POSIX flock; msvcrt on Windows)."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_test_cell(cell) -> bool:
    m = _meta(cell)
    return cell.cell_type == "code" and bool(m.get("grade")) and not m.get("solution")


def _verdict_outputs(result: dict) -> list:
    if result.get("passed"):
        return [nbformat.v4.new_output("stream", name="stdout", text=result["message"] + "\n")]
    message = result.get("message") or FAILED
    if result.get("hint"):
        message = f"{message}\n{result['hint']}"
    return [nbformat.v4.new_output("error", ename="未通过", evalue=message, traceback=[message])]


class SandboxedGrading(Preprocessor):
    """nbgrader autograde's execution step, sandboxed, with hidden tests out of process."""

    enabled = Bool(True)
    grading_dir = Unicode(
        "", help="Folder with hidden/l<assignment>.py (default: grading/ in the course)"
    ).tag(config=True)
    cell_timeout = Integer(60, help="Seconds per cell").tag(config=True)
    total_timeout = Integer(600, help="Seconds for a whole submission").tag(config=True)
    memory_mb = Integer(1024, help="Memory for the student's kernel, MiB").tag(config=True)
    cpu_seconds = Integer(900, help="CPU seconds for the student's kernel").tag(config=True)
    file_mb = Integer(64, help="Largest file the kernel may write, MiB").tag(config=True)
    output_kb = Float(64, help="Output kept per cell, KiB").tag(config=True)
    prestart = Bool(
        True, help="Start the next submission's (fresh) kernel while this one is graded"
    ).tag(config=True)

    _hidden: HiddenTests | None = None

    def _limits(self) -> sandbox.Limits:
        return sandbox.Limits(
            cell_timeout=float(self.cell_timeout),
            total_timeout=float(self.total_timeout),
            memory_bytes=int(self.memory_mb) * 1024 * 1024,
            cpu_seconds=int(self.cpu_seconds),
            file_bytes=int(self.file_mb) * 1024 * 1024,
            output_bytes_per_cell=int(self.output_kb * 1024),
        )

    def _grading_dir(self) -> Path:
        return Path(self.grading_dir) if self.grading_dir else Path.cwd() / "grading"

    def _tests(self) -> HiddenTests:
        cls = type(self)
        if cls._hidden is None or cls._hidden.grading_dir != self._grading_dir():
            cls._hidden = HiddenTests(self._grading_dir())
        return cls._hidden

    def preprocess(self, nb, resources):
        lock_course(Path.cwd())
        info = resources.get("nbgrader", {})
        assignment = str(info.get("assignment", ""))
        student = str(info.get("student", ""))
        iso = sandbox.detect_isolation()
        status = {"status": "graded", "reason": "", "isolation": iso.mode,
                  "isolation_note": iso.describe()}
        if not iso.isolated:
            self.log.warning(iso.describe())

        tests = [i for i, c in enumerate(nb.cells) if is_test_cell(c)]
        test_ids = [_meta(nb.cells[i]).get("grade_id", "") for i in tests]
        manifest = self._tests().ask({"op": "manifest", "assignment": assignment})
        if "error" in manifest:
            return self._failed(nb, resources, tests, status, f"隐藏测试无法载入：{manifest['error']}")
        exercises = manifest["exercises"]
        names = sorted({n for v in exercises.values() for n in v})

        slot = int(os.environ.get(SLOT_ENV, "0") or 0)
        run = sandbox.run_notebook(
            nb, skip=set(tests), export_names=names, slot=slot, limits=self._limits(),
            isolation=iso, prestart=self.prestart,
        )
        graded = run.notebook
        status["seconds"] = round(run.seconds, 2)
        status["kernel_restarts"] = run.restarts
        if run.export_payload is None:
            reason = run.export_problem or "no answers were exported"
            return self._failed(graded, resources, tests, status, f"答案无法导出 ({reason})")

        template = self._template(assignment, str(info.get("notebook", assignment)))
        sources, code, added = _sources(graded, template)
        verdicts = self._tests().ask(
            {
                "op": "grade",
                "assignment": assignment,
                "student": student,
                "payload": run.export_payload,
                "tests": test_ids,
                "sources": sources,
                "code": code,
                "added": added,
            }
        )
        if "error" in verdicts:
            return self._failed(graded, resources, tests, status, f"隐藏测试出错：{verdicts['error']}")
        results = verdicts["results"]
        missing = [t for t in test_ids if results.get(t, {}).get("error")]
        for index, grade_id in zip(tests, test_ids):
            result = results.get(grade_id) or {"passed": False, "message": FAILED}
            if result.get("error"):
                result = {"passed": False, "message": f"{FAILED}：这道题没有隐藏测试。"}
            graded.cells[index].outputs = _verdict_outputs(result)
        if missing:
            status.update(status="failed", reason=f"no hidden test for: {', '.join(missing)}")
            self.log.error("%s %s: %s", FAILED, student, status["reason"])
        _write_status(resources, status)
        return graded, resources

    def _template(self, assignment: str, notebook: str) -> dict[str, str]:
        """Code cells of the released (student) notebook, by cell id (and by source, for cells
        without an id): what the student started from."""
        release = self.config.get("CourseDirectory", {}).get("release_directory", "release")
        path = Path.cwd() / str(release) / assignment / f"{notebook}.ipynb"
        try:
            released = nbformat.read(path, as_version=4)
        except (OSError, ValueError):
            return {}
        cells = {}
        for c in released.cells:
            if c.cell_type == "code":
                cells[c.get("id") or ""] = c.source
                cells["source:" + c.source.strip()] = c.source
        return cells

    def _failed(self, nb, resources, tests, status, reason: str):
        status.update(status="failed", reason=reason)
        self.log.error("%s (%s): %s", FAILED, resources.get("nbgrader", {}).get("student"), reason)
        for index in tests:
            nb.cells[index].outputs = _verdict_outputs(
                {"passed": False, "message": f"{FAILED}：{reason}"}
            )
        _write_status(resources, status)
        return nb, resources


def _write_status(resources, status: dict) -> None:
    outputs = resources.setdefault("outputs", {})
    outputs[STATUS_FILE] = json.dumps(status, ensure_ascii=False, indent=1).encode("utf-8")


def _sources(nb, template: dict[str, str]) -> tuple[dict[str, str], list[str], list]:
    """Answer cells by grade id, every code cell, and the student's own code outside the answer
    cells: each as ``[source, released source]`` (``""`` for a cell the student added), so that
    only what the student wrote counts, not what the lesson's own example cells call."""
    sources, code, own = {}, [], []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        m = _meta(cell)
        code.append(cell.source)
        if m.get("solution") and m.get("grade_id"):
            sources[m["grade_id"]] = cell.source
            continue
        if m.get("locked") or is_test_cell(cell):
            continue
        if "source:" + cell.source.strip() in template:
            continue  # unchanged
        own.append([cell.source, template.get(cell.get("id") or "\0", "")])
    return sources, code, own
