"""Attacks on grading, the way a student who wants full marks without the work would try them.

Real files, the real commands (``crmlab-teacher grade`` and ``nbgrader autograde``), a throw-away
course with every lesson. Each attack is put into the first answer cell of an otherwise blank
submission: it must score 0 on every auto-graded cell and do no harm (no file written outside the
sandbox, the gradebook unchanged, no process left over). The correct submission still gets full
marks, and an endless loop that ignores Ctrl-C is cut off while the rest is graded.
"""

from __future__ import annotations

import copy
import json
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import build_course
import nbbuild
import nbformat
import pytest
from nbgrader.api import Gradebook

from crmlab.teacher import sandbox

LESSONS = nbbuild.selected_lessons()
FIRST = nbbuild.lesson_paths()[0].stem
COURSE_ID = "crmlab"

# Generic attacks: each tries to make nbgrader read a pass from the outputs, to silence the
# checks, or to borrow the teacher's solutions.
GENERIC = {
    "displayhook": """
ip = get_ipython()
ip.events.register("pre_run_cell", lambda *a: ip.displayhook("ok"))
ip.events.register("post_run_cell", lambda *a: ip.displayhook("ok"))
""",
    "hide_errors": """
ip = get_ipython()
ip.showtraceback = lambda *a, **k: None
def _clear(result):
    result.error_in_exec = None
    result.error_before_exec = None
ip.events.register("post_run_cell", _clear)
""",
    "ast_pass": """
import ast
class _Silence(ast.NodeTransformer):
    def visit_Assert(self, node):
        return ast.Pass()
    def visit_Raise(self, node):
        return ast.Pass()
    def visit_Expr(self, node):
        return ast.Pass() if isinstance(node.value, ast.Call) else node
get_ipython().ast_transformers.append(_Silence())
""",
    "empty_cells": """
get_ipython().input_transformers_post.append(lambda lines: [])
""",
    "patch_libraries": """
import builtins, sys
import numpy, pandas
numpy.allclose = lambda *a, **k: True
numpy.isclose = lambda *a, **k: True
pandas.Series.sum = lambda *a, **k: 2000
pandas.testing.assert_frame_equal = lambda *a, **k: None
builtins.frozenset = lambda *a, **k: set()
builtins.isinstance = lambda *a, **k: True
sys.settrace(lambda *a, **k: None)
""",
    "copy_solutions": """
import glob, json
_paths = glob.glob("{course}/solutions/*/*.ipynb") + glob.glob("../../../solutions/*/*.ipynb")
_paths += glob.glob("/**/solutions/*/*.ipynb", recursive=True)
for _p in _paths:
    for _c in json.load(open(_p))["cells"]:
        _src = "".join(_c["source"])
        if _c["cell_type"] == "code" and "BEGIN SOLUTION" in _src:
            try:
                exec(_src, globals())
            except Exception:
                pass
print("read", len(_paths), "solution files")
""",
}

# Harm: write outside the sandbox, touch the gradebook, reach the network, leave a process.
HARM = """
import os, socket, sqlite3, subprocess, sys
for _p in ["{markers}/direct", "{course}/pwned", "/tmp/crmlab-attack-pwned",
           os.path.expanduser("~") + "/pwned"]:
    try:
        open(_p, "w").write("x")
        print("wrote", _p)
    except Exception as e:
        print("no", _p, type(e).__name__)
try:
    _db = sqlite3.connect("{course}/gradebook.db")
    _db.execute("update grade set manual_score = 99")
    _db.commit()
    print("gradebook changed")
except Exception as e:
    print("no gradebook", type(e).__name__)
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=2).sendall(b"hello")
    print("network reached")
except Exception as e:
    print("no network", type(e).__name__)
_late = "import time; time.sleep(4); open('{markers}/late', 'w').write('x')"
subprocess.Popen([sys.executable, "-c", _late], start_new_session=True,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_big = 0
try:
    _hog = bytearray(1536 * 1024 * 1024)
    print("allocated 1.5 GiB")
except MemoryError:
    print("no memory")
try:
    with open("big.bin", "wb") as _f:
        for _ in range(512):
            _f.write(b"0" * 1024 * 1024)
    print("wrote 512 MiB")
except OSError as e:
    print("no big file", e.errno)
"""

FLOOD = 'print("x" * (100 * 1024 * 1024))'

SIGINT_LOOP = """
import signal
signal.signal(signal.SIGINT, signal.SIG_IGN)
while True:
    pass
"""


def _odd_files(right, student_nb) -> dict[str, bytes]:
    """Hand-ins that are not clean notebooks: broken files, other encodings and formats,
    missing cells, edited metadata."""
    text = nbformat.writes(right)
    missing = copy.deepcopy(right)
    first_answer = nbbuild.grade_ids(student_nb, kind="answer")[0]
    missing.cells = [
        c for c in missing.cells if nbbuild.nbgrader_meta(c).get("grade_id") != first_answer
    ]
    edited = copy.deepcopy(right)
    for cell in edited.cells:
        meta = nbbuild.nbgrader_meta(cell)
        if meta.get("solution") and not meta.get("grade"):
            meta["solution"] = False  # flipped flag
        elif meta.get("grade") and not meta.get("solution"):
            meta["grade_id"] = meta["grade_id"] + "_x"  # renamed test cell
            meta["points"] = 100
    return {
        "odd-notjson": b"this is not a notebook",
        "odd-empty": b"",
        "odd-gbk": text.encode("gb18030"),
        "odd-utf16": text.encode("utf-16"),
        "odd-v3": nbformat.writes(nbformat.convert(right, 3)).encode(),
        "odd-missing-cell": nbformat.writes(missing).encode(),
        "odd-edited-metadata": nbformat.writes(edited).encode(),
    }


def _answer_cells(nb) -> list:
    return [
        c
        for c in nb.cells
        if c.cell_type == "code"
        and nbbuild.nbgrader_meta(c).get("solution")
        and not nbbuild.nbgrader_meta(c).get("grade")
    ]


def _with_first_answer(nb, code: str):
    nb = copy.deepcopy(nb)
    first = _answer_cells(nb)[0]
    first.source = code.strip() + "\n\n" + first.source
    return nb


def _solution(student_nb, solution_nb):
    right = {
        nbbuild.nbgrader_meta(c)["grade_id"]: c.source
        for c in solution_nb.cells
        if c.cell_type == "code" and nbbuild.nbgrader_meta(c).get("solution")
    }
    nb = copy.deepcopy(student_nb)
    for cell in _answer_cells(nb):
        cell.source = right[nbbuild.nbgrader_meta(cell)["grade_id"]]
    return nb


class _Listener:
    """A TCP server on the grader's loopback that records whether anything connected."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.connected = False
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connected = True
            conn.close()

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.sock.close()


def _scores(course: Path, assignment: str, student: str) -> dict[str, float]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        nb = gb.find_submission_notebook(assignment, assignment, student)
        return {g.name: g.score for g in nb.grades}


def _test_ids(course: Path, assignment: str) -> list[str]:
    nb = nbformat.read(course / "solutions" / assignment / f"{assignment}.ipynb", 4)
    return nbbuild.grade_ids(nb, kind="tests")


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    assert sandbox.detect_isolation(refresh=True).isolated, sandbox.detect_isolation().describe()
    root = tmp_path_factory.mktemp("attacks")
    course = build_course.make_course(
        root / "course",
        LESSONS,
        extra_config="\nc.SandboxedGrading.cell_timeout = 8\nc.SandboxedGrading.total_timeout = 240\n",
    )
    markers = root / "markers"
    markers.mkdir()
    markers.chmod(0o777)  # anyone could write here: only the sandbox's walls stop the attack
    listener = _Listener()
    for assignment in LESSONS:
        build_course.run_nbgrader(course, "generate_assignment", assignment)

    plan: dict[str, dict[str, object]] = {}
    for assignment in LESSONS:
        student_nb = nbformat.read(course / "notebooks" / assignment / f"{assignment}.ipynb", 4)
        subs: dict[str, object] = {}
        for name, code in GENERIC.items():
            subs[f"atk-{name}"] = _with_first_answer(student_nb, code.replace("{course}", str(course)))
        if assignment == FIRST:
            solution_nb = nbformat.read(course / "solutions" / assignment / f"{assignment}.ipynb", 4)
            right = _solution(student_nb, solution_nb)
            subs["right"] = right
            harm = HARM.format(markers=markers, course=course, port=listener.port)
            subs["atk-harm"] = _with_first_answer(student_nb, harm)
            subs["atk-flood"] = _with_first_answer(student_nb, FLOOD)
            loop = copy.deepcopy(right)
            _answer_cells(loop)[0].source = SIGINT_LOOP
            subs["atk-sigint-loop"] = loop
        plan[assignment] = subs
        for student, nb in subs.items():
            folder = course / "submitted" / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / f"{assignment}.ipynb")
        if assignment == FIRST:
            for student, data in _odd_files(right, student_nb).items():
                folder = course / "submitted" / student / assignment
                folder.mkdir(parents=True)
                (folder / f"{assignment}.ipynb").write_bytes(data)

    env = build_course.kernel_env()
    results = {}
    for i, assignment in enumerate(LESSONS):
        # both grading commands go through the sandboxed step: alternate them over the lessons
        if i % 2 == 0:
            cmd = [sys.executable, "-m", "crmlab.teacher", "grade", assignment, "--jobs", "2"]
        else:
            cmd = build_course.nbgrader_cmd("autograde", assignment)
        start = time.monotonic()
        done = subprocess.run(cmd, cwd=course, env=env, capture_output=True, text=True,
                              timeout=1800, check=False)
        results[assignment] = (done, time.monotonic() - start)
    time.sleep(6)  # longer than the detached process would have waited
    listener.close()
    yield {"course": course, "plan": plan, "results": results, "markers": markers,
           "listener": listener}


def test_both_commands_succeed(attacked):
    for assignment, (done, _) in attacked["results"].items():
        if assignment == FIRST:
            continue  # it has the two files that are not notebooks: see below
        assert done.returncode == 0, (assignment, done.stdout[-3000:], done.stderr[-3000:])


def test_odd_hand_ins_are_graded_as_far_as_possible_or_flagged(attacked):
    course = attacked["course"]
    done, _ = attacked["results"][FIRST]
    assert done.returncode == 1  # not every hand-in could be graded, and the command says so
    failed = [ln for ln in done.stdout.splitlines() if ln.startswith("失败 (failed)")]
    assert len(failed) == 2, done.stdout[-3000:]
    assert any("odd-notjson" in ln and "不是 Jupyter 笔记本" in ln for ln in failed)
    assert any("odd-empty" in ln and "文件是空的" in ln for ln in failed)
    tests = _test_ids(course, FIRST)
    full = _scores(course, FIRST, "right")
    for student in ("odd-gbk", "odd-utf16", "odd-v3", "odd-edited-metadata"):
        scores = _scores(course, FIRST, student)
        assert {t: scores[t] for t in tests} == {t: full[t] for t in tests}, student
    student_nb = nbformat.read(course / "notebooks" / FIRST / f"{FIRST}.ipynb", 4)
    first_answer = nbbuild.grade_ids(student_nb, kind="answer")[0]
    hit = set(nbbuild.tests_of_answers(student_nb)[first_answer])
    scores = _scores(course, FIRST, "odd-missing-cell")
    assert {t: scores[t] for t in tests} == {t: (0 if t in hit else full[t]) for t in tests}


@pytest.mark.parametrize("assignment", LESSONS)
def test_every_generic_attack_scores_zero(attacked, assignment):
    course = attacked["course"]
    tests = _test_ids(course, assignment)
    for student in attacked["plan"][assignment]:
        if student == "right" or student not in {f"atk-{n}" for n in GENERIC}:
            continue
        scores = _scores(course, assignment, student)
        assert {t: scores[t] for t in tests} == dict.fromkeys(tests, 0), (assignment, student)
        status = json.loads(
            (course / "autograded" / student / assignment / "crmlab_grading.json").read_text()
        )
        assert status["isolation"] == "bwrap-root", status


def test_the_right_answers_still_get_full_marks(attacked):
    course = attacked["course"]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        nb = gb.find_submission_notebook(FIRST, FIRST, "right")
        for g in nb.grades:
            if g.name in _test_ids(course, FIRST):
                assert g.score == g.max_score > 0, g.name


def test_harm_is_contained(attacked):
    course = attacked["course"]
    assert list(attacked["markers"].iterdir()) == []
    assert not (course / "pwned").exists()
    assert not Path("/tmp/crmlab-attack-pwned").exists()
    assert not attacked["listener"].connected
    assert sandbox.running_sandboxes() == []
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("select count(*) from grade where manual_score = 99").fetchone()[0] == 0
    out = nbformat.read(course / "autograded" / "atk-harm" / FIRST / f"{FIRST}.ipynb", 4)
    text = "".join(o.get("text", "") for c in out.cells if c.cell_type == "code" for o in c.outputs)
    assert "no memory" in text and "allocated" not in text
    assert "no big file" in text and "wrote 512" not in text
    assert "no gradebook" in text and "no network" in text
    scores = _scores(course, FIRST, "atk-harm")
    assert {scores[t] for t in _test_ids(course, FIRST)} == {0}


def test_a_flood_of_output_stays_small(attacked):
    course = attacked["course"]
    notebook = course / "autograded" / "atk-flood" / FIRST / f"{FIRST}.ipynb"
    assert notebook.stat().st_size < 2 * 1024 * 1024
    out = nbformat.read(notebook, 4)
    text = "".join(o.get("text", "") for c in out.cells if c.cell_type == "code" for o in c.outputs)
    assert "output truncated" in text or len(text) < 1024 * 1024


def test_a_loop_that_ignores_ctrl_c_is_cut_off_and_the_rest_graded(attacked):
    course = attacked["course"]
    tests = _test_ids(course, FIRST)
    scores = _scores(course, FIRST, "atk-sigint-loop")
    full = _scores(course, FIRST, "right")
    student_nb = nbformat.read(course / "notebooks" / FIRST / f"{FIRST}.ipynb", 4)
    first_answer = nbbuild.grade_ids(student_nb, kind="answer")[0]
    hit = set(nbbuild.tests_of_answers(student_nb)[first_answer])
    assert {t: scores[t] for t in tests} == {t: (0 if t in hit else full[t]) for t in tests}
    assert any(full[t] > 0 for t in tests if t not in hit)


def test_killing_the_grader_leaves_nothing_running(attacked):
    course = attacked["course"]
    folder = course / "submitted" / "slowpoke" / FIRST
    right = nbformat.read(course / "submitted" / "right" / FIRST / f"{FIRST}.ipynb", 4)
    folder.mkdir(parents=True)
    nbformat.write(_with_first_answer(right, "import time\ntime.sleep(120)"),
                   folder / f"{FIRST}.ipynb")
    grader = subprocess.Popen(
        [sys.executable, "-m", "crmlab.teacher", "grade", FIRST, "--student", "slowpoke",
         "--jobs", "1"],
        cwd=course, env=build_course.kernel_env(), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not sandbox.running_sandboxes():
            time.sleep(0.5)
        assert sandbox.running_sandboxes(), "the submission never started"
        workers = _children(grader.pid)
        assert workers
    finally:
        grader.kill()
        grader.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (sandbox.running_sandboxes() or _alive(workers)):
        time.sleep(0.5)
    assert sandbox.running_sandboxes() == [] and _alive(workers) == []
    with sqlite3.connect(course / "gradebook.db") as db:  # killed mid-run: still consistent
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the course lock went with the grader: the next run starts at once
    again = subprocess.run(
        [sys.executable, "-m", "crmlab.teacher", "grade", FIRST, "--student", "right",
         "--force", "--jobs", "1"],
        cwd=course, env=build_course.kernel_env(), capture_output=True, text=True, check=False,
        timeout=600,
    )
    assert again.returncode == 0, again.stdout[-2000:]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.append(pid)
    return alive


def test_feedback_shows_no_hidden_test_source(attacked):
    course = attacked["course"]
    build_course.run_nbgrader(course, "generate_feedback", FIRST)
    page = (course / "feedback" / "right" / FIRST / f"{FIRST}.html").read_text("utf-8")
    for secret in ("EXERCISES", "def q1_", "_textbook", "BEGIN HIDDEN", "grading/hidden"):
        assert secret not in page, secret
    assert "Traceback (most recent call last)" not in page and '.py", line' not in page
