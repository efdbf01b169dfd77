"""The pair scoring a researcher would write with OpenCV and scikit-image, for speed comparisons.

    peer_pipeline.py BEFORE AFTER [--pixels-per-mm S]    prints the metrics of both photos as JSON

On one thread (the caller sets OMP_NUM_THREADS and the like; OpenCV is told here). The stages are
those `skindelta score` runs: decode (cv2), registration on grey at 1000 px long side (ORB
features with RANSAC, refined by ECC, affine),
the after photo warped onto the baseline at full resolution (bicubic), CIELAB, pores as
difference-of-Gaussian blobs on L* at full resolution, GLCM contrast, homogeneity and entropy and a
uniform-LBP histogram at 1000 px, fine lines by the Frangi filter at 1000 px, redness (mean a*,
erythema index, red area) and dark spots (L* below the local mean by 8, as connected components) at
¼ resolution. It measures what the analyzers measure only roughly: it is a peer for time, not an
accuracy reference.
"""

import json
import sys

import cv2
import numpy as np
from skimage.feature import blob_dog, graycomatrix, graycoprops, local_binary_pattern
from skimage.filters import frangi

cv2.setNumThreads(1)


def grey_small(image, long_side):
    scale = long_side / max(image.shape[:2])
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return cv2.cvtColor(small, cv2.COLOR_BGR2GRAY).astype(np.float32) / 255, scale


def register(before, after):
    """The 2×3 affine mapping baseline pixels to after pixels, full resolution: ORB features
    matched with RANSAC at 1000 px long side, refined by ECC (affine) at the same size."""
    b, scale = grey_small(before, 1000)
    a, _ = grey_small(after, 1000)
    orb = cv2.ORB_create(3000)
    kb, db = orb.detectAndCompute((b * 255).astype(np.uint8), None)
    ka, da = orb.detectAndCompute((a * 255).astype(np.uint8), None)
    if db is None or da is None:
        sys.exit("peer_pipeline.py: no features to register")
    matches = cv2.BFMatcher(cv2.NORM_HAMMING, crossCheck=True).match(db, da)
    source = np.float32([kb[m.queryIdx].pt for m in matches])
    target = np.float32([ka[m.trainIdx].pt for m in matches])
    warp, _ = cv2.estimateAffine2D(source, target, method=cv2.RANSAC, ransacReprojThreshold=3)
    if warp is None:
        sys.exit("peer_pipeline.py: no consistent feature matches")
    warp = warp.astype(np.float32)
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 50, 1e-6)
    try:
        _, warp = cv2.findTransformECC(b, a, warp, cv2.MOTION_AFFINE, criteria, None, 5)
    except cv2.error:
        pass  # the feature estimate stands
    warp[:, 2] /= scale
    return warp


def measure(bgr, valid):
    lab = cv2.cvtColor(bgr.astype(np.float32) / 255, cv2.COLOR_BGR2LAB)
    lightness, a_star = lab[..., 0], lab[..., 1]
    out = {}
    # Pores: DoG blobs on L* (full resolution), dark blobs as bright ones of the inverted plane.
    blobs = blob_dog((100 - lightness) / 100, min_sigma=1.5, max_sigma=6, threshold=0.02)
    out["poreCount"] = int(len(blobs))
    # Texture at 1000 px: GLCM on 32 grey levels, uniform LBP (8 neighbours, radius 1).
    scale = 1000 / max(bgr.shape[:2])
    small = cv2.resize(lightness, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    levels = np.clip(small / 100 * 31, 0, 31).astype(np.uint8)
    glcm = graycomatrix(levels, [1], [0, np.pi / 2], levels=32, symmetric=True, normed=True)
    out["glcmContrast"] = float(graycoprops(glcm, "contrast").mean())
    out["glcmHomogeneity"] = float(graycoprops(glcm, "homogeneity").mean())
    p = glcm[glcm > 0]
    out["glcmEntropy"] = float(-(p * np.log2(p)).sum() / glcm.shape[2] / glcm.shape[3])
    lbp = local_binary_pattern(levels, 8, 1, "uniform")
    out["lbpUniformity"] = float(np.histogram(lbp, bins=10, range=(0, 10), density=True)[0].max())
    # Fine lines at 1000 px: Frangi vesselness of dark ridges.
    ridges = frangi(small / 100, sigmas=(1, 2, 3), black_ridges=True)
    out["lineArea"] = float((ridges > 0.05).mean() * 100)
    # Redness and spots at a quarter of the resolution.
    quarter = cv2.resize(lab, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    mask = cv2.resize(valid, (quarter.shape[1], quarter.shape[0]), interpolation=cv2.INTER_NEAREST) > 0
    a_q, l_q = quarter[..., 1][mask], quarter[..., 0]
    out["meanAStar"] = float(a_q.mean())
    rgb_q = cv2.resize(bgr, (quarter.shape[1], quarter.shape[0]), interpolation=cv2.INTER_AREA).astype(np.float32)
    erythema = 100 * (np.log10(rgb_q[..., 2] + 1) - np.log10(rgb_q[..., 1] + 1))
    out["erythemaIndex"] = float(erythema[mask].mean())
    out["redArea"] = float((a_q > a_q.mean() + 2 * a_q.std()).mean() * 100)
    local = cv2.GaussianBlur(l_q, (0, 0), 8)
    dark = ((l_q < local - 8) & mask).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    out["spotCount"] = int((stats[1:, cv2.CC_STAT_AREA] >= 4).sum())
    out["lStarSD"] = float(l_q[mask].std())
    return out


def main():
    before_path, after_path = sys.argv[1], sys.argv[2]
    before = cv2.imread(before_path, cv2.IMREAD_COLOR)
    after = cv2.imread(after_path, cv2.IMREAD_COLOR)
    if before is None or after is None:
        sys.exit(f"peer_pipeline.py: {before_path if before is None else after_path} cannot be decoded")
    warp = register(before, after)
    height, width = before.shape[:2]
    flags = cv2.INTER_CUBIC | cv2.WARP_INVERSE_MAP
    aligned = cv2.warpAffine(after, warp, (width, height), flags=flags, borderMode=cv2.BORDER_CONSTANT)
    valid = cv2.warpAffine(np.full(after.shape[:2], 255, np.uint8), warp, (width, height), flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP)
    metrics_before = measure(before, valid)
    metrics_after = measure(aligned, valid)
    json.dump({"transform": warp.tolist(), "before": metrics_before, "after": metrics_after}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
