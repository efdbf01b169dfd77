#!/usr/bin/env python3
"""Compares SkinDelta's texture and blob measurements with scikit-image on the same inputs.

Usage: Scripts/crosscheck-texture.py [--skip-build] [--patient N]. Uses Scripts/.venv-crosscheck
(created once: numpy, scipy, scikit-image, opencv-python-headless), runs
`skindelta bench texture-export` on a synthetic 640×480 photo and compares:
  * GLCM contrast, homogeneity, ASM and entropy (symmetric, normed, 32 levels, the same quantised
    array; per distance, averaged over 0°, 45°, 90°, 135°) with skimage graycomatrix/graycoprops;
  * the uniform LBP(8, 1) histogram of L* (interior pixels) with skimage local_binary_pattern;
  * pore blobs with skimage blob_log on the same optical-density plane and the same sigmas, at
    the blob_log threshold that gives the same number of blobs: matched fraction and radius ratio.
Exit status 1 if GLCM or LBP differ beyond their bounds.
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "Scripts", ".venv-crosscheck")
PY = os.path.join(VENV, "bin", "python")

if sys.prefix != VENV:
    if not os.path.exists(PY) or subprocess.call([PY, "-c", "import cv2, skimage, scipy"], stderr=subprocess.DEVNULL):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([PY, "-m", "pip", "install", "-q", "numpy", "scipy", "scikit-image", "opencv-python-headless"])
    os.execv(PY, [PY] + sys.argv)

import numpy as np  # noqa: E402
from skimage import feature  # noqa: E402

if "--skip-build" not in sys.argv:
    subprocess.check_call(["swift", "build", "-c", "release", "--product", "skindelta"], cwd=ROOT)
patient = sys.argv[sys.argv.index("--patient") + 1] if "--patient" in sys.argv else "0"
binary = os.path.join(ROOT, ".build", "release", "skindelta")
failed = False

with tempfile.TemporaryDirectory() as folder:
    subprocess.check_call([binary, "bench", "texture-export", "--output", folder, "--patient", patient],
                          stdout=subprocess.DEVNULL)
    ours = json.load(open(os.path.join(folder, "ours.json")))
    h, w = ours["height"], ours["width"]
    lstar = np.fromfile(os.path.join(folder, "lstar.f32"), dtype="<f4").reshape(h, w).astype(np.float64)
    density = np.fromfile(os.path.join(folder, "density.f32"), dtype="<f4").reshape(h, w).astype(np.float64)
    levels = np.fromfile(os.path.join(folder, "levels.u8"), dtype=np.uint8).reshape(h, w)

    # GLCM.
    distances = sorted({e["distance"] for e in ours["glcm"]})
    angles = [0, np.pi / 4, np.pi / 2, 3 * np.pi / 4]
    P = feature.graycomatrix(levels, distances=distances, angles=angles, levels=ours["levels"], symmetric=True, normed=True)
    print("GLCM (32 levels, symmetric, normed; mean over four angles)")
    print(f"{'distance':>8} {'property':>12} {'ours':>12} {'skimage':>12} {'|Δ|':>10}")
    worst = 0.0
    for k, d in enumerate(distances):
        mine = [e for e in ours["glcm"] if e["distance"] == d]
        ref = {
            "contrast": feature.graycoprops(P, "contrast")[k].mean(),
            "homogeneity": feature.graycoprops(P, "homogeneity")[k].mean(),
            "asm": feature.graycoprops(P, "ASM")[k].mean(),
            "entropy": np.mean([-(p[p > 0] * np.log2(p[p > 0])).sum() for p in [P[:, :, k, a] for a in range(4)]]),
        }
        for name in ["contrast", "homogeneity", "asm", "entropy"]:
            value = np.mean([e[name] for e in mine])
            diff = abs(value - ref[name])
            worst = max(worst, diff / max(abs(ref[name]), 1e-12))
            print(f"{d:>8} {name:>12} {value:>12.6f} {ref[name]:>12.6f} {diff:>10.2e}")
    print(f"largest relative GLCM difference: {worst:.2e} (bound 1e-9)")
    failed |= worst > 1e-9

    # LBP.
    codes = feature.local_binary_pattern(lstar, 8, 1, method="uniform")[1:-1, 1:-1].astype(int)
    ref_hist = np.bincount(codes.ravel(), minlength=10)
    our_hist = np.array(ours["lbpHistogram"])
    mismatch = np.abs(ref_hist - our_hist).sum() / 2
    print("\nLBP(8,1) uniform histogram, interior pixels")
    print("  ours:   ", our_hist.tolist())
    print("  skimage:", ref_hist.tolist())
    print(f"  pixels coded differently (at least): {int(mismatch)} of {codes.size} ({100 * mismatch / codes.size:.4f} %; bound 0.01 %)")
    failed |= mismatch / codes.size > 1e-4

    # Blobs.
    radii = np.array(ours["blobRadiiPixels"])
    sigmas = radii / np.sqrt(2)
    mine = np.array(ours["blobs"]) if ours["blobs"] else np.zeros((0, 3))
    target = len(mine)
    lo, hi = 1e-4, 1.0
    for _ in range(40):
        mid = (lo * hi) ** 0.5
        n = len(feature.blob_log(density, min_sigma=sigmas[0], max_sigma=sigmas[-1], num_sigma=len(sigmas), threshold=mid,
                                 overlap=0.5, log_scale=True, exclude_border=1))
        if n > target:
            lo = mid
        else:
            hi = mid
    ref = feature.blob_log(density, min_sigma=sigmas[0], max_sigma=sigmas[-1], num_sigma=len(sigmas), threshold=hi,
                           overlap=0.5, log_scale=True, exclude_border=1)
    matched, ratios = 0, []
    for y, x, r in mine:
        if len(ref) == 0:
            break
        d = np.hypot(ref[:, 0] - y, ref[:, 1] - x)
        k = int(np.argmin(d))
        if d[k] <= max(2.0, r):
            matched += 1
            ratios.append(r / (ref[k, 2] * np.sqrt(2)))
    print("\nPore blobs versus skimage blob_log (same plane, same sigmas, threshold giving the same count)")
    print(f"  ours {target}, blob_log {len(ref)} (threshold {hi:.4g}); ours matched by a blob_log blob: "
          f"{matched} ({100 * matched / max(target, 1):.1f} %); radius ratio median {np.median(ratios) if ratios else float('nan'):.3f}")

sys.exit(1 if failed else 0)
