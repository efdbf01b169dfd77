#!/usr/bin/env bash
# Sets up the machine (Scripts/bootstrap.sh), then runs the whole test suite:
# the Swift tests, and the scripted checks that need a separate process (peak memory of a bomb,
# the HTML report in a browser, the plugin examples built and run as a researcher would).
#
# Exits non-zero when the build fails, when it prints a warning for this package's own code, when any
# Swift test fails, or when any scripted check fails; the last line names every step that failed.
# Each step's exit status is written by the step itself before its output is filtered, so no
# pipeline can overwrite it.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

Scripts/bootstrap.sh || { echo "test.sh: FAILED: bootstrap"; exit 1; }
export PATH="/opt/swift/usr/bin:$PATH"

logs=$(mktemp -d "${TMPDIR:-/tmp}/skindelta-test.XXXXXX")
failed=()

# run NAME FILTER COMMAND…: runs the command, its output kept whole in $logs/NAME.log and shown on the
# terminal without the lines matching the extended regular expression FILTER (none when it is empty); the
# command's own status is written to $logs/NAME.status by the group that ran it, before any filtering,
# and returned.
run() {
    local name=$1 filter=$2
    shift 2
    if [[ -n $filter ]]; then
        { "$@"; echo $? >"$logs/$name.status"; } 2>&1 | tee "$logs/$name.log" | grep --line-buffered -vE "$filter"
    else
        { "$@"; echo $? >"$logs/$name.status"; } 2>&1 | tee "$logs/$name.log"
    fi
    local status
    status=$(cat "$logs/$name.status" 2>/dev/null || echo 127)
    return "$status"
}

failing_tests=""

finish() {
    if ((${#failed[@]} > 0)); then
        if [[ -n $failing_tests ]]; then
            echo "-- failing Swift tests:"
            head -n 40 <<<"$failing_tests"
        fi
        echo "test.sh: FAILED: ${failed[*]} (logs in $logs)"
        exit 1
    fi
    rm -rf "$logs"
    echo "test.sh: all steps passed (build without warnings, Swift tests, scripted checks)"
    exit 0
}

echo "== swift build (debug, with tests)"
run build '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Linking|Write|Build|Wrapping|Planning|Copying|Merging)' \
    swift build --build-tests
build_status=$?
# Warnings in this package's sources (not in resolved dependencies) fail the run, so that a new one is seen.
warnings=$(grep -E "^$root/(Sources|Plugins|Tests)/[^:]+:[0-9]+:[0-9]+: warning:" "$logs/build.log" | sort -u)
if ((build_status != 0)); then
    failed+=("swift-build(exit-$build_status)")
    finish
fi
if [[ -n $warnings ]]; then
    echo "$warnings"
    failed+=("swift-build-warnings($(wc -l <<<"$warnings"))")
fi

echo "== swift test"
run swift-test '^(Test Case|Test Suite|◇|↳|􀟈|✔ Test [^r])' swift test --skip-build
test_status=$?
if ((test_status != 0)); then
    # Swift Testing's "✘ Test "…" failed" and "recorded an issue at File.swift:line" lines, XCTest's "error:" lines.
    failing_tests=$(grep -aE '^✘ |: error: ' "$logs/swift-test.log" | grep -avE '^✘ Test run with' || true)
    [[ -n $failing_tests ]] || failing_tests="(no failing test named: swift test exited $test_status; see $logs/swift-test.log)"
    failed+=("swift-test(exit-$test_status)")
fi

# check NAME COMMAND…: a scripted check, its output shown as it was, its status kept.
check() {
    local name=$1
    shift
    run "$name" "" "$@"
    local status=$?
    if ((status != 0)); then
        failed+=("$name(exit-$status)")
    fi
}

echo "== decoding-bomb memory check"
check bomb-memory python3 Scripts/check-bomb-memory.py .build/debug/skindelta

echo "== committed synthetic sessions regenerate byte-identical"
check sample-images Scripts/check-sample-images.sh .build/debug/skindelta

echo "== HTML report in headless Chromium, results.csv in pandas, results.json against its schema"
check report Scripts/check-report.sh .build/debug/skindelta "$logs/report-screenshots"

echo "== plugins: the Python example through a batch, a scaffolded plugin, the Swift example package"
check plugins Scripts/check-plugins.sh .build/debug/skindelta

echo "== a batch on a disk that fills up midway: one error, no partial file, then --resume gives a clean run's bytes"
check full-disk Scripts/check-full-disk.sh .build/debug/skindelta

echo "== fuzz regressions and hostile inputs replayed under ASan+UBSan (PNG, JPEG, EXIF, manifests, plugin manifests and frames)"
for target in png jpeg exif manifest plugin-manifest plugin-frames; do
    check "fuzz-$target" Scripts/fuzz.sh "$target" --replay "Tests/Fuzz/$target"
done

echo "== Slurm: a batch as a 4-task job array on a one-node cluster, merged, equals one run byte for byte"
check slurm timeout 900 Scripts/check-slurm.sh .build/debug/skindelta

finish
