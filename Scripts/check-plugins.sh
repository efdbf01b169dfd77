#!/usr/bin/env bash
# The plugin examples end to end, as a researcher would use them:
#   1. the Python example's own tests, its conformance run, and a batch in which its metrics
#      appear in results.json, results.csv and the HTML report beside the built-in ones;
#   2. a plugin scaffolded by `skindelta plugins new --python`: its test and its conformance run;
#   3. the Swift example package (Plugins/Examples/SwiftEvenness): built against this checkout,
#      its tests, and its own skindelta listing and checking the analyzer;
#   4. a Swift package scaffolded by `skindelta plugins new --swift`: built and tested.
# numpy comes from python3 when it has it, else from a venv under Scripts/ (installed once).
# Usage: Scripts/check-plugins.sh [path/to/skindelta]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
skindelta=$(realpath "${1:-.build/debug/skindelta}")

if ! python3 -c 'import numpy' 2>/dev/null; then
    venv="$root/Scripts/.venv-plugins"
    if [[ ! -x "$venv/bin/python3" ]] || ! "$venv/bin/python3" -c 'import numpy' 2>/dev/null; then
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet numpy
    fi
    export PATH="$venv/bin:$PATH"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "-- Python example: unit tests"
(cd Plugins/Examples/PythonRoughness && python3 -m unittest -q test_roughness 2>&1 | tail -n 1)

echo "-- Python example: conformance"
"$skindelta" plugins check Plugins/Examples/PythonRoughness

echo "-- Python example in a batch"
"$skindelta" synth --out "$work/data" --patients 2 --sessions 3 --size 320x240 --field-width 16 --quiet
"$skindelta" batch "$work/data" --out "$work/out" --plugins Plugins/Examples --quiet \
    --analyzers org.skindelta.redness,org.example.python-roughness
python3 - "$work/out" <<'PY'
import csv, json, pathlib, sys
out = pathlib.Path(sys.argv[1])
document = json.loads((out / "results.json").read_text())
assert not document["failures"], document["failures"]
versions = {a["id"]: a["version"] for a in document["provenance"]["analyzers"]}
assert versions.get("org.example.python-roughness") == "1.0.0", versions
comparisons = [c for p in document["patients"] for v in p["views"] for c in v["comparisons"]]
for c in comparisons:
    names = {(m["analyzer"], m["metric"]) for m in c["metrics"]}
    assert ("org.example.python-roughness", "roughness") in names and ("org.skindelta.redness", "meanAStar") in names, names
    rough = next(m for m in c["metrics"] if m["metric"] == "roughness")
    assert rough["unit"] == "L*" and rough["direction"] == "lowerIsBetter" and rough["verdict"] in ("improved", "worsened", "noDetectableChange", "noMeaningfulChange"), rough
rows = [r for r in csv.DictReader((out / "results.csv").open()) if r["analyzer"] == "org.example.python-roughness"]
assert len(rows) == 2 * len(comparisons) and all(r["before"] and r["ciLow"] for r in rows), len(rows)
html = (out / "patients" / "P001" / "report.html").read_text()
assert ">Local roughness, 90th percentile</td>" in html, "the plugin's metric rows (by display name) are missing from the report"
assert 'data-claim="org.example.python-roughness/texture"' in html, "the plugin's declared claim has no summary card"
assert 'data-layer="roughness"' in html, "the plugin's heat-map overlay is missing from the report"
print(f"   {len(comparisons)} comparisons with the plugin's metrics in results.json, {len(rows)} CSV rows; HTML report with its rows and overlay")
PY

echo "-- scaffolded Python plugin"
"$skindelta" plugins new Brightness --python --output "$work" >/dev/null
(cd "$work/Brightness" && python3 -m unittest -q test_analyzer 2>&1 | tail -n 1)
"$skindelta" plugins check "$work/Brightness" | tail -n 1

echo "-- Swift example package (its own skindelta with the analyzer linked in)"
export PATH="/opt/swift/usr/bin:$PATH"
(
    cd Plugins/Examples/SwiftEvenness
    swift build --build-tests 2>&1 | grep -E 'error|warning: |Compiling ToneEvenness|Build complete' || true
    test "${PIPESTATUS[0]}" -eq 0
    swift test --skip-build 2>&1 | grep -E '✘|Test run' 
    test "${PIPESTATUS[0]}" -eq 0
    bin=$(swift build --show-bin-path)
    "$bin/evenness-skindelta" analyzers | grep -q '^org.example.tone-evenness 1.0.0'
    "$bin/evenness-skindelta" plugins check org.example.tone-evenness | tail -n 1
)
echo "-- scaffolded Swift package"
"$skindelta" plugins new Glow --swift --output "$work" --skindelta "$root" >/dev/null
(
    cd "$work/Glow"
    swift build --build-tests 2>&1 | grep -E 'error|warning: |Build complete' || true
    test "${PIPESTATUS[0]}" -eq 0
    swift test --skip-build 2>&1 | grep -E '✘|Test run'
    test "${PIPESTATUS[0]}" -eq 0
)
echo "plugin checks passed"
