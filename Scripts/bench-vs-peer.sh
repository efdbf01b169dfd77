#!/usr/bin/env bash
# Scores one synthetic pair with `skindelta score` and with the OpenCV + scikit-image peer
# (Scripts/peer_pipeline.py), both as whole processes pinned to one core, alternating, and prints
# the medians and their ratio (peer / ours: how many times faster we are).
#   Scripts/bench-vs-peer.sh [--size WxH] [--runs N] [--json]
# Defaults: 4000x3000 (12 MP, 20 px/mm), 3 runs each. JSON: {"megapixels", "oursSeconds",
# "peerSeconds", "ratio", "oursPeakMB", "peerPeakMB"}. Builds the measuring binary (Scripts/bench.sh)
# and the Python environment (Scripts/bench-venv.sh) first.
set -euo pipefail
cd "$(dirname "$0")/.."
size=4000x3000
runs=3
json=false
while (($#)); do
    case $1 in
    --size) size=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --json) json=true; shift ;;
    *) echo "usage: Scripts/bench-vs-peer.sh [--size WxH] [--runs N] [--json]" >&2; exit 2 ;;
    esac
done
[[ $size =~ ^([0-9]+)x([0-9]+)$ ]] || { echo "bench-vs-peer: --size must be WxH" >&2; exit 2; }
width=${BASH_REMATCH[1]}
python=$(Scripts/bench-venv.sh)
Scripts/bench.sh kernels --runs 1 >/dev/null  # builds .build-bench/release/skindelta
bin=$(pwd)/.build-bench/release/skindelta
work=$(mktemp -d "${TMPDIR:-/tmp}/skindelta-peer.XXXXXX")
trap 'rm -rf "$work"' EXIT

# One patient, two sessions, 20 px/mm (the field is width / 20 mm wide).
"$bin" synth --out "$work/pair" --patients 1 --sessions 2 --repeats 1 --size "$size" \
    --field-width "$(python3 -c "print($width / 20)")" --quality 92 --quiet
before=$(find "$work/pair" -name '*_s01_r1.jpg')
after=$(find "$work/pair" -name '*_s02_r1.jpg')
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

timed() {  # output, command… → "seconds peakKB"
    local out=$1 status=0
    shift
    /usr/bin/time -f "%e %M" -o "$work/time" taskset -c 0 "$@" >"$out" 2>"$work/stderr" || status=$?
    # score exits 1 when something could not be measured; it still ran every stage.
    if ((status > 1)); then
        echo "bench-vs-peer: $* exited $status:" >&2
        tail -n 5 "$work/stderr" >&2
        exit 1
    fi
    tail -n 1 "$work/time"
}
: >"$work/ours"
: >"$work/peer"
for ((run = 1; run <= runs; run++)); do
    timed "$work/ours.json" "$bin" score "$before" "$after" --pixels-per-mm 20 --threads 1 --json >>"$work/ours"
    timed "$work/peer.json" "$python" Scripts/peer_pipeline.py "$before" "$after" >>"$work/peer"
done
python3 -c "import json; json.load(open('$work/ours.json')); json.load(open('$work/peer.json'))" ||
    { echo "bench-vs-peer: an output is not JSON" >&2; exit 1; }

python3 - "$work" "$size" "$json" <<'PY'
import json, statistics, sys
work, size, as_json = sys.argv[1], sys.argv[2], sys.argv[3] == "true"
def load(name):
    rows = [line.split() for line in open(f"{work}/{name}") if line.strip()]
    return statistics.median(float(r[0]) for r in rows), max(int(r[1]) for r in rows) / 1024
ours, ours_peak = load("ours")
peer, peer_peak = load("peer")
w, h = (int(v) for v in size.split("x"))
row = {"megapixels": round(w * h / 1e6, 2), "oursSeconds": round(ours, 3), "peerSeconds": round(peer, 3),
       "ratio": round(peer / ours, 3), "oursPeakMB": round(ours_peak, 1), "peerPeakMB": round(peer_peak, 1)}
if as_json:
    print(json.dumps(row))
else:
    print(f"{size} ({row['megapixels']} MP), one core, medians of {len(open(f'{work}/ours').readlines())} whole-process runs each")
    print(f"  skindelta score  {ours:7.2f} s   peak {ours_peak:7.0f} MB")
    print(f"  OpenCV+skimage   {peer:7.2f} s   peak {peer_peak:7.0f} MB")
    print(f"  ratio (peer / ours) {peer / ours:.2f}: {'we are faster' if peer > ours else 'the peer is faster'}")
PY
