#!/usr/bin/env bash
# Times our kernels and OpenCV's single-thread equivalents in the same run, alternating rounds,
# and prints each kernel's median with ratio = ours / OpenCV (lower is better for us).
# Creates Scripts/.venv-bench (opencv-python-headless, numpy) once. Usage: Scripts/bench-vs-opencv.sh [--json]
set -euo pipefail
cd "$(dirname "$0")/.."
json=false
[[ ${1:-} == --json ]] && json=true
python=$(Scripts/bench-venv.sh)
Scripts/bench.sh kernels --runs 1 >/dev/null  # build once
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for round in 1 2 3; do
    .build-bench/release/skindelta bench kernels --runs 5 --json >"$work/ours-$round.json"
    "$python" Scripts/opencv_kernels.py 5 >"$work/opencv-$round.json"
done
python3 - "$work" "$json" <<'PY'
import glob, json, statistics, sys
work, as_json = sys.argv[1], sys.argv[2] == "true"
ours, theirs = {}, {}
for path in sorted(glob.glob(f"{work}/ours-*.json")):
    for row in json.load(open(path)):
        if row["threads"] == 1:
            ours.setdefault(row["kernel"], []).append((row["medianMs"], row["megapixels"]))
for path in sorted(glob.glob(f"{work}/opencv-*.json")):
    for kernel, ms in json.load(open(path)).items():
        theirs.setdefault(kernel, []).append(ms)
rows = []
for kernel, values in ours.items():
    ms = statistics.median(v[0] for v in values)
    cv = statistics.median(theirs[kernel]) if kernel in theirs else None
    rows.append({"kernel": kernel, "megapixels": values[0][1], "medianMs": round(ms, 3),
                 "opencvMedianMs": round(cv, 3) if cv else None, "ratio": round(ms / cv, 3) if cv else None})
if as_json:
    print(json.dumps(rows, indent=2))
else:
    print(f"{'kernel':28} {'MP':>5} {'ours ms':>9} {'OpenCV ms':>10} {'ratio':>7}   (1 thread each)")
    for r in rows:
        print(f"{r['kernel']:28} {r['megapixels']:5.1f} {r['medianMs']:9.2f} {r['opencvMedianMs'] or float('nan'):10.2f} {r['ratio'] or float('nan'):7.2f}")
PY
