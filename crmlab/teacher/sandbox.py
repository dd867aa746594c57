"""Run one student's notebook in a sandbox: a fresh kernel that cannot touch the course.

On Linux with Debian's ``bubblewrap`` the kernel runs

* in its own mount namespace that shows only the operating system, the Python installation, the
  installed kit (which carries the datasets) and a small private scratch folder: not the course
  folder, the gradebook, ``solutions/``, other submissions or anybody's home;
* with no network (its own network namespace), its own process namespace (it sees no other
  process, and everything it starts dies with it) and a new session;
* as an unprivileged user of its own (uid ``SANDBOX_UID_BASE + slot``) when grading runs as root,
  otherwise as the teacher's user inside the namespaces;
* under resource limits: memory, CPU time, file size, number of processes, open files.

The grader talks to the kernel over Unix sockets (ZeroMQ ``ipc``) in a folder that is made
read-only for the kernel as soon as it has started. Each cell has a timeout and the whole
submission a wall-clock cap; a kernel that does not stop when interrupted is killed with all its
processes and a fresh one replays the cells that worked.

Where this cannot be done (no bubblewrap, macOS, Windows), the notebook still runs, with the
resource limits the system offers, and :attr:`Isolation.isolated` is false: the grader then says
plainly, in the console and the report, that the submission ran without isolation.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

#: Sandboxes run as uid/gid ``SANDBOX_UID_BASE + slot`` (one per parallel worker) when grading
#: runs as root. No such user needs to exist.
SANDBOX_UID_BASE = 62000

TIMEOUT_NOTE = "这个单元格运行超时，已被中断 (the cell ran too long and was stopped)"
KILLED_NOTE = (
    "这个单元格超时后不肯停下，评分程序结束了它的内核 (the cell ignored the interrupt; its "
    "kernel was killed and the cells before it were run again in a fresh one)"
)
CAP_NOTE = (
    "整份作业的运行时间超过了上限，这个单元格没有运行 (the whole submission ran past its time "
    "limit; this cell was not run)"
)
TRUNCATED_NOTE = "\n…… 输出太长，后面的部分已省略 (output truncated) ……\n"


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed submission."""

    cell_timeout: float = 60.0  # seconds per cell
    total_timeout: float = 300.0  # seconds for the whole submission
    memory_bytes: int = 1024 * 1024 * 1024  # RLIMIT_DATA: heap and private mappings
    address_space_bytes: int = 8 * 1024 * 1024 * 1024  # RLIMIT_AS: a backstop
    cpu_seconds: int = 600  # RLIMIT_CPU for the kernel and what it starts
    file_bytes: int = 64 * 1024 * 1024  # RLIMIT_FSIZE: the largest file it may write
    scratch_bytes: int = 128 * 1024 * 1024  # size of its private writable folders
    processes: int = 96  # RLIMIT_NPROC (threads count too)
    open_files: int = 256  # RLIMIT_NOFILE
    output_bytes_per_cell: int = 64 * 1024  # stored output text per cell
    output_bytes_total: int = 1024 * 1024  # stored output text per notebook
    message_bytes: int = 32 * 1024 * 1024  # largest single message read from the kernel


@dataclass(frozen=True)
class Isolation:
    """How a sandbox is isolated on this machine."""

    mode: str  # "bwrap-root", "bwrap-user" or "none"
    bwrap: str | None = None
    reason: str = ""

    @property
    def isolated(self) -> bool:
        return self.mode != "none"

    def describe(self) -> str:
        if self.mode == "bwrap-root":
            return (
                "评分在沙箱中运行：独立用户、无网络、看不到课程文件夹 "
                "(sandboxed: own user, no network, course folder hidden)"
            )
        if self.mode == "bwrap-user":
            return (
                "评分在沙箱中运行：无网络、看不到课程文件夹，但与教师是同一个系统用户 "
                "(sandboxed: no network, course folder hidden, same system user as the teacher)"
            )
        return (
            "⚠ 警告：本次评分没有隔离，学生代码以教师的权限运行 (WARNING: graded WITHOUT "
            f"isolation: student code ran with the teacher's rights). {self.reason}"
        )


_isolation: Isolation | None = None


def detect_isolation(refresh: bool = False) -> Isolation:
    """What this machine can do; checked once by starting a tiny sandbox."""
    global _isolation
    if _isolation is not None and not refresh:
        return _isolation
    if os.environ.get("CRMLAB_SANDBOX") == "off":
        _isolation = Isolation("none", reason="CRMLAB_SANDBOX=off.")
        return _isolation
    if not sys.platform.startswith("linux"):
        _isolation = Isolation("none", reason=f"{sys.platform} has no bubblewrap.")
        return _isolation
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        _isolation = Isolation(
            "none", reason="bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)."
        )
        return _isolation
    mode = "bwrap-root" if os.geteuid() == 0 else "bwrap-user"
    probe = Isolation(mode, bwrap)
    import subprocess

    with tempfile.TemporaryDirectory(prefix="crmlab-probe-") as tmp:
        cmd = _bwrap_command(probe, Path(tmp), slot=0, limits=Limits()) + [
            sys.executable,
            "-c",
            "import os; print(os.getuid())",
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
            ok = done.returncode == 0
            why = (done.stderr or done.stdout).strip()[-300:]
        except (OSError, subprocess.TimeoutExpired) as err:
            ok, why = False, str(err)
    _isolation = probe if ok else Isolation("none", reason=f"bubblewrap failed: {why}")
    return _isolation


def _kit_folders() -> list[str]:
    """The folders that hold the ``crmlab`` and ``crmcourse`` packages the grader runs."""
    import crmcourse
    import crmlab

    folders = []
    for module in (crmlab, crmcourse):
        folder = str(Path(module.__file__).resolve().parent.parent)
        if folder not in folders:
            folders.append(folder)
    return folders


def _python_roots() -> list[Path]:
    """Folders the kernel's Python needs: the installation, the environment, and any folder on
    ``sys.path`` outside them (an editable install of the kit)."""
    roots: list[Path] = []
    for p in (sys.base_prefix, sys.prefix, sys.exec_prefix):
        roots.append(Path(p).resolve())
    exe = Path(sys.executable)
    roots.append(exe.parent)
    roots.append(exe.resolve().parent.parent)
    import crmcourse
    import crmlab

    roots.append(Path(crmlab.__file__).resolve().parent)
    roots.append(Path(crmcourse.__file__).resolve().parent)
    for entry in sys.path:
        if not entry:
            continue
        p = Path(entry).resolve()
        if p.is_dir() and "site-packages" in p.parts:
            roots.append(p)
    unique: list[Path] = []
    for r in sorted(set(roots), key=lambda x: len(x.parts)):
        if r == Path("/") or any(r.is_relative_to(u) for u in unique):
            continue
        unique.append(r)
    return unique


def _mpl_cache() -> Path:
    """A matplotlib cache prepared by the grader, shared read-only with every sandbox (without
    it, each kernel would spend seconds scanning fonts)."""
    path = Path(tempfile.gettempdir()) / f"crmlab-mplcache-{os.geteuid()}"
    if not (path / ".ready").exists():
        import subprocess

        path.mkdir(mode=0o755, exist_ok=True)
        env = {**os.environ, "MPLCONFIGDIR": str(path), "MPLBACKEND": "Agg"}
        subprocess.run(
            [sys.executable, "-c", "import matplotlib.pyplot, crmlab; crmlab.use_chinese_font()"],
            env=env,
            capture_output=True,
            check=False,
            timeout=300,
        )
        (path / ".ready").write_text("ok")
        for child in path.rglob("*"):
            child.chmod(0o755 if child.is_dir() else 0o644)
        path.chmod(0o755)
    return path


def _bwrap_command(iso: Isolation, ipc: Path, slot: int, limits: Limits) -> list[str]:
    assert iso.bwrap
    args = [iso.bwrap, "--die-with-parent", "--new-session", "--clearenv"]
    args += ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts"]
    args += ["--unshare-cgroup-try", "--hostname", "sandbox"]
    args += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "lib", "lib32", "lib64", "sbin"):
        p = Path("/") / name
        if p.is_symlink():
            args += ["--symlink", os.readlink(p), str(p)]
        elif p.is_dir():
            args += ["--ro-bind", str(p), str(p)]
    for f in (
        "/etc/ld.so.cache",
        "/etc/ld.so.conf",
        "/etc/localtime",
        "/etc/fonts",
        "/etc/passwd",
        "/etc/group",
        "/etc/nsswitch.conf",
        "/etc/mime.types",
    ):
        args += ["--ro-bind-try", f, f]
    made: set[Path] = {Path("/")}

    def parents(path: Path) -> None:
        for parent in reversed(path.parents):
            if parent not in made:
                made.add(parent)
                args.extend(["--perms", "0755", "--dir", str(parent)])

    args += ["--dev", "/dev", "--proc", "/proc"]
    args += ["--perms", "1777", "--size", str(limits.scratch_bytes), "--tmpfs", "/tmp"]
    # private to this mount namespace, so open to the sandbox's user whatever its uid
    args += ["--perms", "0777", "--size", str(limits.scratch_bytes), "--tmpfs", "/home/student"]
    args += ["--perms", "0777", "--dir", "/home/student/.matplotlib"]
    for root in _python_roots():
        parents(root)
        args += ["--ro-bind", str(root), str(root)]
    for cached in sorted(_mpl_cache().glob("fontlist-*.json")):
        args += ["--ro-bind", str(cached), f"/home/student/.matplotlib/{cached.name}"]
    parents(ipc)
    args += ["--bind", str(ipc), str(ipc), "--chdir", "/home/student"]
    env = {
        "HOME": "/home/student",
        "TMPDIR": "/tmp",
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "MPLCONFIGDIR": "/home/student/.matplotlib",
        "CRMLAB_STATIC_WIDGETS": "1",
        "NBGRADER_EXECUTION": "autograde",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NUMEXPR_MAX_THREADS": "1",
        "MALLOC_ARENA_MAX": "2",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
    }
    for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if key in os.environ:
            env[key] = os.environ[key]
    # the folders the grader imported the kit from (site-packages, or a source checkout), so
    # the kernel imports the same crmlab and crmcourse; only those packages are bound inside
    env["PYTHONPATH"] = os.pathsep.join(_kit_folders())
    for key, value in env.items():
        args += ["--setenv", key, value]
    if iso.mode == "bwrap-root":
        uid = SANDBOX_UID_BASE + slot
        args += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--"]
        setpriv = shutil.which("setpriv") or "/usr/bin/setpriv"
        args += [setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--"]
    else:
        args += ["--"]
    args += _prlimit(limits)
    return args


def _prlimit(limits: Limits) -> list[str]:
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        return []
    return [
        prlimit,
        f"--data={limits.memory_bytes}",
        f"--as={limits.address_space_bytes}",
        f"--cpu={limits.cpu_seconds}",
        f"--fsize={limits.file_bytes}",
        f"--nproc={limits.processes}",
        f"--nofile={limits.open_files}",
        "--core=0",
        "--",
    ]


def _rlimits_here(limits: Limits) -> None:
    """Resource limits for an unisolated kernel (POSIX only), set in the child before exec."""
    try:
        import resource
    except ImportError:  # Windows
        return
    for name, value in (
        ("RLIMIT_DATA", limits.memory_bytes),
        ("RLIMIT_CPU", limits.cpu_seconds),
        ("RLIMIT_FSIZE", limits.file_bytes),
        ("RLIMIT_CORE", 0),
    ):
        lim = getattr(resource, name, None)
        if lim is not None:
            try:
                resource.setrlimit(lim, (value, value))
            except (ValueError, OSError):
                pass


# ---------------------------------------------------------------------------------------------
# The kernel
# ---------------------------------------------------------------------------------------------


def _kernel_manager(iso: Isolation, workdir: Path, slot: int, limits: Limits):
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager

    ipc = workdir / "ipc"
    ipc.mkdir(mode=0o755)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    argv += ["--HistoryManager.enabled=False", "--IPKernelApp.matplotlib=inline"]
    if iso.isolated:
        if iso.mode == "bwrap-root":
            os.chown(ipc, SANDBOX_UID_BASE + slot, SANDBOX_UID_BASE + slot)
        argv = _bwrap_command(iso, ipc, slot, limits) + argv
    spec = KernelSpec(
        argv=argv,
        display_name="crmlab sandbox",
        language="python",
        interrupt_mode="message",
        env={} if iso.isolated else {"CRMLAB_STATIC_WIDGETS": "1", "NBGRADER_EXECUTION": "autograde"},
    )

    class _Manager(AsyncKernelManager):
        @property
        def kernel_spec(self):  # type: ignore[override]
            return spec

        def write_connection_file(self, **kwargs):  # type: ignore[override]
            result = super().write_connection_file(**kwargs)
            os.chmod(self.connection_file, 0o644)  # the sandbox's user must read it
            return result

    km = _Manager(
        transport="ipc" if iso.isolated else "tcp",
        ip=str(ipc / "k") if iso.isolated else "127.0.0.1",
        connection_file=str(ipc / "kernel.json"),
    )
    return km, ipc


@dataclass
class CellRecord:
    """What happened to one cell."""

    index: int
    status: str  # "ok", "error", "timeout", "killed", "not run", "skipped"


@dataclass
class RunResult:
    """The executed notebook (outputs capped) and what the grader needs from it."""

    notebook: Any
    export_payload: str | None
    export_problem: str = ""
    cells: list[CellRecord] = field(default_factory=list)
    isolation: Isolation | None = None
    seconds: float = 0.0
    restarts: int = 0


def _text_size(out: dict) -> int:
    size = 0
    for key in ("text", "evalue"):
        if isinstance(out.get(key), str):
            size += len(out[key])
    for line in out.get("traceback", []) or []:
        size += len(line) if isinstance(line, str) else 0
    for value in (out.get("data") or {}).values():
        size += len(value) if isinstance(value, str) else len(str(value))
    return size


def _cap_outputs(outputs: list, per_cell: int, budget: list[int]) -> list:
    """Keep outputs up to ``per_cell`` bytes (and the notebook's remaining ``budget``)."""
    kept, used = [], 0
    limit = min(per_cell, max(budget[0], 0))
    for out in outputs:
        size = _text_size(out)
        if used + size <= limit:
            kept.append(out)
            used += size
            continue
        room = limit - used
        if out.get("output_type") == "stream" and room > 0:
            out = nbformat.v4.new_output("stream", name=out.get("name", "stdout"))
            out.text = str(outputs[len(kept)].get("text", ""))[:room]
            kept.append(out)
            used = limit
        kept.append(nbformat.v4.new_output("stream", name="stdout", text=TRUNCATED_NOTE))
        break
    budget[0] -= used
    return kept


def _error(note: str, ename: str = "CellTimeoutError") -> Any:
    return nbformat.v4.new_output("error", ename=ename, evalue="", traceback=[f"{ename}: {note}"])


async def _run(
    nb,
    skip: set[int],
    export: str,
    iso: Isolation,
    slot: int,
    limits: Limits,
) -> RunResult:

    started = time.monotonic()
    deadline = started + limits.total_timeout
    records: dict[int, str] = {}
    budget = [limits.output_bytes_total]
    payload: str | None = None
    problem = ""
    restarts = 0
    runnable = [
        i for i, c in enumerate(nb.cells) if c.cell_type == "code" and i not in skip
    ]
    for i in skip:
        if nb.cells[i].cell_type == "code":
            nb.cells[i].outputs = []
            records[i] = "skipped"

    with tempfile.TemporaryDirectory(prefix="crmlab-sbx-") as tmp:
        workdir = Path(tmp)
        workdir.chmod(0o755)
        position = 0  # index into runnable of the next cell to run
        bad: set[int] = set()  # cells that hung: not replayed
        while True:
            spare = _take_spare((iso, slot, limits)) if restarts == 0 else None
            if spare is not None:
                km, ipc = spare["km"], spare["ipc"]
            else:
                sub = workdir / f"k{restarts}"
                sub.mkdir(mode=0o755)
                km, ipc = _kernel_manager(iso, sub, slot, limits)
            client = _CappedClient(
                nb,
                km=km,
                timeout=limits.cell_timeout,
                startup_timeout=120,
                interrupt_on_timeout=True,
                allow_errors=True,
                record_timing=False,
                error_on_timeout={
                    "ename": "CellTimeoutError",
                    "evalue": "",
                    "traceback": [f"CellTimeoutError: {TIMEOUT_NOTE}"],
                },
                shutdown_kernel="immediate",
                iopub_timeout=2,
            )
            hung = False
            started_kernel = False
            try:
                async with client.async_setup_kernel(**_start_kwargs(iso, limits)):
                    started_kernel = True
                    if iso.mode == "bwrap-root":
                        os.chown(ipc, 0, 0)  # the kernel has its sockets: no more files here
                        os.chmod(ipc, 0o755)
                    client.kc.iopub_channel.socket.setsockopt(_zmq_maxmsgsize(), limits.message_bytes)
                    client.kc.shell_channel.socket.setsockopt(_zmq_maxmsgsize(), limits.message_bytes)
                    # replay the cells that already ran (outputs kept from the first run)
                    for idx in runnable[:position]:
                        if idx in bad or records.get(idx) != "ok":
                            continue
                        cell = nbformat.from_dict(dict(nb.cells[idx]))
                        if not await _execute(client, cell, idx, deadline, limits):
                            hung = True
                            break
                    while not hung and position < len(runnable):
                        idx = runnable[position]
                        if time.monotonic() >= deadline:
                            for rest in runnable[position:]:
                                nb.cells[rest].outputs = [_error(CAP_NOTE, "SubmissionTimeoutError")]
                                records[rest] = "not run"
                            position = len(runnable)
                            break
                        cell = nb.cells[idx]
                        finished = await _execute(client, cell, idx, deadline, limits)
                        cell.outputs = _cap_outputs(
                            list(cell.get("outputs", [])), limits.output_bytes_per_cell, budget
                        )
                        position += 1
                        if not finished:
                            cell.outputs = list(cell.outputs) + [_error(KILLED_NOTE)]
                            records[idx] = "killed"
                            bad.add(idx)
                            hung = True
                            break
                        records[idx] = _status(cell)
                    if not hung:
                        if time.monotonic() >= deadline:
                            problem = "time limit reached before the answers were exported"
                        else:
                            payload, problem = await _export(client, export, limits)
            except Exception as err:  # noqa: BLE001 - a kernel that died or could not start
                if not started_kernel:
                    problem = f"the sandboxed kernel did not start: {type(err).__name__}: {err}"
                    problem = problem[:400]
                    hung = False
                elif position < len(runnable) and time.monotonic() < deadline and restarts < 3:
                    idx = runnable[position]
                    nb.cells[idx].outputs = list(nb.cells[idx].get("outputs", [])) + [
                        _error(f"内核意外退出 (the kernel died): {type(err).__name__}", "KernelDied")
                    ]
                    records[idx] = "killed"
                    bad.add(idx)
                    position += 1
                    hung = True
                else:
                    problem = problem or f"kernel failed: {type(err).__name__}: {err}"[:300]
            finally:
                atexit.unregister(client._cleanup_kernel)
                await _kill(km)
                if spare is not None:
                    shutil.rmtree(spare["dir"], ignore_errors=True)
            if not started_kernel:
                break
            if hung and time.monotonic() < deadline and restarts < 3:
                restarts += 1
                continue
            if hung:
                for rest in runnable[position:]:
                    nb.cells[rest].outputs = [_error(CAP_NOTE, "SubmissionTimeoutError")]
                    records[rest] = "not run"
                problem = problem or "the kernel had to be killed too often"
            break
    return RunResult(
        notebook=nb,
        export_payload=payload,
        export_problem=problem,
        cells=[CellRecord(i, s) for i, s in sorted(records.items())],
        isolation=iso,
        seconds=time.monotonic() - started,
        restarts=restarts,
    )


def _start_kwargs(iso: Isolation, limits: Limits) -> dict:
    import subprocess

    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    if iso.isolated or os.name != "posix":
        return quiet
    return {**quiet, "preexec_fn": lambda: _rlimits_here(limits)}


def _zmq_maxmsgsize() -> int:
    import zmq

    return zmq.MAXMSGSIZE


def _status(cell) -> str:
    return "error" if any(o.get("output_type") == "error" for o in cell.get("outputs", [])) else "ok"


async def _execute(client, cell, idx: int, deadline: float, limits: Limits) -> bool:
    """Run one cell; False if it had to be abandoned (the kernel must then be killed)."""
    remaining = max(1.0, deadline - time.monotonic())
    timeout = max(1, int(min(limits.cell_timeout, remaining)))
    client.timeout = timeout
    started = time.monotonic()
    try:
        await asyncio.wait_for(
            client.async_execute_cell(cell, idx, store_history=False),
            timeout=timeout + client.iopub_timeout + 10,
        )
    except asyncio.TimeoutError:
        return False
    if time.monotonic() - started < timeout:
        return True
    # It ran into the timeout and was interrupted: say so, and see whether the kernel stopped.
    cell.outputs = list(cell.get("outputs", [])) + [_error(TIMEOUT_NOTE)]
    return await _responsive(client, 5)


async def _responsive(client, seconds: float) -> bool:
    """Does the kernel answer a trivial request within ``seconds``?"""
    msg_id = client.kc.execute("", silent=True, store_history=False)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            msg = await client.kc.shell_channel.get_msg(timeout=max(0.1, end - time.monotonic()))
        except Exception:  # noqa: BLE001 - queue.Empty: no answer in time
            return False
        if msg.get("parent_header", {}).get("msg_id") == msg_id:
            return True
    return False


async def _export(client, expression: str, limits: Limits) -> tuple[str | None, str]:
    """Evaluate the export expression as a user expression of an empty, silent request (no
    input transformer, AST transformer or cell hook of the student's sees it)."""
    import ast

    msg_id = client.kc.execute(
        "", silent=True, store_history=False, user_expressions={"answers": expression}
    )
    end = time.monotonic() + max(30.0, limits.cell_timeout)
    while time.monotonic() < end:
        try:
            msg = await client.kc.shell_channel.get_msg(timeout=max(0.1, end - time.monotonic()))
        except Exception:  # noqa: BLE001 - queue.Empty
            break
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        result = (msg.get("content", {}).get("user_expressions") or {}).get("answers") or {}
        if result.get("status") != "ok":
            return None, f"export failed in the kernel: {str(result.get('ename', ''))[:80]}"
        text = (result.get("data") or {}).get("text/plain")
        if not isinstance(text, str) or len(text) > limits.message_bytes:
            return None, "export returned no text"
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return None, "export returned something else than a string"
        if not isinstance(value, str):
            return None, "export returned something else than a string"
        return value, ""
    return None, "export timed out"


async def _kill(km) -> None:
    if km is None:
        return
    try:
        if km.has_kernel:
            await km.shutdown_kernel(now=True)
    except Exception:  # noqa: BLE001 - it is being killed anyway
        pass
    try:
        await km.cleanup_resources()
    except Exception:  # noqa: BLE001
        pass


try:  # defined lazily so that importing this module does not import nbclient
    from nbclient import NotebookClient as _NotebookClient
except ImportError:  # pragma: no cover
    _NotebookClient = object  # type: ignore[assignment,misc]


class _CappedClient(_NotebookClient):  # type: ignore[misc,valid-type]
    """nbclient with output kept small while it arrives: a student who prints 100 MB does not
    make a 100 MB notebook. Widgets and comms are ignored."""

    def output(self, outs, msg, display_id, cell_index):  # type: ignore[override]
        limit = 256 * 1024
        if sum(_text_size(o) for o in outs) > limit:
            return None
        return super().output(outs, msg, display_id, cell_index)

    def handle_comm_msg(self, outs, msg, cell_index):  # type: ignore[override]
        return None


# A kernel started ahead of time for the next submission of this process (see ``prestart``):
# a fresh process that no submission has used yet, so no two submissions ever share one.
_spare: dict | None = None


def _take_spare(key) -> dict | None:
    global _spare
    spare, _spare = _spare, None
    if spare is None:
        return None
    if spare["key"] == key and spare["km"].has_kernel:
        return spare
    _drop(spare)
    return None


def _drop(spare: dict | None) -> None:
    if spare is None:
        return
    try:
        asyncio.run(_kill(spare["km"]))
    except RuntimeError:  # called from inside a running loop: kill the process directly
        process = getattr(getattr(spare["km"], "provisioner", None), "process", None)
        if process is not None:
            process.kill()
    shutil.rmtree(spare["dir"], ignore_errors=True)


def _drop_spare() -> None:
    global _spare
    spare, _spare = _spare, None
    _drop(spare)


async def _launch_spare(iso: Isolation, slot: int, limits: Limits) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="crmlab-spare-"))
    folder.chmod(0o755)
    (folder / "k").mkdir(mode=0o755)
    km, ipc = _kernel_manager(iso, folder / "k", slot, limits)
    await km.start_kernel(**_start_kwargs(iso, limits))
    return {"key": (iso, slot, limits), "km": km, "ipc": ipc, "dir": folder}


def run_notebook(
    nb,
    *,
    skip: set[int],
    export_names: list[str],
    slot: int = 0,
    limits: Limits | None = None,
    isolation: Isolation | None = None,
    prestart: bool = False,
) -> RunResult:
    """Execute ``nb`` (a copy is made) in a sandboxed kernel, leaving out the cells in ``skip``,
    then export the variables ``export_names``. Student code never runs in this process.

    With ``prestart``, a fresh sandboxed kernel for the next submission is started as this one
    ends, so the next call does not wait for a kernel to boot (kernel start-up is a large part
    of a submission's time). It is never reused: each submission gets its own process, and the
    spare dies with this process."""
    global _spare
    from .answers import export_expression

    limits = limits or Limits()
    iso = isolation or detect_isolation()
    nb = nbformat.from_dict(dict(nb))
    result = asyncio.run(_run(nb, set(skip), export_expression(export_names), iso, slot, limits))
    if prestart:
        _drop_spare()
        try:
            _spare = asyncio.run(_launch_spare(iso, slot, limits))
        except Exception:  # noqa: BLE001 - only an optimisation: the next run starts its own
            _spare = None
    return result


atexit.register(_drop_spare)



def running_sandboxes() -> list[int]:
    """Linux: the processes running as one of the sandbox users (none once grading is over)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            uid = int((entry / "status").read_text().split("Uid:")[1].split()[0])
        except (OSError, IndexError, ValueError):
            continue
        if SANDBOX_UID_BASE <= uid < SANDBOX_UID_BASE + 64:
            found.append(int(entry.name))
    return found
