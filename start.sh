#!/usr/bin/env bash
# Set up the kit in ./.venv (first run only; with the teacher tools, since this is the course
# repository) and open JupyterLab on the student notebooks.
# Usage: ./start.sh [extra jupyter lab options, e.g. --port 8890 --no-browser]
# The launcher (python -m crmlab, crmlab/launch.py) installs the kit's JupyterLab settings
# (Chinese interface, no news pop-up) and adds --allow-root when run as root. Windows: start.bat.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet ".[teacher]"
exec .venv/bin/python -m crmlab "$@"
