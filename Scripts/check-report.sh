#!/usr/bin/env bash
# Opens a generated HTML report in a real browser (headless Chromium) and checks it:
# - the pages render at 1400 px and at 400 px wide (a phone); screenshots are kept for a person to look at;
# - the index has a cell per claim and a legend; a patient page has a summary card per claim, one
#   overlay on per viewer, a trend chart per claim whose axis does not start below zero for a
#   metric with no negative value; the page's own script ran under its Content-Security-Policy;
# - a patient report printed to PDF (A4) takes a few pages;
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

chrome() { timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=3000 "$@" >/dev/null 2>&1; }
browse() {  # page, name
    chrome --window-size=1400,2400 --screenshot="$shots/$2.png" "file://$1"
    chrome --window-size=400,2400 --screenshot="$shots/$2-400px.png" "file://$1"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=3000 --dump-dom "file://$1" 2>/dev/null >"$shots/$2.dom.html"
}
browse "$work/out/index.html" index
pages=()
for page in "$work"/out/patients/*/report.html; do
    name=$(basename "$(dirname "$page")")
    browse "$page" "report-$name"
    pages+=("$shots/report-$name.dom.html")
done

first_report=$(ls "$work"/out/patients/*/report.html | head -1)
chrome --no-pdf-header-footer --print-to-pdf="$shots/report.pdf" "file://$first_report"

python3 - "$shots/report.pdf" "$shots/index.dom.html" "${pages[@]}" <<'PY'
import re, sys
pdf, index, reports = sys.argv[1], sys.argv[2], sys.argv[3:]
failures = []
def check(ok, message):
    if not ok:
        failures.append(message)
dom = open(index).read()
check("&lt;img src=x onerror=alert(1)&gt;" in dom, "index: the hostile patient id is not shown as text")
claims = 6
cells = re.findall(r'<td class="cell (\w+)', dom)
check(len(cells) == 2 * (claims + 1), f"index: {len(cells)} claim and overall cells for 2 patients")
check(dom.count("<strong>") >= claims and "What better means" in dom, "index: the legend of the claims is missing")
pages = len(re.findall(rb"/Type\s*/Page[^s]", open(pdf, "rb").read()))
check(1 <= pages <= 8, f"the printed patient report takes {pages} A4 pages")
check(len(reports) == 2, f"expected 2 patient reports, found {len(reports)}")
hostile_seen = False
for path in reports:
    dom = open(path).read()
    body = dom.split("<body", 1)[1]
    check(re.search(r"<img\b", body) is None, f"{path}: an <img> element was created from user text")
    check("data-pwned" not in body.split(">", 1)[0], f"{path}: an event handler from user text ran")
    check('class="js"' in dom, f"{path}: the page's own script did not run (Content-Security-Policy?)")
    cards = re.findall(r'<article class="card (\w+)" data-claim', dom)
    check(len(cards) == claims, f"{path}: {len(cards)} summary cards")
    charts = re.findall(r'<figure class="chart" data-claim="[^"]+" data-axis-min="([^"]+)" data-axis-max="[^"]+" data-nonnegative="(\w+)"', dom)
    check(len(charts) == claims, f"{path}: {len(charts)} claim charts")
    check(dom.count("<polyline") >= claims, f"{path}: chart lines missing")
    for low, nonnegative in charts:
        check(nonnegative != "true" or float(low.replace("\u2212", "-")) >= 0, f"{path}: a chart of a non-negative metric starts at {low}")
    for viewer in dom.split('<div class="viewer"')[1:]:
        viewer = viewer.split("</fieldset>", 1)[0]
        check(len(re.findall(r'type="radio"[^>]*checked', viewer)) == 1, f"{path}: a viewer does not show exactly one overlay")
        shown = {m for m in re.findall(r'<g class="ov-(\w+)" data-layer', viewer)}
        check(len(shown) <= 1, f"{path}: overlays {shown} all on at once")
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
print(f"report check: {len(reports)} reports rendered in Chromium at 1400 and 400 px; cards, claim charts, one overlay per viewer; "
      f"a report prints on {pages} A4 pages; markup in ids and names inert")
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
columns = ["patient", "view", "comparison", "beforeDate", "afterDate", "afterDaysSinceProcedure", "analyzer", "metric", "metricLabel", "unit",
           "direction", "before", "after", "delta", "percentChange", "ciLow", "ciHigh", "mdc", "verdict", "reason",
           "registration", "registrationReason"]
assert list(frame.columns) == columns, list(frame.columns)
for column in ("before", "after", "delta", "ciLow", "ciHigh"):
    assert pd.api.types.is_float_dtype(frame[column]), (column, frame[column].dtype)
assert set(frame["verdict"]) <= {"improved", "worsened", "noDetectableChange", "noMeaningfulChange", "notScored", "failed"}, set(frame["verdict"])
assert frame.loc[frame["analyzer"] == "org.skindelta.pores", "metricLabel"].isin(["Pores", "Pore density", "Mean pore area", "Pore area", "Pore elongation"]).all()
assert set(frame["comparison"]) <= {"baseline", "previous", "repeat"}
assert set(frame["registration"].dropna()) <= {"registered", "unregistered"}, set(frame["registration"])
scored = frame[frame["verdict"] != "notScored"]
assert ((scored["ciLow"] <= scored["delta"]) & (scored["delta"] <= scored["ciHigh"])).all()
print(f"results.csv: {len(frame)} rows, {frame['patient'].nunique()} patients, columns as documented (pandas {pd.__version__})")
PY
echo "screenshots and DOM dumps in $shots"
