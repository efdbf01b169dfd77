#!/usr/bin/env bash
# Sets up the machine (Scripts/bootstrap.sh), then runs the whole test suite:
# the Swift tests, and the scripted checks that need a separate process (peak memory of a bomb,
# the HTML report in a browser, the plugin examples built and run as a researcher would).
set -euo pipefail
cd "$(dirname "$0")/.."

Scripts/bootstrap.sh
export PATH="/opt/swift/usr/bin:$PATH"

echo "== swift build (debug, with tests)"
swift build --build-tests 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Linking|Write|Build)' || true
test "${PIPESTATUS[0]}" -eq 0

echo "== swift test"
swift test --skip-build 2>&1 | tee /tmp/skindelta-swift-test.log | grep -vE '^(Test Case|Test Suite|◇|↳|􀟈|✔ Test [^r])' || true
status=${PIPESTATUS[0]}
tail -n 3 /tmp/skindelta-swift-test.log
test "$status" -eq 0

echo "== decoding-bomb memory check"
python3 Scripts/check-bomb-memory.py .build/debug/skindelta

echo "== committed synthetic sessions regenerate byte-identical"
Scripts/check-sample-images.sh .build/debug/skindelta

echo "== HTML report in headless Chromium, results.csv in pandas, results.json against its schema"
Scripts/check-report.sh .build/debug/skindelta

echo "== plugins: the Python example through a batch, a scaffolded plugin, the Swift example package"
Scripts/check-plugins.sh .build/debug/skindelta
