#!/usr/bin/env bash
# Opens a generated HTML report in a real browser (headless Chromium) and checks it:
# - the pages render (screenshots are kept for a person to look at);
# - the charts and the overlays are in the rendered DOM, and the page's own script ran under its
#   Content-Security-Policy;
# - a patient id and a file name made of markup (<img src=x onerror=...>) show as text and run nothing;
# - results.csv loads in pandas with the documented columns and types; results.json matches its JSON Schema.
# Usage: Scripts/check-report.sh [path/to/skindelta] [screenshot folder (default: a new folder in $TMPDIR, kept)]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/debug/skindelta}")
shots=$(realpath -m "${2:-$(mktemp -d "${TMPDIR:-/tmp}/skindelta-report-check.XXXXXX")}")
command -v chromium >/dev/null || Scripts/bootstrap.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$shots"

"$bin" synth --out "$work/data" --patients 2 --sessions 3 --size 320x240 --field-width 16 --quiet
hostile_id='<img src=x onerror=alert(1)>'
hostile_file="<img src=x onerror=document.body.setAttribute('data-pwned','1')>.jpg"
python3 - "$work/data" "$hostile_id" "$hostile_file" <<'PY'
import csv, os, sys
root, hostile_id, hostile_file = sys.argv[1:]
rows = list(csv.reader(open(os.path.join(root, "manifest.csv"))))
for row in rows[1:]:
    if row[0] == "P002":
        row[0] = hostile_id
        if "_s02_" in row[2]:
            folder = os.path.dirname(row[2])
            os.rename(os.path.join(root, row[2]), os.path.join(root, folder, hostile_file))
            row[2] = os.path.join(folder, hostile_file)
csv.writer(open(os.path.join(root, "manifest.csv"), "w", newline="")).writerows(rows)
PY
"$bin" batch "$work/data" --out "$work/out" --jobs 2 --quiet

browse() {  # page, name
    timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --allow-file-access-from-files \
        --virtual-time-budget=3000 --window-size=1100,2400 --screenshot="$shots/$2.png" "file://$1" >/dev/null 2>&1
    timeout 120 chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=3000 --dump-dom "file://$1" 2>/dev/null >"$shots/$2.dom.html"
}
browse "$work/out/index.html" index
pages=()
for page in "$work"/out/patients/*/report.html; do
    name=$(basename "$(dirname "$page")")
    browse "$page" "report-$name"
    pages+=("$shots/report-$name.dom.html")
done

python3 - "$shots/index.dom.html" "${pages[@]}" <<'PY'
import re, sys
index, reports = sys.argv[1], sys.argv[2:]
failures = []
def check(ok, message):
    if not ok:
        failures.append(message)
dom = open(index).read()
check("&lt;img src=x onerror=alert(1)&gt;" in dom, "index: the hostile patient id is not shown as text")
check(len(reports) == 2, f"expected 2 patient reports, found {len(reports)}")
hostile_seen = False
for path in reports:
    dom = open(path).read()
    body = dom.split("<body", 1)[1]
    check(re.search(r"<img\b", body) is None, f"{path}: an <img> element was created from user text")
    check("data-pwned" not in body.split(">", 1)[0], f"{path}: an event handler from user text ran")
    check('class="js"' in dom, f"{path}: the page's own script did not run (Content-Security-Policy?)")
    charts = dom.count('class="chart"')
    check(charts >= 10, f"{path}: {charts} charts")
    check(dom.count("<polyline") >= 10, f"{path}: chart lines missing")
    for layer in ("ov-pores", "ov-spots", "ov-lines", "ov-redness"):
        check(f'class="{layer}' in dom, f"{path}: overlay {layer} missing")
    check(dom.count('class="viewer"') >= 3, f"{path}: before/after viewers missing")
    check(dom.count("data:image/jpeg;base64,") >= 6, f"{path}: embedded photos missing")
    check("Post-procedure" in dom, f"{path}: no post-procedure note on the 2-day session")
    check(re.search(r"<(script|link|img|iframe)[^>]+(src|href)=\"https?:", dom) is None, f"{path}: refers to the network")
    if "&lt;img src=x onerror=document.body.setAttribute" in dom:
        hostile_seen = True
check(hostile_seen, "the hostile file name is not shown as text in any report")
if failures:
    print("report check failed:\n  " + "\n  ".join(failures))
    sys.exit(1)
print(f"report check: {len(reports)} reports rendered in Chromium; charts, overlays and viewers present; markup in ids and names inert")
PY

venv=Scripts/.venv-report
[[ -x $venv/bin/python ]] && "$venv/bin/python" -c "import pandas, jsonschema" 2>/dev/null \
    || { python3 -m venv "$venv" && "$venv/bin/pip" install -q pandas jsonschema; }
"$venv/bin/python" - "$work/out/results.json" Sources/Reports/results.schema.json <<'PY'
import json, sys
import jsonschema
document, schema = (json.load(open(path)) for path in sys.argv[1:])
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
print(f"results.json: valid against schema version {document['schemaVersion']}")
PY
"$venv/bin/python" - "$work/out/results.csv" <<'PY'
import sys
import pandas as pd
frame = pd.read_csv(sys.argv[1])
columns = ["patient", "view", "comparison", "beforeDate", "afterDate", "afterDaysSinceProcedure", "analyzer", "metric", "unit",
           "direction", "before", "after", "delta", "percentChange", "ciLow", "ciHigh", "mdc", "verdict", "reason"]
assert list(frame.columns) == columns, list(frame.columns)
for column in ("before", "after", "delta", "ciLow", "ciHigh"):
    assert pd.api.types.is_float_dtype(frame[column]), (column, frame[column].dtype)
assert set(frame["verdict"]) <= {"improved", "worsened", "noDetectableChange", "notScored"}, set(frame["verdict"])
assert set(frame["comparison"]) <= {"baseline", "previous", "repeat"}
scored = frame[frame["verdict"] != "notScored"]
assert ((scored["ciLow"] <= scored["delta"]) & (scored["delta"] <= scored["ciHigh"])).all()
print(f"results.csv: {len(frame)} rows, {frame['patient'].nunique()} patients, columns as documented (pandas {pd.__version__})")
PY
echo "screenshots and DOM dumps in $shots"
