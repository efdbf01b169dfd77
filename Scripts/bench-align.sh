#!/usr/bin/env bash
# Alignment accuracy and single-core time over a grid of synthetic 12 MP pairs, next to OpenCV's
# findTransformECC (affine, at 1000 px, matrix rescaled) on the same JPEG pairs in the same run.
# Creates Scripts/.venv-bench (opencv-python-headless, numpy) once.
# Usage: Scripts/bench-align.sh [extra `skindelta bench align` options, e.g. --size 2000x1500]
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(Scripts/bench-venv.sh)
Scripts/bench.sh kernels --runs 1 >/dev/null  # build once
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.build-bench/release/skindelta bench align --export "$work" "$@" | tee "$work/ours.txt" >&2
"$python" Scripts/opencv_align.py "$work" >"$work/opencv.json"
python3 - "$work" <<'PY'
import json, statistics, sys
work = sys.argv[1]
ours = {r["name"]: r for r in json.load(open(f"{work}/pairs.json"))}
cv = {r["name"]: r for r in json.load(open(f"{work}/opencv.json"))}
print("| rotation | scale | shift | light | ours: verdict | ours: error px | ours: ms | ECC: error px | ECC: ms |")
print("|---:|---:|---|---|---|---:|---:|---:|---:|")
for name, r in ours.items():
    c = cv[name]
    ecc = f"{c['cornerErrorPixels']:.3f}" if c["converged"] else "no convergence"
    print(f"| {r['rotationDegrees']:g} | {r['scale']:g} | {r['shiftX']:g}, {r['shiftY']:g} | {r['lighting']} | {r['verdict']} "
          f"| {r['cornerErrorPixels']:.4f} | {r['medianMilliseconds']:.1f} | {ecc} | {c['milliseconds']:.0f} |")
errors = sorted(r["cornerErrorPixels"] for r in ours.values())
captured = [c for c in cv.values() if c["converged"] and c["cornerErrorPixels"] < 1]
print(f"\nours: {len(errors)} pairs, error median {statistics.median(errors):.4f} px, worst {errors[-1]:.4f} px, "
      f"time median {statistics.median(r['medianMilliseconds'] for r in ours.values()):.1f} ms")
print(f"ECC: within 1 px on {len(captured)} of {len(cv)} pairs"
      + (f", error median there {statistics.median(c['cornerErrorPixels'] for c in captured):.3f} px" if captured else "")
      + f", time median {statistics.median(c['milliseconds'] for c in cv.values()):.0f} ms")
PY
