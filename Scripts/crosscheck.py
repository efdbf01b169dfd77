#!/usr/bin/env python3
"""Checks SkinDelta's image kernels against independent implementations (scikit-image, OpenCV,
SciPy, NumPy) on a synthetic skin picture and prints the largest differences.

Usage: Scripts/crosscheck.py [--skip-build]. Creates Scripts/.venv-crosscheck once (numpy,
scipy, scikit-image, opencv-python-headless), runs `skindelta bench export` into a temporary
folder and compares. Exit status 1 if any comparison exceeds its stated bound.
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

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from scipy import ndimage  # noqa: E402
from skimage import color, feature, measure, transform  # noqa: E402

if "--skip-build" not in sys.argv:
    subprocess.check_call(["swift", "build", "--product", "skindelta"], cwd=ROOT, stdout=subprocess.DEVNULL)
binary = subprocess.check_output(["swift", "build", "--show-bin-path"], cwd=ROOT, text=True).strip() + "/skindelta"
work = tempfile.mkdtemp(prefix="skindelta-crosscheck-")
subprocess.check_call([binary, "bench", "export", "--out", work], stdout=subprocess.DEVNULL)
index = json.load(open(os.path.join(work, "index.json")))
results = json.load(open(os.path.join(work, "results.json")))
DTYPES = {".u8": np.uint8, ".f32": np.float32, ".i32": np.int32}


def load(name):
    entry = index[name]
    dtype = DTYPES[os.path.splitext(entry["file"])[1]]
    return np.fromfile(os.path.join(work, entry["file"]), dtype=dtype).reshape(entry["shape"]).astype(np.float64 if dtype == np.float32 else dtype)


rows = []
failed = False


def report(what, against, error, bound, unit=""):
    global failed
    ok = error <= bound
    failed |= not ok
    rows.append((what, against, error, bound, unit, ok))


rgb = load("rgb")
plane = load("lab_l")
H, W = plane.shape
inner = (slice(8, -8), slice(8, -8))

# Colour: CIELAB D65 from 8-bit sRGB.
reference = color.rgb2lab(rgb.astype(np.float64) / 255, illuminant="D65", observer="2")
for i, channel in enumerate("lab"):
    report(f"RGB8 -> Lab ({channel}*)", "skimage.color.rgb2lab", np.abs(load(f"lab_{channel}") - reference[..., i]).max(), 0.01)
cv_lab = cv2.cvtColor(rgb.astype(np.float32) / 255, cv2.COLOR_RGB2Lab)
# OpenCV's float conversion interpolates tables of its own, so it is only a coarse check.
report("RGB8 -> Lab (L*, a*, b*)", "cv2.cvtColor float (table-based)", max(np.abs(load(f"lab_{c}") - cv_lab[..., i]).max() for i, c in enumerate("lab")), 0.25)

# Gaussian: same kernel as OpenCV (ksize 2 ceil(3 sigma)+1, replicate) and SciPy (truncate 3, nearest).
p32 = plane.astype(np.float32)
for sigma in (2, 8):
    ours = load(f"gaussian_{sigma}")
    k = 2 * int(np.ceil(3 * sigma)) + 1
    report(f"Gaussian sigma {sigma}", "cv2.GaussianBlur", np.abs(ours - cv2.GaussianBlur(p32, (k, k), sigma, borderType=cv2.BORDER_REPLICATE)).max(), 1e-3, "L*")
    report(f"Gaussian sigma {sigma}", "scipy gaussian_filter", np.abs(ours - ndimage.gaussian_filter(plane, sigma, mode="nearest", truncate=3.0)).max(), 1e-3, "L*")
exact16 = ndimage.gaussian_filter(plane, 16, mode="nearest", truncate=4.0)
rng = np.ptp(plane)
report("recursive Gaussian sigma 16", "scipy gaussian_filter (rel. to range)", np.abs(load("recursive_16") - exact16).max() / rng, 0.01)

# Hessian at sigma 2 against scikit-image and SciPy (Gaussian derivatives, truncated at 4 sigma like
# ours; rows = y, columns = x). Their truncated second-derivative kernels do not sum to exactly zero,
# so the image mean is removed first to keep the constant part from leaking into the comparison.
centred = plane - plane.mean()
hrr, hrc, hcc = feature.hessian_matrix(centred, sigma=2, order="rc", mode="nearest", use_gaussian_derivatives=True)
scale = max(np.abs(hrr).max(), np.abs(hcc).max())
for name, theirs in (("yy", hrr), ("xy", hrc), ("xx", hcc)):
    report(f"Hessian L{name} sigma 2", "skimage hessian_matrix (rel. to max)", np.abs(load(f"hessian_{name}") - theirs)[inner].max() / scale, 0.02)
for name, order in (("yy", (2, 0)), ("xy", (1, 1)), ("xx", (0, 2))):
    theirs = ndimage.gaussian_filter(centred, 2, order=order, mode="nearest", truncate=4.0)
    report(f"Hessian L{name} sigma 2", "scipy gaussian_filter order (rel.)", np.abs(load(f"hessian_{name}") - theirs)[inner].max() / scale, 0.02)

# Pyramid (OpenCV mirrors borders, we replicate: compare away from the edge).
report("pyramid down", "cv2.pyrDown (interior)", np.abs(load("pyramid") - cv2.pyrDown(p32))[4:-4, 4:-4].max(), 1e-3, "L*")

# Local statistics (our windows shrink at the edge: compare the interior).
m = cv2.boxFilter(plane, -1, (15, 15), borderType=cv2.BORDER_REPLICATE)
v = cv2.boxFilter(plane * plane, -1, (15, 15), borderType=cv2.BORDER_REPLICATE) - m * m
report("local mean r 7", "cv2.boxFilter (interior)", np.abs(load("local_mean_7") - m)[inner].max(), 1e-4, "L*")
report("local variance r 7", "cv2.boxFilter (interior)", np.abs(load("local_variance_7") - v)[inner].max(), 1e-3, "L*^2")

# Resampling: OpenCV's resize uses the same edge-aligned pixel-centre convention.
for name, interpolation, bound in (("up_bilinear", cv2.INTER_LINEAR, 2e-3), ("down_bilinear", cv2.INTER_LINEAR, 2e-3),
                                   ("up_bicubic", cv2.INTER_CUBIC, 1.0)):
    ours = load(f"resize_{name}")
    theirs = cv2.resize(p32, (ours.shape[1], ours.shape[0]), interpolation=interpolation)
    note = " (OpenCV a=-0.75, ours a=-0.5)" if "bicubic" in name else ""
    report(f"resize {name}", "cv2.resize" + note, np.abs(ours - theirs)[inner].max(), bound, "L*")
ours = load("resize_up_bilinear")
theirs = transform.resize(plane, ours.shape, order=1, mode="edge", anti_aliasing=False)
report("resize up_bilinear", "skimage.transform.resize", np.abs(ours - theirs)[inner].max(), 1e-3, "L*")

# Warps: skimage.transform.warp with the same source-from-target map (exact coordinates).
for name in ("affine", "homography"):
    matrix = np.array(index[f"warp_{name}_bilinear"]["parameters"]["sourceFromTarget"]).reshape(3, 3)
    for interpolation, order in (("bilinear", 1), ("bicubic", 3)):
        ours = load(f"warp_{name}_{interpolation}")
        valid = load(f"warp_{name}_{interpolation}_mask") > 0
        theirs = transform.warp(plane, transform.ProjectiveTransform(matrix), order=order, mode="edge", preserve_range=True)
        eroded = ndimage.binary_erosion(valid, iterations=3)
        bound = 1e-3 if order == 1 else 2.0
        label = "skimage.transform.warp" + (" (spline order 3 vs Keys cubic)" if order == 3 else "")
        report(f"warp {name} {interpolation}", label, np.abs(ours - theirs)[eroded].max(), bound, "L*")
    if name == "affine":
        theirs = cv2.warpAffine(p32, matrix[:2], (W, H), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REPLICATE)
        ours = load("warp_affine_bilinear")
        eroded = ndimage.binary_erosion(load("warp_affine_bilinear_mask") > 0, iterations=3)
        report("warp affine bilinear", "cv2.warpAffine (5-bit fixed-point weights)", np.abs(ours - theirs)[eroded].max(), 0.5, "L*")

# Morphology with the same disk (dx^2 + dy^2 <= r^2); OpenCV's default borders match ours.
mask = load("mask")
for r in (1, 4):
    y, x = np.mgrid[-r:r + 1, -r:r + 1]
    disk = ((x * x + y * y) <= r * r).astype(np.uint8)
    report(f"dilate disk r {r}", "cv2.dilate (pixels differing)", int((load(f"dilate_{r}") != cv2.dilate(mask, disk)).sum()), 0)
    report(f"erode disk r {r}", "cv2.erode (pixels differing)", int((load(f"erode_{r}") != cv2.erode(mask, disk)).sum()), 0)

# Connected components: scikit-image numbers labels in raster order too.
labels = load("labels_8")
theirs = measure.label(mask > 0, connectivity=2)
report("connected components (8)", "skimage.measure.label (pixels differing)", int((labels != theirs).sum()), 0)
count, cv_labels = cv2.connectedComponents(mask, connectivity=8)
report("connected components (8)", "cv2.connectedComponents (count difference)", abs((count - 1) - int(labels.max())), 0)
props = measure.regionprops(theirs)
ours_regions = np.array(results["regions"])
theirs_regions = np.array([[p.area, p.centroid[1], p.centroid[0], p.bbox[1], p.bbox[0], p.bbox[3] - 1, p.bbox[2] - 1,
                            p.axis_major_length, p.axis_minor_length] for p in props])
report("region area, bbox", "skimage regionprops", np.abs(ours_regions[:, [0, 3, 4, 5, 6]] - theirs_regions[:, [0, 3, 4, 5, 6]]).max(), 0)
report("region centroid", "skimage regionprops", np.abs(ours_regions[:, 1:3] - theirs_regions[:, 1:3]).max(), 1e-9, "px")
report("region axis lengths", "skimage regionprops", np.abs(ours_regions[:, 7:9] - theirs_regions[:, 7:9]).max(), 1e-6, "px")

# Percentiles (NumPy's default linear interpolation).
p = results["percentiles"]
theirs = np.percentile(load("lab_l").astype(np.float32), p["p"])
report("percentiles", "numpy.percentile", np.abs(np.array(p["values"]) - theirs).max(), 1e-4, "L*")

print(f"Crosscheck on a {W}x{H} synthetic skin picture (max |difference|; bound)")
for what, against, error, bound, unit, ok in rows:
    print(f"{'ok ' if ok else 'BAD'} {what:32} vs {against:48} {error:11.3g} {unit:5} (bound {bound:g})")
sys.exit(1 if failed else 0)
