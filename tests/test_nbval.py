"""nbval over the teacher notebooks: their stored outputs must reproduce.

Runs, as part of the normal ``pytest``, the equivalent of::

    pytest --nbval solutions/ --nbval-sanitize-with tests/nbval_sanitize.cfg

in a separate process (nbval collects notebooks only when ``--nbval`` is given), over the
lessons that have a builder (or those named in ``CRMLAB_LESSONS``). The kernels inherit the
environment set in ``conftest.py`` (static widgets, this checkout of crmlab).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbbuild

ROOT = Path(__file__).resolve().parents[1]


def test_teacher_notebooks_reproduce_their_outputs():
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "--nbval",
        *[f"solutions/{a}/" for a in nbbuild.selected_lessons()],
        "--nbval-sanitize-with",
        "tests/nbval_sanitize.cfg",
        "-q",
        "-p",
        "no:cacheprovider",
    ]
    proc = subprocess.run(cmd, check=False, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-20000:] + proc.stderr[-5000:]
