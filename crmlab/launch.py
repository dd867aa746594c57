"""Open JupyterLab on the student notebooks, on Windows, macOS and Linux: ``python -m crmlab``.

    python -m crmlab                          # the notebooks/ folder here, or this folder
    python -m crmlab --notebook-dir D:/作业    # another folder
    python -m crmlab --port 8890 --no-browser # anything else goes to ``jupyter lab``

Before starting JupyterLab the launcher installs the kit's JupyterLab settings (the Chinese
interface, no pop-ups asking to fetch news or check for updates), shipped inside the package as
``crmlab/jupyterlab_settings.json``, as ``overrides.json`` in
``<sys.prefix>/share/jupyter/lab/settings/`` (if that folder cannot be written, in a folder of the
user's Jupyter data directory), and tells JupyterLab to read them from there
(``--LabApp.app_settings_dir``). JupyterLab runs as ``<this Python> -m jupyterlab``, so no
activated environment or PATH is needed; ``--allow-root`` is added when running as root on
Linux or macOS.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

#: The kit's JupyterLab settings, inside the package (tools/jupyterlab/overrides.json is a
#: copy for the browser test; tests/test_launcher.py checks that the two are identical).
SETTINGS_RESOURCE = "jupyterlab_settings.json"
SETTINGS_FILE = "overrides.json"


def settings_bytes() -> bytes:
    """The shipped settings file (a broken one fails here, with ``ValueError``)."""
    data = resources.files("crmlab").joinpath(SETTINGS_RESOURCE).read_bytes()
    json.loads(data.decode("utf-8"))
    return data


def settings_dir(prefix: str | os.PathLike | None = None) -> Path:
    """Where JupyterLab reads its application settings in the environment ``prefix``
    (default: this Python's ``sys.prefix``)."""
    return Path(prefix if prefix is not None else sys.prefix) / "share" / "jupyter" / "lab" / "settings"


def fallback_settings_dir() -> Path:
    """A folder the user can always write: ``<Jupyter data dir>/crmlab/lab-settings``."""
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "crmlab" / "lab-settings"


def install_settings(folder: str | os.PathLike) -> Path:
    """Write the kit's settings as ``<folder>/overrides.json`` (only if they differ from what is
    there); return the file's path. Raises ``OSError`` if the folder cannot be written."""
    folder = Path(folder)
    target = folder / SETTINGS_FILE
    data = settings_bytes()
    try:
        if target.read_bytes() == data:
            return target
    except OSError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{SETTINGS_FILE}.{os.getpid()}.tmp"
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def prepare_settings(folder: str | os.PathLike | None = None,
                     fallback: str | os.PathLike | None = None) -> Path:
    """Install the settings into ``folder`` (default: :func:`settings_dir`); if it cannot be
    written, into ``fallback`` (default: :func:`fallback_settings_dir`). Return the folder used."""
    first = Path(folder) if folder is not None else settings_dir()
    try:
        install_settings(first)
        return first
    except OSError as err:
        second = Path(fallback) if fallback is not None else fallback_settings_dir()
        _say(
            f"提示：无法写入 {first}（{err}），JupyterLab 设置改放在 {second} "
            f"(note: cannot write {first}; the JupyterLab settings go to {second})"
        )
        install_settings(second)
        return second


def running_as_root() -> bool:
    """True for the root user on Linux/macOS (JupyterLab refuses root without --allow-root)."""
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


def default_notebook_dir(cwd: str | os.PathLike | None = None) -> Path:
    """``./notebooks`` if there is one, else the current folder."""
    here = Path(cwd if cwd is not None else os.getcwd()).resolve()
    return here / "notebooks" if (here / "notebooks").is_dir() else here


def build_argv(
    notebook_dir: str | os.PathLike,
    extra: Sequence[str] = (),
    *,
    settings: str | os.PathLike,
    as_root: bool | None = None,
    python: str | None = None,
) -> list[str]:
    """The command that starts JupyterLab: ``<python> -m jupyterlab --notebook-dir=... ...``."""
    argv = [
        python or sys.executable, "-m", "jupyterlab",
        f"--notebook-dir={Path(notebook_dir).resolve()}",
        f"--LabApp.app_settings_dir={Path(settings).resolve()}",
    ]
    if (running_as_root() if as_root is None else as_root) and "--allow-root" not in extra:
        argv.append("--allow-root")
    return argv + list(extra)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m crmlab",
        description=(
            "打开 JupyterLab 学习 crmlab 的笔记本 (open JupyterLab on the crmlab notebooks)："
            "中文界面，不弹出新闻和更新提示。"
        ),
        epilog=(
            "其他选项原样交给 jupyter lab (other options go to jupyter lab)，例如 "
            "--port 8890、--no-browser；全部选项见 jupyter lab --help-all。"
        ),
        allow_abbrev=False,
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="显示这段帮助 (show this help)")
    p.add_argument(
        "--notebook-dir",
        metavar="DIR",
        help="笔记本所在的文件夹 (notebook folder)；默认：当前文件夹下的 notebooks，没有就用当前文件夹",
    )
    p.add_argument(
        "--settings-dir",
        metavar="DIR",
        help=(
            "JupyterLab 设置 (settings) 放在哪个文件夹；默认："
            "本 Python 环境的 share/jupyter/lab/settings"
        ),
    )
    return p


def parse(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """The launcher's own options, and the rest (for ``jupyter lab``, in their order)."""
    return parser().parse_known_args(list(argv))


def _say(message: str) -> None:
    try:
        print(message, flush=True)
    except UnicodeEncodeError:  # a console that cannot show Chinese
        print(message.encode("ascii", "replace").decode("ascii"), flush=True)


def run(argv: list[str]) -> int:
    """Run JupyterLab until it stops. Ctrl+C reaches JupyterLab too, which asks whether to shut
    down; the launcher just waits. If the launcher is terminated, it stops JupyterLab."""
    proc = subprocess.Popen(argv)

    def _terminate(signum, frame):
        raise SystemExit(128 + signum)

    previous = None
    if hasattr(signal, "SIGTERM"):
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        while True:
            try:
                return proc.wait()
            except KeyboardInterrupt:
                continue
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    args, extra = parse(sys.argv[1:] if argv is None else argv)
    if args.notebook_dir is not None:
        notebook_dir = Path(args.notebook_dir).expanduser()
        if not notebook_dir.is_dir():
            print(
                f"错误：找不到笔记本文件夹 (notebook folder not found)：{notebook_dir}",
                file=sys.stderr,
            )
            return 2
    else:
        notebook_dir = default_notebook_dir()
    try:
        settings = prepare_settings(args.settings_dir)
    except (OSError, ValueError) as err:
        print(
            f"错误：无法安装 JupyterLab 设置 (cannot install the JupyterLab settings)：{err}",
            file=sys.stderr,
        )
        return 1
    command = build_argv(notebook_dir, extra, settings=settings)
    _say(f"正在打开 JupyterLab (starting JupyterLab)：{notebook_dir.resolve()}")
    return run(command)
