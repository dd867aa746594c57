#!/usr/bin/env bash
# Set up the kit in ./.venv (first run only) and open JupyterLab on the student notebooks.
# Usage: ./start.sh [extra jupyter lab options, e.g. --port 8890 --no-browser]
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet .
# Students get JupyterLab's Chinese interface and no pop-ups asking to fetch news.
mkdir -p .venv/share/jupyter/lab/settings
cp tools/jupyterlab/overrides.json .venv/share/jupyter/lab/settings/overrides.json
export PATH="$PWD/.venv/bin:$PATH"
extra=()
if [ "$(id -u)" = "0" ]; then extra+=(--allow-root); fi
exec jupyter lab --notebook-dir=notebooks "${extra[@]}" "$@"
