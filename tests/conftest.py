"""Shared set-up for the test suite.

Notebook kernels started by the tests (nbclient, nbval, nbgrader) inherit this process's
environment, so it is prepared here, before any test runs:

* ``CRMLAB_STATIC_WIDGETS=1``: widgets show their static fallback, never wait on a comm;
* the running Python's ``bin`` directory first on ``PATH`` (nbgrader calls ``alembic`` by name,
  and kernels must use this interpreter);
* the repository first on ``PYTHONPATH``, so kernels import this checkout of crmlab;
* ``tools/`` on ``sys.path`` for the lesson builders (``nbbuild``, ``build_course``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = str(Path(sys.executable).parent)

os.environ["CRMLAB_STATIC_WIDGETS"] = "1"
os.environ["PATH"] = os.pathsep.join([BIN, os.environ.get("PATH", "")])
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in [str(ROOT), os.environ.get("PYTHONPATH", "")] if p
)
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

if str(ROOT / "tools") not in sys.path:
    sys.path.insert(0, str(ROOT / "tools"))
