#!/usr/bin/env bash
# Overhead of an out-of-process plugin on a 12 MP pair: the no-op plugin (transfer + call, no
# compute) with one plane per photo, and with all seven, then the Python roughness example.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product skindelta >/dev/null
bin=.build/release/skindelta
$bin bench plugin Scripts/bench-plugin/noop --size 4000x3000 --runs 7
all=$(mktemp -d)
trap 'rm -rf "$all"' EXIT
sed -e "s|\"noop.py\"|\"$(pwd)/Scripts/bench-plugin/noop/noop.py\"|" \
    -e 's|"inputs": \["L"\]|"inputs": ["red", "green", "blue", "L", "a", "b", "density"]|' \
    Scripts/bench-plugin/noop/skindelta-plugin.json >"$all/skindelta-plugin.json"
$bin bench plugin "$all" --size 4000x3000 --runs 5
$bin bench plugin Plugins/Examples/PythonRoughness --size 4000x3000 --runs 3
