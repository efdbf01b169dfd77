"""OpenCV findTransformECC on the pairs written by `skindelta bench align --export DIR`.

For each pair: grey load (not timed), INTER_AREA downscale to 1000 px on the long side, ECC
MOTION_AFFINE from the identity (100 iterations, eps 1e-6, gaussFiltSize 5) on one thread, timed
together with the downscales. The matrix (before -> after at 1000 px) is rescaled to full
resolution with pixel centres mapped exactly, inverted to after -> before, and scored like ours:
RMS distance of the after photo's four corners mapped by the found and the true transform.
Prints a JSON list, one object per pair.
Usage: python opencv_align.py DIR
"""
import json, sys, time
import cv2
import numpy as np

cv2.setNumThreads(1)
folder = sys.argv[1]
rows = json.load(open(f"{folder}/pairs.json"))
out = []
for row in rows:
    before = cv2.imread(f"{folder}/{row['name']}_before.jpg", cv2.IMREAD_GRAYSCALE)
    after = cv2.imread(f"{folder}/{row['name']}_after.jpg", cv2.IMREAD_GRAYSCALE)
    h, w = before.shape
    f = max(w, h) / 1000.0
    small = (round(w / f), round(h / f))
    start = time.perf_counter()
    b = cv2.resize(before, small, interpolation=cv2.INTER_AREA).astype(np.float32)
    a = cv2.resize(after, small, interpolation=cv2.INTER_AREA).astype(np.float32)
    warp = np.eye(2, 3, dtype=np.float32)
    converged = True
    try:
        cc, warp = cv2.findTransformECC(b, a, warp, cv2.MOTION_AFFINE,
                                        (cv2.TERM_CRITERIA_COUNT | cv2.TERM_CRITERIA_EPS, 100, 1e-6), None, 5)
    except cv2.error:
        converged, cc = False, float("nan")
    ms = (time.perf_counter() - start) * 1000
    # Full-resolution pixel x maps to small (x + 0.5) / f - 0.5.
    sx, sy = w / small[0], h / small[1]
    S = np.array([[1 / sx, 0, 0.5 / sx - 0.5], [0, 1 / sy, 0.5 / sy - 0.5], [0, 0, 1]])
    W = np.vstack([warp.astype(np.float64), [0, 0, 1]])
    before_to_after = np.linalg.inv(S) @ W @ S
    found = np.linalg.inv(before_to_after)
    truth = np.array(row["truth"]).reshape(3, 3)
    errors = []
    for x, y in [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)]:
        p, q = found @ [x, y, 1], truth @ [x, y, 1]
        errors.append(np.hypot(*(p[:2] / p[2] - q[:2] / q[2])))
    error = float(np.sqrt(np.mean(np.square(errors))))
    out.append({"name": row["name"], "converged": converged, "correlation": float(cc),
                "cornerErrorPixels": error, "milliseconds": ms})
print(json.dumps(out, indent=1))
