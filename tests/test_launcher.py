"""The cross-platform launcher ``python -m crmlab`` (crmlab/launch.py), start.sh and start.bat.

The settings are installed into temporary folders, never into this environment. The real start
runs ``python -m crmlab`` in a subprocess, as a student would, with a temporary Jupyter config
and runtime folder and a temporary settings folder, and asks the running JupyterLab itself
whether it serves the notebook folder and the kit's settings.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import nbformat
import pytest

from crmlab import launch

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_SETTINGS = ROOT / "crmlab" / "jupyterlab_settings.json"
TOOLS_SETTINGS = ROOT / "tools" / "jupyterlab" / "overrides.json"


def test_one_settings_source():
    """tools/jupyterlab/overrides.json (used by the browser test) is the package's file."""
    assert TOOLS_SETTINGS.read_bytes() == PACKAGE_SETTINGS.read_bytes()


def test_shipped_settings_are_the_kits():
    settings = json.loads(launch.settings_bytes())
    assert settings == json.loads(PACKAGE_SETTINGS.read_text("utf-8"))
    assert settings["@jupyterlab/translation-extension:plugin"]["locale"] == "zh_CN"
    notification = settings["@jupyterlab/apputils-extension:notification"]
    assert notification["checkForUpdates"] is False
    assert notification["fetchNews"] == "false"  # the setting is a string enum


def test_settings_dir_is_in_the_prefix(tmp_path):
    assert launch.settings_dir(tmp_path) == tmp_path / "share" / "jupyter" / "lab" / "settings"
    assert launch.settings_dir() == Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"


def test_install_into_a_temporary_prefix(tmp_path):
    folder = launch.settings_dir(tmp_path / "prefix")
    target = launch.install_settings(folder)
    assert target == folder / "overrides.json"
    assert target.read_bytes() == PACKAGE_SETTINGS.read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == ["overrides.json"]  # no temporary left
    # a changed file is put back; an equal one is left alone
    target.write_text("{}", encoding="utf-8")
    launch.install_settings(folder)
    assert target.read_bytes() == PACKAGE_SETTINGS.read_bytes()
    before = target.stat().st_mtime_ns
    time.sleep(0.01)
    launch.install_settings(folder)
    assert target.stat().st_mtime_ns == before


def test_unwritable_settings_folder_falls_back(tmp_path, capsys):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    used = launch.prepare_settings(blocked / "settings", fallback=tmp_path / "user")
    assert used == tmp_path / "user"
    assert (used / "overrides.json").read_bytes() == PACKAGE_SETTINGS.read_bytes()
    assert "无法写入" in capsys.readouterr().out


def test_argv(tmp_path):
    nb = tmp_path / "notebooks"
    argv = launch.build_argv(nb, ["--port", "8890"], settings=tmp_path / "s", as_root=False,
                             python="/x/python")
    assert argv == [
        "/x/python", "-m", "jupyterlab", f"--notebook-dir={nb.resolve()}",
        f"--LabApp.app_settings_dir={(tmp_path / 's').resolve()}", "--port", "8890",
    ]
    as_root = launch.build_argv(nb, ["--no-browser"], settings=tmp_path, as_root=True)
    assert as_root[:3] == [sys.executable, "-m", "jupyterlab"]
    assert as_root.count("--allow-root") == 1 and as_root[-1] == "--no-browser"
    again = launch.build_argv(nb, ["--allow-root"], settings=tmp_path, as_root=True)
    assert again.count("--allow-root") == 1


def test_root_detection():
    expected = hasattr(os, "geteuid") and os.geteuid() == 0
    assert launch.running_as_root() is expected
    argv = launch.build_argv(".", [], settings=".")
    assert ("--allow-root" in argv) is expected


def test_options_and_pass_through():
    args, extra = launch.parse(
        ["--port", "8890", "--notebook-dir", "课程", "--no-browser", "--ServerApp.token="]
    )
    assert args.notebook_dir == "课程" and args.settings_dir is None
    assert extra == ["--port", "8890", "--no-browser", "--ServerApp.token="]
    args, extra = launch.parse(["--note=x"])  # no abbreviations of the launcher's options
    assert args.notebook_dir is None and extra == ["--note=x"]


def test_default_notebook_dir(tmp_path):
    assert launch.default_notebook_dir(tmp_path) == tmp_path.resolve()
    (tmp_path / "notebooks").mkdir()
    assert launch.default_notebook_dir(tmp_path) == (tmp_path / "notebooks").resolve()


def test_missing_notebook_dir_is_an_error(tmp_path, capsys):
    missing = tmp_path / "没有这个文件夹"
    assert launch.main(["--notebook-dir", str(missing), "--settings-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "找不到笔记本文件夹" in err and str(missing) in err


def test_start_sh_uses_the_launcher():
    text = (ROOT / "start.sh").read_text("utf-8")
    assert text.rstrip().endswith('exec .venv/bin/python -m crmlab "$@"')
    assert "-m venv .venv" in text and 'pip install --quiet ".[teacher]"' in text
    assert "overrides.json" not in text  # the launcher installs the settings


def test_start_bat():
    raw = (ROOT / "start.bat").read_bytes()
    raw.decode("ascii")  # readable under any console code page
    lines = raw.split(b"\n")
    assert len(lines) > 5 and lines[-1] == b""  # ends with a line break
    assert all(line.endswith(b"\r") for line in lines[:-1])  # CRLF everywhere
    text = raw.decode("ascii")
    assert "py -3 -m venv .venv" in text
    assert '".venv\\Scripts\\python.exe" -m pip install --quiet ".[teacher]"' in text
    assert '".venv\\Scripts\\python.exe" -m crmlab %*' in text


def test_installed_wheel_installs_the_settings(tmp_path):
    """From a wheel, without the repository: the settings file and the launcher come along
    (and the feedback template, which nbgrader_config.py points at)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "wheel"), str(ROOT)],
        check=True,
    )
    wheel = next((tmp_path / "wheel").glob("crmlab-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "crmlab/__main__.py", "crmlab/launch.py", "crmlab/jupyterlab_settings.json",
        "crmlab/teacher/feedback_template/crmlab_feedback/index.html.j2",
        "crmlab/teacher/feedback_template/crmlab_feedback/conf.json",
    } <= names
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(site), str(wheel)], check=True)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from crmlab import launch; "
        "assert launch.__file__.startswith(sys.argv[1]), launch.__file__; "
        "print(launch.install_settings(sys.argv[2]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(site), str(tmp_path / "prefix")],
        cwd=tmp_path, capture_output=True, text=True, check=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    ).stdout.strip()
    assert Path(out).read_bytes() == PACKAGE_SETTINGS.read_bytes()


# --------------------------------------------------------------------------------------------
# a real start


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


@pytest.mark.skipif(os.name == "nt", reason="stops the launcher with SIGTERM (POSIX)")
def test_real_start(tmp_path):
    work = tmp_path / "work"
    (work / "notebooks").mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), work / "notebooks" / "第一课.ipynb")
    settings = tmp_path / "settings"
    port = _free_port()
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTER_DATA_DIR=str(tmp_path / "data"),
        PYTHONPATH=os.pathsep.join(p for p in [str(ROOT), env.get("PYTHONPATH", "")] if p),
    )
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "crmlab", "--no-browser", "--port", str(port),
         "--ServerApp.token=", "--ServerApp.password=", "--settings-dir", str(settings)],
        cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        status = None
        while time.time() < deadline and proc.poll() is None:
            try:
                status, _ = _get(f"{url}/lab")
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, (tmp_path / "lab.log").read_text()

        # the notebook folder is ./notebooks
        _, body = _get(f"{url}/api/contents")
        assert [item["name"] for item in json.loads(body)["content"]] == ["第一课.ipynb"]
        # the kit's settings were installed where the launcher said, and JupyterLab uses them
        assert (settings / "overrides.json").read_bytes() == PACKAGE_SETTINGS.read_bytes()
        _, body = _get(f"{url}/lab/api/settings/@jupyterlab/translation-extension:plugin")
        assert json.loads(body)["schema"]["properties"]["locale"]["default"] == "zh_CN"
        _, body = _get(f"{url}/lab/api/settings/@jupyterlab/apputils-extension:notification")
        props = json.loads(body)["schema"]["properties"]
        assert props["fetchNews"]["default"] == "false"
        assert props["checkForUpdates"]["default"] is False
    finally:
        proc.send_signal(signal.SIGTERM)  # the launcher stops JupyterLab
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            code = None
        log.close()
    assert code is not None, "the launcher did not stop on SIGTERM"
    with pytest.raises(OSError):  # JupyterLab is gone too
        _get(f"{url}/api/status")
    assert "正在打开 JupyterLab" in (tmp_path / "lab.log").read_text("utf-8")
