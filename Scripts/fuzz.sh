#!/usr/bin/env bash
# Fuzzes one parser with libFuzzer, under AddressSanitizer and UndefinedBehaviorSanitizer.
#   Scripts/fuzz.sh TARGET [SECONDS]      fuzz for SECONDS (default 60), then print the executions
#   Scripts/fuzz.sh TARGET --replay DIR   run every file of DIR once (exit non-zero on any finding)
# Targets: png, jpeg (the C shim, as ImageCodec calls it), exif (the EXIF reader), manifest (the
# CSV and JSON batch manifest readers), plugin-manifest (skindelta-plugin.json), plugin-frames (the
# frames and JSON messages a plugin writes back).
# Seed corpora are generated here, never fetched: small photos written by `skindelta synth` and
# the encoders, and manifests written by the synthesizer. A finding is written to
# .build-fuzz/TARGET-findings/; copy it into Tests/Fuzz/TARGET/ (named for what it found), where the
# test suite replays it (Scripts/test.sh: Scripts/fuzz.sh TARGET --replay Tests/Fuzz/TARGET).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target=${1:?usage: Scripts/fuzz.sh png|jpeg|exif|manifest|plugin-manifest|plugin-frames [SECONDS | --replay DIR]}
export PATH="/opt/swift/usr/bin:$PATH"
out="$root/.build-fuzz"
mkdir -p "$out"
binary="$out/fuzz-$target"
sanitizers=fuzzer,address,undefined

build() {
    local work
    work=$(mktemp -d)
    case $target in
    png | jpeg)
        local define=FUZZ_PNG
        [[ $target == jpeg ]] && define=FUZZ_JPEG
        # shellcheck disable=SC2046
        clang -g -O1 -fsanitize=$sanitizers -fno-sanitize-recover=undefined -D$define \
            -I Sources/_CodecShims/include -I Sources/_CodecShims $(pkg-config --cflags libpng libjpeg) \
            Scripts/fuzz/codec_fuzz.c Sources/_CodecShims/*.c $(pkg-config --libs libpng libjpeg) -o "$binary.new" \
            2> >(grep -v "Cannot export local symbol" >&2)
        ;;
    exif)
        # The EXIF reader and the few core types it uses, compiled as one module.
        for file in Sources/ImageCore/Geometry/Orientation.swift Sources/ImageCore/Geometry/Size.swift \
            Sources/ImageCodec/Decoding/ImageFormat.swift Sources/ImageCodec/Metadata/*.swift; do
            sed -e 's/^public import ImageCore$//' -e 's/^import ImageCore$//' "$file" >"$work/$(basename "$file")"
        done
        swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name ExifFuzz "$work"/*.swift Scripts/fuzz/exif_fuzz.swift \
            -o "$binary.new" 2> >(grep -v "Cannot export local symbol" >&2)
        ;;
    manifest)
        swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name ManifestFuzz Sources/Batch/Input/ManifestReader.swift \
            Scripts/fuzz/manifest_fuzz.swift -o "$binary.new" 2> >(grep -v "Cannot export local symbol" >&2)
        ;;
    plugin-manifest | plugin-frames)
        # The plugin manifest and protocol readers with the AnalysisKit types they use, as one module.
        for file in Sources/AnalysisKit/API/{AnalysisError,AnalyzerDescriptor,AnalyzerID,AnalyzerSettings,ClaimDescriptor,JSONValue,MetricDescriptor}.swift \
            Sources/AnalysisKit/Output/*.swift Sources/PluginHost/Manifest/*.swift \
            Sources/PluginHost/Protocol/{FrameChannel,PluginMessage,PluginProtocol}.swift; do
            sed -E -e 's/^(public )?import (ImageCore|AnalysisKit)$//' "$file" >"$work/$(basename "$file")"
        done
        swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name PluginFuzz "$work"/*.swift \
            "Scripts/fuzz/${target/-/_}_fuzz.swift" -o "$binary.new" 2> >(grep -v "Cannot export local symbol" >&2)
        ;;
    *)
        echo "fuzz.sh: unknown target $target (png, jpeg, exif, manifest, plugin-manifest, plugin-frames)" >&2
        exit 2
        ;;
    esac
    mv "$binary.new" "$binary"
    rm -rf "$work"
}

seeds() {  # folder
    local folder=$1 skindelta=$root/.build/debug/skindelta
    mkdir -p "$folder"
    [[ -n $(ls -A "$folder") ]] && return 0
    local work
    work=$(mktemp -d)
    if [[ $target != plugin-* ]]; then
        [[ -x $skindelta ]] || swift build --product skindelta >/dev/null
        "$skindelta" synth --out "$work/s" --patients 1 --sessions 2 --repeats 2 --size 64x64 --field-width 5 --png --quiet
    fi
    case $target in
    png) find "$work/s" -name '*.png' -exec cp {} "$folder/" \; ;;
    jpeg | exif)
        find "$work/s" -name '*.jpg' -exec cp {} "$folder/" \;
        # Progressive, restart-marker and grayscale variants from libjpeg-turbo's own tools.
        local first
        first=$(find "$work/s" -name '*.jpg' | sort | head -n 1)
        djpeg -pnm "$first" >"$work/a.ppm"
        cjpeg -progressive "$work/a.ppm" >"$folder/progressive.jpg"
        cjpeg -restart 1 "$work/a.ppm" >"$folder/restart.jpg"
        cjpeg -grayscale -arithmetic "$work/a.ppm" >"$folder/gray-arithmetic.jpg" 2>/dev/null || true
        [[ $target == exif ]] && find "$work/s" -name '*.png' -exec cp {} "$folder/" \;
        ;;
    manifest)
        cp "$work/s/manifest.csv" "$folder/"
        python3 - "$work/s/manifest.csv" "$folder/manifest.json" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
json.dump({"photos": rows}, open(sys.argv[2], "w"))
PY
        printf 'patient,date,file\n"P 1","2026-01-05","a ""quoted"", name.jpg"\n' >"$folder/quoted.csv"
        ;;
    plugin-manifest)
        find Plugins/Examples -name skindelta-plugin.json | sort | while read -r file; do
            cp "$file" "$folder/$(basename "$(dirname "$file")").json"
        done
        # Every kind of setting, and a manifest that is refused (no command, duplicate input).
        python3 - "$folder" <<'PY'
import json, os, sys
base = {"protocolVersion": 1, "id": "org.example.all-settings", "name": "All settings", "summary": "s",
        "version": "1.0.0", "command": ["./run"], "inputs": ["L", "a", "b"], "timeoutSeconds": 5,
        "metrics": [{"id": "m", "name": "M", "unit": "%", "direction": "higherIsBetter", "description": "d"}],
        "settings": {"revision": 2, "members": {
            "n": {"type": "number", "default": 1.5, "minimum": 0, "maximum": 2},
            "i": {"type": "integer", "default": 3},
            "flag": {"type": "boolean", "default": True},
            "mode": {"type": "string", "default": "a", "enum": ["a", "b"]}}}}
json.dump(base, open(os.path.join(sys.argv[1], "all-settings.json"), "w"))
json.dump(dict(base, command=[], inputs=["L", "L"]), open(os.path.join(sys.argv[1], "refused.json"), "w"))
PY
        ;;
    plugin-frames)
        # Greetings, replies with values, tiles and each kind of overlay, and an error, as frames.
        python3 - "$folder" <<'PY'
import json, os, struct, sys
def frame(message, kind=b"J"):
    body = json.dumps(message).encode() if kind == b"J" else message
    return b"SD" + kind + b"\0" + struct.pack("<I", len(body)) + body
hello = {"type": "hello", "protocolVersion": 1, "id": "org.example.roughness", "transport": "pipe"}
reply = {"type": "result", "request": 1,
         "values": [{"metric": "roughness", "before": 1.5, "after": 1.25, "unit": "L*"}],
         "tiles": [{"metric": "roughness", "before": [1, 2, 3], "after": [1, 2, 2.5]}],
         "overlays": [{"id": "spots", "photo": "before", "points": [[1, 2, 3]]},
                      {"id": "edges", "photo": "after", "outlines": [[[0, 0], [4, 0], [4, 4]]]},
                      {"id": "heat", "photo": "before", "heatMap": {"columns": 2, "rows": 1, "values": [0, 255], "maximum": 2.0}}],
         "flags": ["lowLight"], "notes": ["a note"]}
error = {"type": "error", "request": 2, "reason": "the mask is empty"}
seeds = {"hello": [hello], "reply": [hello, reply], "error": [hello, error],
         "refused": [{"type": "hello", "reason": "protocol 1 is not spoken"}]}
for name, messages in seeds.items():
    open(os.path.join(sys.argv[1], name), "wb").write(b"".join(frame(m) for m in messages))
open(os.path.join(sys.argv[1], "binary-where-json"), "wb").write(frame(hello) + frame(b"\0" * 16, b"B"))
PY
        ;;
    esac
    rm -rf "$work"
}

if [[ ! -x $binary || Scripts/fuzz/codec_fuzz.c -nt $binary || $0 -nt $binary ]]; then build; fi

if [[ ${2:-} == --replay ]]; then
    folder=${3:?--replay needs a folder}
    files=()
    while IFS= read -r -d '' file; do files+=("$file"); done < <(find "$folder" -type f ! -name '*.md' -print0 | sort -z)
    if ((${#files[@]} == 0)); then
        echo "fuzz.sh: $folder holds no input to replay" >&2
        exit 1
    fi
    hostile=$(mktemp -d)
    trap 'rm -rf "$hostile"' EXIT
    if [[ $target == png || $target == jpeg ]]; then
        # The hostile set: every input cut at a quarter, half and three quarters, and with bytes flipped.
        python3 - "$hostile" "${files[@]}" <<'PY'
import os, random, sys
out, paths = sys.argv[1], sys.argv[2:]
for k, path in enumerate(paths):
    data = open(path, "rb").read()
    for fraction in (4, 2):
        open(os.path.join(out, f"{k}-cut{fraction}"), "wb").write(data[: len(data) // fraction])
    open(os.path.join(out, f"{k}-cut34"), "wb").write(data[: len(data) * 3 // 4])
    rng = random.Random(k)
    for flip in range(4):
        damaged = bytearray(data)
        for _ in range(1 + flip * 3):
            if damaged:
                damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
        open(os.path.join(out, f"{k}-flip{flip}"), "wb").write(bytes(damaged))
PY
        while IFS= read -r -d '' file; do files+=("$file"); done < <(find "$hostile" -type f -print0 | sort -z)
    fi
    "$binary" -runs=1 "${files[@]}" >"$out/replay-$target.log" 2>&1 || {
        tail -n 30 "$out/replay-$target.log" >&2
        exit 1
    }
    what="regression inputs"
    [[ $target == png || $target == jpeg ]] && what="regression inputs and their cut or bit-flipped variants"
    echo "$target: ${#files[@]} $what replayed under ASan+UBSan, no finding"
    exit 0
fi

seconds=${2:-60}
corpus="$out/$target-corpus"
findings="$out/$target-findings"
mkdir -p "$findings"
seeds "$corpus"
log="$out/fuzz-$target.log"
status=0
"$binary" "$corpus" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -timeout=20 \
    -artifact_prefix="$findings/" -print_final_stats=1 >"$log" 2>&1 || status=$?
executions=$(grep -aEo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo "?")
echo "$target: $executions executions in $seconds s, corpus $(find "$corpus" -type f | wc -l) inputs"
if ((status != 0)); then
    echo "fuzz.sh: $target found a problem (saved in $findings):" >&2
    grep -aE "ERROR|SUMMARY|runtime error" "$log" | head -n 10 >&2
    exit 1
fi
