#!/usr/bin/env python3
"""Measured against inserted change, per base photo: how far `skindelta score` is from the known answer.

Reads the pairs and truth.json written by ../shared/eval/realpairs.py (real CC-0 photos with inserted
pores, dark spots, a redness patch and fine lines, the follow-up under another capture), scores each
pair with `skindelta score --json`, and prints for every treated pair and claim the measured relative
change of the claim's metrics beside the inserted one: pores (count; the fraction of inserted pits
removed), spots (mean contrast ΔE*ab; the factor on the inserted spots' density), redness (focal
redness; the factor on the patch's density) and lines (depth index; the factor on the lines' density).
The photos' own features (natural spots, pores, redness) do not change, so a measured change smaller
than the inserted one is expected where they are many; the table shows by how much.

Usage: Scripts/eval-table.py SKINDELTA PAIRS_DIR [--json]
Exit status: 0 when every pair was scored, 1 otherwise.
"""
import json
import os
import subprocess
import sys

METRICS = {"pores": ("org.skindelta.pores", "count"), "spots": ("org.skindelta.pigmentation", "spotMeanDeltaE"),
           "redness": ("org.skindelta.redness", "erythemaContrast"), "lines": ("org.skindelta.fine-lines", "depthIndex")}


def main():
    args = [a for a in sys.argv[1:] if a != "--json"]
    if len(args) != 2:
        sys.exit(__doc__.strip().splitlines()[-2])
    binary, folder = args
    with open(os.path.join(folder, "truth.json")) as f:
        truth = json.load(f)
    rows, failed = [], 0
    for name, t in sorted(truth.items()):
        if not t["kind"].startswith("treated"):
            continue
        run = subprocess.run([binary, "score", os.path.join(folder, name + "_before.png"), os.path.join(folder, name + "_after.jpg"), "--json"],
                             capture_output=True, text=True)
        try:
            metrics = {(m["analyzer"], m["metric"]): m for m in json.loads(run.stdout).get("metrics", [])}
        except ValueError:
            failed += 1
            print(f"eval-table: {name} was not scored: {(run.stdout + run.stderr).strip()[:200]}", file=sys.stderr)
            continue
        row = {"pair": name, "base": t["base"], "hairs": t["capture"]["hairs"], "claims": {}}
        for claim, key in METRICS.items():
            m = metrics.get(key, {})
            row["claims"][claim] = {"true": 100 * t["changes"][claim], "measured": m.get("percentChange"), "verdict": m.get("verdict")}
        rows.append(row)
    if "--json" in sys.argv:
        print(json.dumps(rows, indent=1))
    else:
        print(f"{'pair':30s} " + " ".join(f"{c + ' (' + METRICS[c][1] + ')':>34s}" for c in METRICS))
        for row in rows:
            cells = []
            for claim in METRICS:
                c = row["claims"][claim]
                measured = "–" if c["measured"] is None else f"{c['measured']:+.0f} %"
                cells.append(f"{measured:>7s} vs {c['true']:+.0f} % {str(c['verdict'])[:12]:>12s}")
            print(f"{row['pair']:30s} " + " ".join(f"{cell:>34s}" for cell in cells))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
