#!/usr/bin/env python3
"""Noise-only pairs from real photos: how often `skindelta score` calls a change that is not there.

Each pair is one real photo (the CC-0 and public-domain photos in ../shared/realdata, read in place)
seen twice with nothing about the skin changed: the second capture is turned (up to ±3°, or
--max-turn), shifted (up to 3 %), scaled (by up to ±--max-scale %, 0 by default), relit (gain
within ±10 % or --max-gain, colour cast within ±3 % on red and on blue or --max-cast, a gradient of
up to ±8 % across the frame or --max-gradient), with fresh sensor noise (σ 1–2.5 of 255) and JPEG (quality 80–95); the first is the
photo with its own noise, as PNG. For every metric the script prints how many pairs called it
changed (improved or worsened), and the 95th percentile of |Δ| relative to the before value (and,
with --json, in the metric's unit, for metrics whose value can be near zero): the
raw material of a smallest meaningful change.

Usage: Scripts/noise-study.py SKINDELTA OUT_DIR [--pairs-per-photo N] [--seed S] [--max-turn DEG] [--max-scale PCT]
                              [--max-gain PCT] [--max-cast PCT] [--max-gradient PCT] [--json] [--score-arg ARG ...]
The handheld sessions' range: --max-turn 10 --max-scale 8 --max-gain 12 --max-cast 8 --max-gradient 12.
(each --score-arg is passed on to `skindelta score`, e.g. --score-arg=--skin-rule --score-arg=whole-frame)
Needs numpy and opencv-python-headless (Scripts/bench-venv.sh makes a venv with both).
"""
import argparse, json, math, os, subprocess, sys
import numpy as np
import cv2

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "..", "..", "shared", "realdata")
PHOTOS = ["ISIC_0000000.jpg", "ISIC_0000010.jpg", "ISIC_0000020.jpg", "astronaut.png"]


def to_linear(x):
    return np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4)


def to_srgb(x):
    x = np.clip(x, 0, 1)
    return np.where(x <= 0.0031308, x * 12.92, 1.055 * x ** (1 / 2.4) - 0.055)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("skindelta"); ap.add_argument("out")
    ap.add_argument("--pairs-per-photo", type=int, default=10); ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--max-turn", type=float, default=3.0, help="largest turn of the second capture, degrees")
    ap.add_argument("--max-scale", type=float, default=0.0, help="largest change of scale of the second capture, percent")
    ap.add_argument("--max-gain", type=float, default=10.0, help="largest change of exposure of the second capture, percent")
    ap.add_argument("--max-cast", type=float, default=3.0, help="largest colour cast on red and on blue, percent")
    ap.add_argument("--max-gradient", type=float, default=8.0, help="largest light gradient across the frame, percent")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--score-arg", action="append", default=[])
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(a.seed)
    calls, relative, absolute, pairs = {}, {}, {}, 0
    for photo in PHOTOS:
        src = cv2.imread(os.path.join(REAL, photo), cv2.IMREAD_COLOR)
        if src is None:
            sys.exit(f"cannot read {photo} in {REAL}")
        if max(src.shape[:2]) > 1100:
            src = cv2.resize(src, None, fx=0.68, fy=0.68, interpolation=cv2.INTER_AREA)
        h, w = src.shape[:2]
        base = to_linear(src[..., ::-1].astype(np.float32) / 255)
        for k in range(a.pairs_per_photo):
            rot = rng.uniform(-a.max_turn, a.max_turn); dx, dy = rng.uniform(-0.03, 0.03, 2) * [w, h]
            scale = 1 + rng.uniform(-a.max_scale, a.max_scale) / 100 if a.max_scale > 0 else 1.0
            m = cv2.getRotationMatrix2D((w / 2 - 0.5, h / 2 - 0.5), rot, scale); m[:, 2] += [dx, dy]
            after = cv2.warpAffine(base, m, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REFLECT)
            c, g, r = a.max_cast / 100, a.max_gradient / 100, a.max_gain / 100
            cast = np.array([rng.uniform(1 - c, 1 + c), 1, rng.uniform(1 - c, 1 + c)], np.float32)
            ramp = np.linspace(-1, 1, h, dtype=np.float32)[:, None, None] * rng.uniform(-g, g)
            after = after * rng.uniform(1 - r, 1 + r) * cast * (1 + ramp)
            def encode(lin, sigma):
                return np.clip(to_srgb(lin) * 255 + rng.normal(0, sigma, lin.shape), 0, 255).astype(np.uint8)[..., ::-1]
            name = f"{os.path.splitext(photo)[0].lower()}_{k}"
            before_path, after_path = os.path.join(a.out, name + "_before.png"), os.path.join(a.out, name + "_after.jpg")
            cv2.imwrite(before_path, encode(base, rng.uniform(1, 2.5)))
            cv2.imwrite(after_path, encode(after, rng.uniform(1, 2.5)), [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(80, 96))])
            run = subprocess.run([a.skindelta, "score", before_path, after_path, "--json"] + a.score_arg, capture_output=True, text=True)
            try:
                result = json.loads(run.stdout)
            except ValueError:
                continue
            if not result.get("metrics"):
                continue
            pairs += 1
            for metric in result["metrics"]:
                key = metric["analyzer"].replace("org.skindelta.", "") + "/" + metric["metric"]
                calls.setdefault(key, 0)
                relative.setdefault(key, [])
                absolute.setdefault(key, []).append(abs(metric["after"] - metric["before"]))
                if metric["verdict"] in ("improved", "worsened"):
                    calls[key] += 1
                if metric["before"]:
                    relative[key].append(abs(metric["after"] - metric["before"]) / abs(metric["before"]) * 100)
    table = {key: {"calledChanged": calls[key], "pairs": pairs,
                   "p95RelativeChangePercent": float(np.percentile(relative[key], 95)) if relative[key] else None,
                   "p95AbsoluteChange": float(np.percentile(absolute[key], 95)) if absolute[key] else None}
             for key in sorted(calls)}
    if a.json:
        print(json.dumps({"pairs": pairs, "metrics": table}, indent=1))
        return
    print(f"{'metric':34s} {'called changed':>16s} {'95th pct |Δ| %':>15s}")
    for key, row in table.items():
        p95 = "–" if row["p95RelativeChangePercent"] is None else f"{row['p95RelativeChangePercent']:.1f}"
        print(f"{key:34s} {row['calledChanged']:>7d} of {pairs:<6d} {p95:>15s}")
    worst = max(table.values(), key=lambda r: r["calledChanged"]) if table else None
    print(f"{pairs} noise-only pairs; the most often called metric was called in {worst['calledChanged'] if worst else 0} of them")


if __name__ == "__main__":
    main()
