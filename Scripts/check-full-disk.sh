#!/usr/bin/env bash
# A batch whose output disk fills up midway: it must stop with one clear error (exit 2), leave no
# partial file under a final name (every journal record and every output present is whole), and
# leave no temporary file behind; rerun with --resume on a disk with room, it must give the bytes of
# a clean run. The small disk is a tmpfs mounted here, so this needs root (as CI and the developer
# machines have).
# Usage: Scripts/check-full-disk.sh [path/to/skindelta]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/debug/skindelta}")
if [[ $(id -u) -ne 0 ]]; then
    echo "check-full-disk.sh: needs root to mount a small tmpfs" >&2
    exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/skindelta-full-disk.XXXXXX")
disk="$work/disk"
mkdir -p "$disk"
cleanup() {
    umount "$disk" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"$bin" synth --out "$work/data" --patients 3 --sessions 3 --size 320x240 --field-width 16 --quiet
analyzers=org.skindelta.redness,org.skindelta.pigmentation
"$bin" batch "$work/data" --out "$work/clean" --analyzers "$analyzers" --quiet
journal_bytes=$(du -sb "$work/clean/.skindelta-journal" | cut -f1)
# Room for about half of the journal: the disk fills while pairs are being scored.
mount -t tmpfs -o size=$((journal_bytes / 2)) tmpfs "$disk"

status=0
"$bin" batch "$work/data" --out "$disk/out" --analyzers "$analyzers" --quiet 2>"$work/stderr" || status=$?
if ((status != 2)); then
    echo "full disk: expected exit 2, got $status" >&2
    exit 1
fi
if (($(wc -l <"$work/stderr") != 1)) || ! grep -q "cannot be written" "$work/stderr"; then
    echo "full disk: expected one sentence saying what cannot be written, got:" >&2
    cat "$work/stderr" >&2
    exit 1
fi
python3 - "$disk/out" <<'PY'
import json, os, sys
out = sys.argv[1]
problems, records = [], 0
for folder, _, files in os.walk(out):
    for name in files:
        path = os.path.join(folder, name)
        if name.endswith(".tmp"):
            problems.append(f"temporary file left behind: {path}")
        elif name.endswith(".json"):
            try:
                json.load(open(path))
                records += folder.endswith(".skindelta-journal")
            except ValueError:
                problems.append(f"partial file under its final name: {path}")
        elif name.endswith((".html", ".csv")):
            problems.append(f"an output was written although the run failed: {path}")
if problems:
    print("full disk:\n  " + "\n  ".join(problems))
    sys.exit(1)
print(f"full disk: the run stopped with one error; {records} whole journal records, no partial or temporary file")
PY
cp -r "$disk/out" "$work/resumed"
umount "$disk"
"$bin" batch "$work/data" --out "$work/resumed" --analyzers "$analyzers" --resume --quiet
for file in results.json results.csv index.html; do
    cmp -s "$work/clean/$file" "$work/resumed/$file" || { echo "full disk: $file after --resume differs from a clean run" >&2; exit 1; }
done
echo "full disk: resumed on a disk with room, the outputs equal a clean run byte for byte"
