#!/usr/bin/env bash
# Creates Scripts/.venv-bench (opencv-python-headless, numpy, scikit-image) once, for comparisons only, and
# prints the path of its python. Used by the bench-*.sh scripts.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=Scripts/.venv-bench
if [[ ! -x $venv/bin/python ]] || ! $venv/bin/python -c "import cv2, numpy, skimage" 2>/dev/null; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q opencv-python-headless numpy scikit-image >&2
fi
echo "$venv/bin/python"
