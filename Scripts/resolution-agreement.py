#!/usr/bin/env python3
"""The same scene at two resolutions: does `skindelta score` say the same thing?

Takes one before/after pair with its scale, makes a copy of both photos at half the width and height
(area averaging: the same scene, a quarter of the pixels, half the pixels per millimetre), scores
the pair at both resolutions with the matching --pixels-per-mm and prints, for every metric, the
relative change at each resolution, the difference in percentage points and both verdicts.
Headline metrics (one per claim) are marked with *.

Usage: Scripts/resolution-agreement.py SKINDELTA BEFORE AFTER PIXELS_PER_MM [--work DIR] [--json]
for example, on a 12 MP synthetic pair written by `skindelta synth --size 4000x3000 --field-width 200`
(20 px/mm). Needs numpy and opencv-python-headless (Scripts/bench-venv.sh makes a venv with both).
Exit status: 0 when both resolutions were scored, 1 otherwise; the comparison itself is reported, not judged.
"""
import argparse, json, os, subprocess, sys, tempfile

import cv2

HEADLINES = {"lStarSD", "spotAreaPercent", "density", "roughness", "meanAStar", "depthIndex"}


def score(binary, before, after, ppm):
    run = subprocess.run([binary, "score", before, after, "--json", "--pixels-per-mm", f"{ppm:g}"], capture_output=True, text=True)
    try:
        return json.loads(run.stdout)
    except ValueError:
        sys.exit(f"resolution-agreement: scoring {before} and {after} failed: {(run.stdout + run.stderr).strip()[:300]}")


def half(path, out):
    image = cv2.imread(path, cv2.IMREAD_COLOR)
    if image is None:
        sys.exit(f"resolution-agreement: cannot read {path}")
    small = cv2.resize(image, (image.shape[1] // 2, image.shape[0] // 2), interpolation=cv2.INTER_AREA)
    cv2.imwrite(out, small, [cv2.IMWRITE_JPEG_QUALITY, 95] if out.endswith(".jpg") else [])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("skindelta"); ap.add_argument("before"); ap.add_argument("after"); ap.add_argument("ppm", type=float)
    ap.add_argument("--work"); ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="skindelta-resolution-")
    os.makedirs(work, exist_ok=True)
    small_before = half(a.before, os.path.join(work, "half_before.png"))
    small_after = half(a.after, os.path.join(work, "half_after.png"))
    full = score(a.skindelta, a.before, a.after, a.ppm)
    reduced = score(a.skindelta, small_before, small_after, a.ppm / 2)
    by_key = {(m["analyzer"], m["metric"]): m for m in reduced.get("metrics", [])}
    rows = []
    for m in full.get("metrics", []):
        r = by_key.get((m["analyzer"], m["metric"]))
        if r is None:
            continue
        pf, pr = m.get("percentChange"), r.get("percentChange")
        rows.append({"analyzer": m["analyzer"].replace("org.skindelta.", ""), "metric": m["metric"], "headline": m["metric"] in HEADLINES,
                     "fullBefore": m["before"], "halfBefore": r["before"], "fullPercentChange": pf, "halfPercentChange": pr,
                     "differencePoints": None if pf is None or pr is None else pr - pf,
                     "fullVerdict": m["verdict"], "halfVerdict": r["verdict"]})
    if a.json:
        print(json.dumps({"pixelsPerMillimetre": a.ppm, "rows": rows,
                          "alignment": {"full": full.get("alignment", {}).get("verdict"), "half": reduced.get("alignment", {}).get("verdict")}},
                         indent=1))
        return
    print(f"{'metric':36s} {'full value':>11s} {'half value':>11s} {'full Δ%':>9s} {'half Δ%':>9s} {'diff pts':>9s}  verdicts (full / half)")
    for row in rows:
        def f(v, fmt):
            return "–" if v is None else format(v, fmt)
        name = ("* " if row["headline"] else "  ") + row["analyzer"] + "/" + row["metric"]
        print(f"{name:36s} {f(row['fullBefore'], '11.4g')} {f(row['halfBefore'], '11.4g')} {f(row['fullPercentChange'], '9.1f')} "
              f"{f(row['halfPercentChange'], '9.1f')} {f(row['differencePoints'], '9.1f')}  {row['fullVerdict']} / {row['halfVerdict']}")


if __name__ == "__main__":
    main()
