"""Autograde a whole class in parallel with nbgrader (``python -m crmlab.teacher grade``).

``nbgrader autograde <assignment>`` grades one submission after another. Each submission costs
a few seconds, most of it spent starting a fresh kernel, so a class of 40 waits for minutes
while the other processor cores sit idle. :func:`grade_class` runs the same nbgrader
``Autograde`` converter, with the same configuration (``nbgrader_config.py``), for one student
at a time in each of ``jobs`` worker processes, and shows a progress bar.

Why processes and not threads: nbgrader changes the working directory and the environment
(``NBGRADER_EXECUTION``) of the process while it grades, so two gradings cannot share one.

The gradebook: every worker writes into the course's one gradebook, exactly as
``nbgrader autograde --student <id>`` would. nbgrader's writes are short transactions (a few
milliseconds per notebook, while grading one takes seconds), and SQLite serialises writers
with a lock. A writer that finds the lock taken waits for it (the worker connects with a busy
timeout of :data:`BUSY_TIMEOUT` seconds instead of SQLite's default 5); if a submission still
fails with "database is locked", it is graded again (nbgrader removes the half-written result
first), at most ``retries`` times.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TextIO

from .nbgrader_step import LOCK_ENV, SLOT_ENV, STATUS_FILE, CourseBusy, lock_course

__all__ = [
    "BUSY_TIMEOUT",
    "ClassGrading",
    "GradingError",
    "Outcome",
    "Progress",
    "cpu_count",
    "grade_class",
    "submitted_students",
]

#: Seconds a worker waits for the gradebook's write lock before SQLite gives up.
BUSY_TIMEOUT = 120

_LOCKED = "database is locked"
_SKIPPED = "Skipping existing assignment"


class GradingError(RuntimeError):
    """The class cannot be graded (no gradebook, unknown assignment, no submissions)."""


@dataclass
class Outcome:
    """What happened to one student's submission."""

    student: str
    status: str  # "graded", "skipped" (already graded; use force) or "failed"
    seconds: float
    attempts: int = 1
    message: str = ""
    log: str = ""  # nbgrader's log of this submission, kept when it failed


@dataclass
class ClassGrading:
    """The result of :func:`grade_class`."""

    assignment: str
    jobs: int
    seconds: float
    outcomes: list[Outcome] = field(default_factory=list)

    def _with(self, status: str) -> list[str]:
        return sorted(o.student for o in self.outcomes if o.status == status)

    @property
    def graded(self) -> list[str]:
        return self._with("graded")

    @property
    def skipped(self) -> list[str]:
        return self._with("skipped")

    @property
    def failed(self) -> list[str]:
        return self._with("failed")

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        text = (
            f"完成 (done)：{self.assignment} 评分 {len(self.graded)} 份，"
            f"跳过 {len(self.skipped)} 份，失败 {len(self.failed)} 份；"
            f"用时 {_clock(self.seconds)}"
            f"{f'，{self.jobs} 个进程 (processes)' if self.jobs else ''}。"
        )
        if self.skipped:
            text += "\n跳过的是以前评过分的作业；要重新评分，加上 --force。"
        for o in self.outcomes:
            if o.status == "failed":
                text += f"\n失败 (failed)：{o.student}：{o.message}"
        return text


# --------------------------------------------------------------------------------------------
# nbgrader set-up, shared by the parent and the workers


def _nbgrader_app(course: Path):
    """An ``AutogradeApp`` configured like ``nbgrader autograde`` run in ``course``."""
    from nbgrader.apps.autogradeapp import AutogradeApp

    cwd = os.getcwd()
    os.chdir(course)  # nbgrader also reads the config of the working directory
    try:
        app = AutogradeApp()
        app.initialize([], root=str(course))
    finally:
        os.chdir(cwd)
    return app


def _quiet_console(app) -> None:
    """No nbgrader log lines on the console (they would break the progress bar); the log
    of each submission is captured instead. A log file set in the config is kept."""
    for handler in list(app.log.handlers):
        if not isinstance(handler, logging.FileHandler):
            app.log.removeHandler(handler)
    app.log.propagate = False


def _with_busy_timeout(db_url: str, seconds: float) -> str:
    """The SQLite URL with a busy timeout; other databases are left alone."""
    if not db_url.startswith("sqlite:") or "timeout=" in db_url:
        return db_url
    return f"{db_url}{'&' if '?' in db_url else '?'}timeout={seconds:g}"


def submitted_students(course: str | Path, assignment: str, app=None) -> list[str]:
    """Ids of the students with a submission of ``assignment`` (sorted)."""
    course = Path(course).resolve()
    app = _nbgrader_app(course) if app is None else app
    cd = app.coursedir
    pattern = cd.format_path(cd.submitted_directory, "*", assignment)
    regexp = cd.format_path(
        cd.submitted_directory, "(?P<student_id>[^/\\\\]+)", re.escape(assignment), escape=True
    )
    students = []
    for folder in glob.glob(pattern):
        m = re.fullmatch(regexp, folder)
        if m and glob.glob(os.path.join(glob.escape(folder), "*.ipynb")):
            students.append(m.group("student_id"))
    return sorted(students)


def _check_gradebook(app, assignment: str) -> None:
    from nbgrader.api import Gradebook, MissingEntry

    url = app.coursedir.db_url
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):].split("?")[0])
        if not path.exists():
            raise GradingError(
                f"找不到成绩库 (gradebook) {path.name}。先运行 nbgrader generate_assignment "
                f"{assignment}，再自动评分。"
            )
    with Gradebook(url, app.coursedir.course_id) as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            raise GradingError(
                f"成绩库里没有作业 {assignment} (no such assignment in the gradebook)。"
                f"先运行 nbgrader generate_assignment {assignment}。"
            ) from None


def _to_grade(app, assignment: str, student: str, force: bool) -> bool:
    """nbgrader's own rule for whether ``nbgrader autograde`` would grade this submission now:
    not yet autograded, or submitted again since, or ``force`` (a skipped one costs no worker).
    """
    if force or app.coursedir.notebook_id != "*":
        return True
    from nbgrader.converters import Autograde
    from nbgrader.utils import temp_attrs

    with temp_attrs(app.coursedir, assignment_id=assignment, student_id=student):
        return bool(Autograde(coursedir=app.coursedir, parent=app).init_destination(
            assignment, student
        ))


def _resubmitted(app, assignment: str, student: str) -> bool:
    """nbgrader's rule for a resubmission (``Autograde.init_destination``): the submitted copy's
    ``timestamp.txt`` is newer than the autograded copy's. Not true for a ``--force`` regrade
    of an unchanged submission."""
    cd = app.coursedir
    new = cd.get_existing_timestamp(cd.format_path(cd.submitted_directory, student, assignment))
    old = cd.get_existing_timestamp(cd.format_path(cd.autograded_directory, student, assignment))
    return new is not None and old is not None and new > old


def _reset_resubmitted_marks(app, assignment: str, students: Iterable[str]) -> list[str]:
    """Hand-given marks of a resubmitted notebook belong to the old copy: set them back to
    "needs manual grading", as ``crmlab-teacher collect`` does when it replaces a submission
    (``nbgrader collect --update`` does not). Must run before :func:`_to_grade`, which removes
    the autograded copy (and its timestamp) of a resubmission. Returns one line per student."""
    from .collect import _reset_manual_grades  # private in collect.py; shared on purpose

    lines = []
    for student in students:
        if not _resubmitted(app, assignment, student):
            continue
        reset = _reset_manual_grades(
            app.coursedir.db_url, app.coursedir.course_id, assignment, student, dry_run=False
        )
        if reset:
            cells = "、".join(f"{cell}（原来 {score:g} 分）" for _, cell, score in reset)
            lines.append(f"需要重新批改 (manual marks need re-checking)：{student} {cells}")
    return lines


# --------------------------------------------------------------------------------------------
# the worker processes

_APP = None


def _die_with_parent() -> None:
    """Linux: this worker is killed when the grader dies, even by SIGKILL (no orphan goes on
    grading)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover
        return
    if os.getppid() == 1:  # the parent died before the call
        os._exit(1)


def _init_worker(course: str, quiet: bool, counter=None, lock_pid: str = "") -> None:
    """Run once in every worker: load nbgrader and the course configuration."""
    global _APP
    _die_with_parent()
    if lock_pid:  # the worker grades under its parent's course lock
        os.environ[LOCK_ENV] = lock_pid
    if counter is not None:  # each worker's sandboxes run as a user of their own
        with counter.get_lock():
            counter.value += 1
            os.environ[SLOT_ENV] = str(counter.value)
    if quiet:
        # kernels inherit this process's stderr; their start-up chatter would break the bar
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    os.chdir(course)
    app = _nbgrader_app(Path(course))
    _quiet_console(app)
    app.coursedir.db_url = _with_busy_timeout(app.coursedir.db_url, BUSY_TIMEOUT)
    _APP = app


def _grade_one(assignment: str, student: str, force: bool) -> tuple[str, bool, str, float]:
    """Autograde one student's submission with nbgrader's ``Autograde`` converter.

    Returns (student, success, captured log and error, seconds).
    """
    from nbgrader.converters import Autograde
    from nbgrader.utils import capture_log, temp_attrs

    start = time.perf_counter()
    app = _APP
    folder = Path(app.coursedir.format_path(app.coursedir.submitted_directory, student, assignment))
    for path in sorted(folder.glob("*.ipynb")):
        problem = preflight(path)
        if problem:
            return student, False, f"{PREFLIGHT_TAG}{path.name}：{problem}", time.perf_counter() - start
    with temp_attrs(app.coursedir, assignment_id=assignment, student_id=student):
        converter = Autograde(coursedir=app.coursedir, parent=app)
        converter.force = force
        result = capture_log(converter)
    text = "\n".join(x for x in (result.get("log", ""), result.get("error", "")) if x)
    return student, bool(result["success"]), text, time.perf_counter() - start


PREFLIGHT_TAG = "评分失败 (grading failed)："
_ENCODINGS = ("utf-8-sig", "utf-16", "gb18030")


def preflight(path: Path) -> str:
    """Check a handed-in notebook before grading; return a Chinese reason it cannot be graded,
    or "". A notebook saved in another encoding (GBK, UTF-16) is rewritten as UTF-8, and the
    bytes as handed in are kept next to it (``*.ipynb.as-submitted``)."""
    import nbformat

    try:
        raw = path.read_bytes()
    except OSError as err:
        return f"文件读不出来 (cannot read the file)：{err.strerror}"
    if not raw.strip():
        return "文件是空的，不是 Jupyter 笔记本 (the file is empty, not a notebook)"
    for encoding in _ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        break
    else:
        return "文件的文字编码无法识别 (unknown text encoding)"
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception:  # noqa: BLE001 - nbformat raises several kinds for a broken file
        return "文件内容不是 Jupyter 笔记本（不是 JSON 格式） (not a notebook: not JSON)"
    if not nb.get("cells"):
        return "笔记本里一个单元格都没有 (the notebook has no cells)"
    if encoding != "utf-8-sig" or raw.startswith(b"\xef\xbb\xbf"):
        backup = path.with_name(path.name + ".as-submitted")
        if not backup.exists():
            backup.write_bytes(raw)
        path.write_text(text.lstrip("\ufeff"), encoding="utf-8")
    return ""


def _sandbox_failure(course: Path, assignment: str, student: str) -> str:
    """The reason the sandboxed grading step recorded for a failed grading, or ""."""
    path = Path(course) / "autograded" / student / assignment / STATUS_FILE
    try:
        status = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    if status.get("status") == "failed":
        return f"评分失败 (grading failed)：{status.get('reason', '')}"
    return ""


_EXCEPTION_LINE = re.compile(r"^([\w.]+(?:Error|Exception|Interrupt)): (.*)$")


def _failure_message(text: str) -> str:
    """One line saying why nbgrader could not grade a submission."""
    if text.startswith(PREFLIGHT_TAG):
        return text[:300]
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("[ERROR]")]
    if _LOCKED in text:
        return "成绩库被占用 (database is locked)，多次重试后仍未成功。"
    raised = [
        ln for ln in lines if _EXCEPTION_LINE.match(ln) and "NbGraderException" not in ln
    ]
    if raised:
        return raised[-1][:300]
    for line in errors:
        if "There was an error processing" not in line and "Please see" not in line:
            return line.removeprefix("[ERROR]").strip()[:300]
    return (lines[-1] if lines else "nbgrader 报告了错误")[:300]


# --------------------------------------------------------------------------------------------
# the progress bar


def _clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    """A plain-text progress bar. On a terminal it redraws one line; in a log file (or a
    notebook) it writes one line per finished submission."""

    def __init__(self, total: int, stream: TextIO | None = None, width: int = 30) -> None:
        self.total = total
        self.stream = sys.stdout if stream is None else stream
        self.width = width
        self.done = 0
        self.start = time.perf_counter()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def line(self, note: str = "") -> str:
        frac = self.done / self.total if self.total else 1.0
        filled = round(frac * self.width)
        elapsed = time.perf_counter() - self.start
        text = (
            f"[{'#' * filled}{'-' * (self.width - filled)}] {self.done:>3}/{self.total} "
            f"{frac:4.0%}  用时 {_clock(elapsed)}"
        )
        if 0 < self.done < self.total:
            text += f"  预计还剩 {_clock(elapsed / self.done * (self.total - self.done))}"
        if note:
            text += f"  {note}"
        return text

    def show(self, note: str = "") -> None:
        if self.tty:
            width = shutil.get_terminal_size((100, 20)).columns
            self.stream.write("\r" + self.line(note)[: width - 1].ljust(width - 1))
        else:
            self.stream.write(self.line(note) + "\n")
        self.stream.flush()

    def step(self, note: str = "") -> None:
        self.done += 1
        self.show(note)

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


# --------------------------------------------------------------------------------------------
# the command


def cpu_count() -> int:
    """Processor cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def grade_class(
    assignment: str,
    course: str | Path = ".",
    *,
    jobs: int | None = None,
    force: bool = False,
    students: Iterable[str] | None = None,
    retries: int = 2,
    stream: TextIO | None = None,
    quiet_kernels: bool = True,
) -> ClassGrading:
    """Autograde every submission of ``assignment`` in ``course``, ``jobs`` at a time.

    Same rules as ``nbgrader autograde <assignment>``: submissions already autograded are
    skipped unless ``force`` (or unless the submission is newer); the scores go into the
    course's gradebook. ``students`` limits the run to these ids. Progress goes to ``stream``
    (stdout by default). A failed submission does not stop the others; see
    :attr:`ClassGrading.failed`. A resubmission's hand-given marks are reset to "needs manual
    grading" first, with a line per student saying so.
    """
    course = Path(course).resolve()
    stream = sys.stdout if stream is None else stream
    start = time.perf_counter()
    app = _nbgrader_app(course)
    _quiet_console(app)
    app.coursedir.db_url = _with_busy_timeout(app.coursedir.db_url, BUSY_TIMEOUT)
    _check_gradebook(app, assignment)
    found = submitted_students(course, assignment, app)
    if students is not None:
        wanted = set(students)
        missing = sorted(wanted - set(found))
        if missing:
            raise GradingError(f"这些学生没有提交 {assignment}：{', '.join(missing)}")
        found = [s for s in found if s in wanted]
    if not found:
        raise GradingError(
            f"没有找到 {assignment} 的学生作业 (no submissions)：应该放在 "
            f"submitted/<学号>/{assignment}/ 里（见教师指南“收作业”一节）。"
        )
    try:  # before anything is changed: one grader per course
        lock_course(course)
    except CourseBusy as busy:
        raise GradingError(str(busy)) from None
    outcomes: dict[str, Outcome] = {}
    recheck = _reset_resubmitted_marks(app, assignment, found)
    todo = [s for s in found if _to_grade(app, assignment, s, force)]
    for student in sorted(set(found) - set(todo)):
        outcomes[student] = Outcome(student, "skipped", 0.0, 0)
    jobs = max(1, min(jobs or cpu_count(), len(todo))) if todo else 0
    stream.write(
        f"自动评分 (autograde) {assignment}：{len(found)} 份作业，要评分 {len(todo)} 份"
        f"{f'，{jobs} 个进程' if jobs else ''}\n"
    )
    stream.writelines(line + "\n" for line in recheck)
    if not todo:
        result = ClassGrading(assignment, jobs, time.perf_counter() - start,
                              [outcomes[s] for s in found])
        stream.write(result.summary() + "\n")
        return result
    from .sandbox import detect_isolation

    isolation = detect_isolation()
    stream.write(isolation.describe() + "\n")
    bar = Progress(len(todo), stream)
    bar.show()

    attempts = {s: 0 for s in todo}
    ctx = get_context("spawn")
    counter = ctx.Value("i", 0)
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=ctx, initializer=_init_worker,
        initargs=(str(course), quiet_kernels, counter, str(os.getpid())),
    ) as pool:
        pending = set()

        def submit(student: str) -> None:
            attempts[student] += 1
            # a re-try must regrade: nbgrader removed the failed result, force is harmless
            again = force or attempts[student] > 1
            pending.add(pool.submit(_grade_one, assignment, student, again))

        for student in todo:
            submit(student)
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    student, success, text, seconds = future.result()
                    if not success and _LOCKED in text and attempts[student] <= retries:
                        submit(student)
                        continue
                    if success:
                        status = "skipped" if _SKIPPED in text else "graded"
                        message = ""
                        failed = _sandbox_failure(course, assignment, student)
                        if status == "graded" and failed:
                            status, message = "failed", failed
                    else:
                        status, message = "failed", _failure_message(text)
                    outcomes[student] = Outcome(
                        student, status, seconds, attempts[student], message,
                        text if status == "failed" else "",
                    )
                    mark = {"graded": "完成", "skipped": "跳过", "failed": "失败"}[status]
                    bar.step(f"{student} {mark}")
        except KeyboardInterrupt:
            pool.shutdown(wait=True, cancel_futures=True)
            bar.close()
            stream.write(
                "已中断 (interrupted)：正在评的几份评完后停止，其余作业保持原样。"
                "不加 --force 再运行一次，就会评还没有评过的作业。\n"
            )
            raise
        except BrokenProcessPool as exc:
            bar.close()
            raise GradingError(
                f"评分进程意外退出 (a worker process died)：{exc}。用 nbgrader autograde "
                f"{assignment} 评一次，可以看到完整的错误信息。"
            ) from exc
    bar.close()
    result = ClassGrading(
        assignment=assignment,
        jobs=jobs,
        seconds=time.perf_counter() - start,
        outcomes=[outcomes[s] for s in found],
    )
    stream.write(result.summary() + "\n")
    stream.flush()
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m crmlab.teacher grade``: see :func:`grade_class`."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m crmlab.teacher grade",
        description="并行自动评分：用 nbgrader 给一个作业的全部学生作业评分 "
        "(autograde a whole assignment in parallel).",
    )
    parser.add_argument("assignment", help="作业编号 (assignment id)，例如 00_intro")
    parser.add_argument(
        "-j", "--jobs", type=int, default=None,
        help=f"同时评分的份数（默认：处理器核数 = {cpu_count()}）",
    )
    parser.add_argument("-f", "--force", action="store_true", help="已评过分的作业也重新评分")
    parser.add_argument(
        "-s", "--student", action="append", default=None,
        help="只评这位学生（学号，可以写多次）",
    )
    parser.add_argument("--course", default=".", help="课程目录（默认：当前文件夹）")
    args = parser.parse_args(argv)
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs 至少是 1")
    try:
        result = grade_class(
            args.assignment, args.course, jobs=args.jobs, force=args.force, students=args.student
        )
    except GradingError as exc:
        print(f"错误 (error)：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0 if result.ok else 1
