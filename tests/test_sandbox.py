"""The sandbox on its own: what a submission's kernel can see and do, limits, caps, clean-up,
the unisolated fallback, and the safe reading of exported answers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from crmlab.teacher import sandbox
from crmlab.teacher.answers import FigureData, Missing, Unreadable, decode

ISO = sandbox.detect_isolation(refresh=True)
REPO = Path(__file__).resolve().parents[1]


def notebook(*cells: str):
    return nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(textwrap.dedent(c).strip()) for c in cells]
    )


def texts(result) -> list[str]:
    out = []
    for cell in result.notebook.cells:
        out.append(
            "".join(
                o.get("text", "") + o.get("evalue", "") + "".join(o.get("traceback", []))
                for o in cell.get("outputs", [])
            )
        )
    return out


def test_this_machine_isolates():
    """CI installs bubblewrap and runs as root: the full sandbox must be available there."""
    assert ISO.mode == "bwrap-root", ISO.describe()


def test_the_kernel_sees_only_its_own_world(tmp_path):
    secret = tmp_path / "course" / "gradebook.db"
    secret.parent.mkdir()
    secret.write_text("grades")
    nb = notebook(
        """
        import os, socket
        print("uid", os.getuid())
        print("secret", os.path.exists(%r))
        print("root home", os.path.exists("/root/.bashrc") or os.listdir("/root") != [".pyenv"])
        try:
            open(%r, "w").write("x")
            print("wrote outside")
        except OSError:
            print("outside is closed")
        try:
            socket.create_connection(("1.1.1.1", 80), timeout=2)
            print("network open")
        except OSError:
            print("no network")
        open("here.txt", "w").write("ok")
        print("scratch ok", os.getcwd())
        """
        % (str(secret), str(tmp_path / "dropped"))
    )
    result = sandbox.run_notebook(nb, skip=set(), export_names=[], isolation=ISO)
    out = texts(result)[0]
    assert "uid 0" not in out and f"uid {sandbox.SANDBOX_UID_BASE}" in out
    assert "secret False" in out
    assert "outside is closed" in out and not (tmp_path / "dropped").exists()
    assert "no network" in out
    assert "scratch ok /home/student" in out


def test_answers_come_back_as_data():
    nb = notebook(
        """
        import pandas as pd
        import matplotlib.pyplot as plt
        total = 2000
        share = 0.795
        ids = {4, 1, 2}
        pair = (1, "甲")
        table = pd.DataFrame({"customer": [4, 1], "revenue": [740.0, 590.0]})
        col = table.set_index("customer")["revenue"]
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0.5, 0.8])
        ax.set_xticks([0, 1], ["4", "1"])
        """
    )
    names = ["total", "share", "ids", "pair", "table", "col", "ax", "nothing"]
    result = sandbox.run_notebook(nb, skip=set(), export_names=names, isolation=ISO)
    got = decode(result.export_payload, names)
    assert got["total"] == 2000 and got["share"] == 0.795
    assert got["ids"] == frozenset({1, 2, 4}) and got["pair"] == [1, "甲"]
    pd.testing.assert_frame_equal(
        got["table"], pd.DataFrame({"customer": [4, 1], "revenue": [740.0, 590.0]})
    )
    assert got["col"].to_dict() == {4: 740.0, 1: 590.0}
    assert isinstance(got["ax"], FigureData)
    assert got["ax"].given["xticklabels"] == ["4", "1"]
    assert got["ax"].given["lines"][0]["y"] == [0.5, 0.8]
    assert got["nothing"] == Missing("nothing")


def test_transformers_and_hooks_cannot_stop_the_export():
    nb = notebook(
        """
        answer = 42
        ip = get_ipython()
        ip.input_transformers_post.append(lambda lines: [])
        ip.ast_transformers.append(__import__("ast").NodeTransformer())
        ip.events.register("pre_run_cell", lambda *a: print("hook"))
        """,
        "answer = 0  # emptied by the transformer",
    )
    result = sandbox.run_notebook(nb, skip=set(), export_names=["answer"], isolation=ISO)
    assert decode(result.export_payload, ["answer"]) == {"answer": 42}


def test_skipped_cells_do_not_run():
    nb = notebook("x = 1", "x = 2  # a test cell", "y = x")
    result = sandbox.run_notebook(nb, skip={1}, export_names=["y"], isolation=ISO)
    assert decode(result.export_payload, ["y"]) == {"y": 1}


def test_memory_file_and_process_limits():
    nb = notebook(
        """
        try:
            hog = bytearray(1536 * 1024 * 1024)
            print("allocated")
        except MemoryError:
            print("memory refused")
        """,
        """
        try:
            with open("/tmp/big", "wb") as f:
                for _ in range(256):
                    f.write(b"0" * 1024 * 1024)
            print("wrote big file")
        except OSError:
            print("file refused")
        """,
        "still_alive = True",
    )
    limits = sandbox.Limits(cell_timeout=30)
    result = sandbox.run_notebook(nb, skip=set(), export_names=["still_alive"], limits=limits,
                                  isolation=ISO)
    out = texts(result)
    assert "memory refused" in out[0]
    assert "file refused" in out[1]
    assert decode(result.export_payload, ["still_alive"]) == {"still_alive": True}


def test_a_hung_kernel_is_replaced_and_the_rest_runs():
    nb = notebook(
        "a = 1",
        """
        import signal
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        while True:
            pass
        """,
        "b = a + 1",
    )
    limits = sandbox.Limits(cell_timeout=3, total_timeout=120)
    start = time.monotonic()
    result = sandbox.run_notebook(nb, skip=set(), export_names=["a", "b"], limits=limits,
                                  isolation=ISO)
    assert time.monotonic() - start < 60
    assert result.restarts == 1
    assert decode(result.export_payload, ["a", "b"]) == {"a": 1, "b": 2}
    assert "CellTimeoutError" in texts(result)[1]


def test_the_whole_submission_has_a_time_cap():
    nb = notebook("import time\ntime.sleep(3)", "time.sleep(3)", "time.sleep(3)", "late = 1")
    limits = sandbox.Limits(cell_timeout=10, total_timeout=5)
    result = sandbox.run_notebook(nb, skip=set(), export_names=["late"], limits=limits,
                                  isolation=ISO)
    out = texts(result)
    assert "time limit" in out[-1] or "时间" in out[-1]
    assert result.export_payload is None and "time limit" in result.export_problem


def test_output_is_capped():
    nb = notebook('print("x" * (20 * 1024 * 1024))', 'print("after")')
    result = sandbox.run_notebook(nb, skip=set(), export_names=[], isolation=ISO)
    size = len(json.dumps(result.notebook))
    assert size < 1024 * 1024
    assert "output truncated" in texts(result)[0] or len(texts(result)[0]) < 300 * 1024
    assert "after" in texts(result)[1]


def test_without_isolation_it_still_grades_and_says_so():
    iso = sandbox.Isolation("none", reason="test")
    nb = notebook("answer = 6 * 7")
    result = sandbox.run_notebook(nb, skip=set(), export_names=["answer"], isolation=iso)
    assert decode(result.export_payload, ["answer"]) == {"answer": 42}
    assert not result.isolation.isolated
    assert "没有隔离" in iso.describe() and "WITHOUT isolation" in iso.describe()


def test_killing_the_grader_kills_the_sandbox(tmp_path):
    code = textwrap.dedent(
        """
        import nbformat
        from crmlab.teacher import sandbox
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
            "import subprocess, sys, time\\n"
            "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'],"
            " start_new_session=True)\\n"
            "time.sleep(120)")])
        sandbox.run_notebook(nb, skip=set(), export_names=[],
                             limits=sandbox.Limits(cell_timeout=200, total_timeout=300))
        """
    )
    grader = subprocess.Popen([sys.executable, "-c", code], cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(sandbox.running_sandboxes()) < 2:
            time.sleep(0.5)
        assert len(sandbox.running_sandboxes()) >= 2, "the sandboxed kernel never started"
    finally:
        grader.send_signal(signal.SIGKILL)
        grader.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and sandbox.running_sandboxes():
        time.sleep(0.5)
    assert sandbox.running_sandboxes() == []


# ---------------------------------------------------------------------------------------------
# reading exported answers: hostile input never crashes and never becomes a value by accident


@pytest.mark.parametrize(
    "payload",
    [
        None,
        "",
        "not json",
        "[1, 2, 3]",
        json.dumps({"x": "just a string"}),
        json.dumps({"x": {"kind": "value", "value": {"__set__": [[1], [2]]}}}),
        json.dumps({"x": {"kind": "value", "value": {"__dict__": [[[1], 2]]}}}),
        json.dumps({"x": {"kind": "value", "value": {"__eval__": "1+1"}}}),
        json.dumps({"x": {"kind": "table", "parquet": "!!!not base64"}}),
        json.dumps({"x": {"kind": "table", "parquet": "aGVsbG8="}}),
        json.dumps({"x": {"kind": "series", "parquet": "aGVsbG8="}}),
        json.dumps({"x": {"kind": "figure", "axes": "nope"}}),
        json.dumps({"x": {"kind": "pickle", "data": "gASVAAAAAAAAAACMBHRlc3SULg=="}}),
        json.dumps({"x": {"kind": "value", "value": [[[[[[[[[[[[1]]]]]]]]]]]]}}),
        "[" * 100000 + "]" * 100000,
    ],
)
def test_hostile_payloads_are_unreadable_not_errors(payload):
    got = decode(payload, ["x"])
    assert set(got) == {"x"}
    assert isinstance(got["x"], (Missing, Unreadable)), got


def test_a_huge_payload_is_refused_without_parsing():
    got = decode(" " * (30 * 1024 * 1024), ["x"])
    assert isinstance(got["x"], Unreadable)


# ---------------------------------------------------------------------------------------------
# one grader per course


def test_a_second_grader_is_told_to_wait(tmp_path):
    hold = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from crmlab.teacher.nbgrader_step import lock_course; "
         f"lock_course({str(tmp_path)!r}); print('locked', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "CRMLAB_COURSE_LOCK_PID": ""},
    )
    try:
        assert hold.stdout.readline().strip() == "locked"
        second = subprocess.run(
            [sys.executable, "-c",
             "from crmlab.teacher.nbgrader_step import lock_course; "
             f"lock_course({str(tmp_path)!r})"],
            capture_output=True, text=True, check=False,
            env={**os.environ, "CRMLAB_COURSE_LOCK_PID": ""},
        )
        assert second.returncode != 0
        assert "另一个评分程序" in second.stderr and "another grader" in second.stderr
    finally:
        hold.kill()
        hold.wait()
    again = subprocess.run(
        [sys.executable, "-c",
         "from crmlab.teacher.nbgrader_step import lock_course; "
         f"lock_course({str(tmp_path)!r}); print('ok')"],
        capture_output=True, text=True, check=False,
        env={**os.environ, "CRMLAB_COURSE_LOCK_PID": ""},
    )
    assert again.stdout.strip() == "ok"  # the lock goes with the process that held it


def test_teacher_modules_import_without_fcntl():
    """Windows has no fcntl: the teacher commands must still load there (the course lock then
    uses msvcrt; grading runs without isolation and says so)."""
    code = (
        "import sys; sys.modules['fcntl'] = None\n"
        "import crmlab.teacher.nbgrader_step, crmlab.teacher.grade, crmlab.teacher.roster\n"
        "import crmlab.teacher.collect, crmlab.teacher.report, crmlab.teacher.export\n"
        "print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.stdout.strip() == "ok", done.stderr
