#!/usr/bin/env bash
# Fuzzes one parser with libFuzzer, under AddressSanitizer and UndefinedBehaviorSanitizer.
#   Scripts/fuzz.sh TARGET [SECONDS]      fuzz for SECONDS (default 60), then print the executions
#   Scripts/fuzz.sh TARGET --replay DIR   run every file of DIR once (exit non-zero on any finding)
# Targets: png, jpeg (the C shim, as ImageCodec calls it), exif (the EXIF reader), manifest (the
# CSV and JSON batch manifest readers).
# Seed corpora are generated here, never fetched: small photos written by `skindelta synth` and
# the encoders, and manifests written by the synthesizer. A finding is written to
# .build-fuzz/TARGET-findings/; copy it into Tests/Fuzz/TARGET/ (named for what it found), where the
# test suite replays it (Scripts/test.sh: Scripts/fuzz.sh TARGET --replay Tests/Fuzz/TARGET).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target=${1:?usage: Scripts/fuzz.sh png|jpeg|exif|manifest [SECONDS | --replay DIR]}
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
    *)
        echo "fuzz.sh: unknown target $target (png, jpeg, exif, manifest)" >&2
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
    [[ -x $skindelta ]] || swift build --product skindelta >/dev/null
    local work
    work=$(mktemp -d)
    "$skindelta" synth --out "$work/s" --patients 1 --sessions 2 --repeats 2 --size 64x64 --field-width 5 --png --quiet
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
