#!/usr/bin/env bash
# Install the kit with its test extras into ./.venv and run the whole test suite.
# Usage: ./test.sh [pytest options, e.g. -k abc]
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet ".[test]"
export PATH="$PWD/.venv/bin:$PATH"
exec pytest "$@"
