#!/usr/bin/env bash
# A cohort batch at a modest size: throughput, peak memory against the cohort's size, and a run
# killed with SIGKILL at a random moment then resumed, compared byte for byte with a clean run.
#   Scripts/bench-cohort.sh [--patients N] [--size WxH] [--json]
# Defaults: 200 patients × 5 sessions with 2 captures each (2,000 photos, 2,400 pairs) at 320×240,
# and a 10-patient cohort (100 photos) for the memory comparison. Builds the release binary. A batch
# that finishes with failures (exit 1: pairs too alike in texture to align, say) still counts.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
patients=200
size=320x240
json=0
while (($#)); do
    case $1 in
    --patients) patients=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --json) json=1; shift ;;
    *) echo "usage: Scripts/bench-cohort.sh [--patients N] [--size WxH] [--json]" >&2; exit 2 ;;
    esac
done
swift build -c release --product skindelta >/dev/null
bin=$(pwd)/.build/release/skindelta
work=$(mktemp -d "${TMPDIR:-/tmp}/skindelta-cohort.XXXXXX")
trap 'rm -rf "$work"' EXIT
analyzers=org.skindelta.redness,org.skindelta.pigmentation,org.skindelta.pores,org.skindelta.scar-texture,org.skindelta.fine-lines

synth() {  # folder patients
    "$bin" synth --out "$1" --patients "$2" --sessions 5 --repeats 2 --size "$size" --field-width 16 --quiet
}
timed() {  # label, command… → "seconds peakKB"
    local status=0
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || status=$?
    if ((status > 1)); then echo "bench-cohort: $* exited $status" >&2; exit 1; fi
    tail -n 1 "$work/time"
}

synth "$work/small" 10
synth "$work/cohort" "$patients"
photos_small=$(find "$work/small" -name '*.jpg' | wc -l)
photos=$(find "$work/cohort" -name '*.jpg' | wc -l)

read -r small_seconds small_peak < <(timed "$bin" batch "$work/small" --out "$work/small-out" --analyzers "$analyzers" --jobs 1 --quiet)
read -r one_seconds one_peak < <(timed "$bin" batch "$work/cohort" --out "$work/out-1" --analyzers "$analyzers" --jobs 1 --quiet)
read -r two_seconds two_peak < <(timed "$bin" batch "$work/cohort" --out "$work/out-2" --analyzers "$analyzers" --jobs 2 --quiet)
for file in results.json results.csv index.html; do
    cmp -s "$work/out-1/$file" "$work/out-2/$file" || { echo "bench-cohort: $file differs between --jobs 1 and 2" >&2; exit 1; }
done

# Killed at a random moment between 10 % and 90 % of a run, then resumed.
kill_after=$(python3 -c "import random; print(round($two_seconds * random.uniform(0.1, 0.9), 2))")
"$bin" batch "$work/cohort" --out "$work/killed" --analyzers "$analyzers" --jobs 2 --quiet &
pid=$!
sleep "$kill_after"
kill -KILL "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
finished=$(find "$work/killed/.skindelta-journal" -name '*.json' 2>/dev/null | wc -l)
"$bin" batch "$work/cohort" --out "$work/killed" --analyzers "$analyzers" --jobs 2 --resume --quiet || (($? == 1))
identical=true
for file in results.json results.csv index.html $(cd "$work/out-2" && find patients -name report.html); do
    cmp -s "$work/out-2/$file" "$work/killed/$file" || identical=false
done
pairs=$(python3 -c "import json,sys; d=json.load(open('$work/out-1/results.json')); print(sum(len(v['comparisons']) for p in d['patients'] for v in p['views']))")

if ((json)); then
    python3 - <<PY
import json
print(json.dumps({"patients": $patients, "photos": $photos, "pairs": $pairs, "size": "$size",
    "photosPerMinuteOneCore": round($photos / $one_seconds * 60, 1), "photosPerMinuteTwoCores": round($photos / $two_seconds * 60, 1),
    "secondsOneCore": $one_seconds, "secondsTwoCores": $two_seconds,
    "peakMegabytes": {"$photos_small photos": round($small_peak / 1024), "$photos photos": round($one_peak / 1024)},
    "killedAfterSeconds": $kill_after, "pairsFinishedBeforeKill": $finished, "resumedIdentical": "$identical" == "true"}, indent=2))
PY
else
    printf 'cohort: %d patients, %d photos, %d pairs at %s\n' "$patients" "$photos" "$pairs" "$size"
    printf '  --jobs 1: %6.1f s, %7.1f photos/min, peak %4d MB\n' "$one_seconds" "$(python3 -c "print($photos / $one_seconds * 60)")" $((one_peak / 1024))
    printf '  --jobs 2: %6.1f s, %7.1f photos/min, peak %4d MB (%.2fx)\n' "$two_seconds" "$(python3 -c "print($photos / $two_seconds * 60)")" \
        $((two_peak / 1024)) "$(python3 -c "print($one_seconds / $two_seconds)")"
    printf '  peak memory, --jobs 1: %d MB at %d photos, %d MB at %d photos\n' $((small_peak / 1024)) "$photos_small" $((one_peak / 1024)) "$photos"
    printf '  SIGKILL after %.1f s (%d pairs journalled), then --resume: outputs byte-identical: %s\n' "$kill_after" "$finished" "$identical"
fi
[[ $identical == true ]]
