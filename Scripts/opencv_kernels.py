#!/usr/bin/env python3
"""OpenCV (and NumPy) single-thread timings of the kernels `skindelta bench kernels` measures.

Same 4000 x 3000 size and the same operations as far as OpenCV has them:
- rgb8-to-lab: RGB8 -> float CIELAB (scaled to 0..1 floats first, like our float output);
- gaussian-sigma2/8: GaussianBlur, ksize 2*ceil(3 sigma)+1, BORDER_REPLICATE, float plane;
- gaussian-sigma24-recursive: OpenCV has no recursive Gaussian; its direct sigma-24 blur;
- hessian-sigma2: three sepFilter2D calls with the same derivative-of-Gaussian taps;
- downsample-2x: resize INTER_AREA; pyramid-down: pyrDown;
- local-variance-r7: two 15x15 boxFilters (v and v*v) and mean^2 subtraction;
- warp-affine-bilinear/bicubic: warpAffine with WARP_INVERSE_MAP and the same matrix;
- dilate-disk-r5: dilate with an 11x11 MORPH_ELLIPSE on the same hash mask;
- connected-components: connectedComponentsWithStats, 8-connectivity, on the same hash mask;
- percentiles: numpy.percentile at 1, 50, 99;
- lab-to-rgb8: cvtColor Lab2RGB on float Lab, then scaling to uint8.
Prints JSON {kernel: medianMs}. Used by Scripts/bench-vs-opencv.sh.
"""
import json
import math
import sys
import time

import cv2
import numpy as np

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
cv2.setNumThreads(1)
H, W = 3000, 4000
rng = np.random.default_rng(20261121)
rgb = (rng.random((H, W, 3)) * 60 + 150).astype(np.uint8)
plane = (rng.random((H, W)) * 100).astype(np.float32)
lab = cv2.cvtColor(rgb.astype(np.float32) * (1 / 255), cv2.COLOR_RGB2Lab)


def hash_mask():
    x = np.arange(W, dtype=np.uint32)[None, :]
    y = np.arange(H, dtype=np.uint32)[:, None]
    with np.errstate(over="ignore"):
        h = x * np.uint32(0x9E3779B1) + y * np.uint32(0x85EBCA77)
        h ^= h >> np.uint32(15)
        h *= np.uint32(0x2C1B3C6D)
        h ^= h >> np.uint32(12)
        h *= np.uint32(0x297A2D39)
        h ^= h >> np.uint32(15)
    return np.where((h & np.uint32(1023)) < 461, 255, 0).astype(np.uint8)


mask = hash_mask()


def median_ms(fn):
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)[len(times) // 2]


def gauss(sigma):
    k = 2 * math.ceil(3 * sigma) + 1
    return lambda: cv2.GaussianBlur(plane, (k, k), sigma, borderType=cv2.BORDER_REPLICATE)


def hessian_taps(sigma):
    r = math.ceil(4 * sigma)
    k = np.arange(-r, r + 1, dtype=np.float64)
    g = np.exp(-k * k / (2 * sigma * sigma))
    g /= g.sum()
    d1 = k * g
    d1 /= (k * d1).sum()
    d2 = (k * k / (sigma * sigma) - 1) * g
    d2 -= d2.mean()
    d2 /= (k * k / 2 * d2).sum()
    return [t.astype(np.float32) for t in (g, d1, d2)]


g2, d12, d22 = hessian_taps(2.0)


def hessian():
    for kx, ky in ((d22, g2), (d12, d12), (g2, d22)):
        cv2.sepFilter2D(plane, -1, kx, ky, borderType=cv2.BORDER_REPLICATE)


def local_variance():
    m = cv2.boxFilter(plane, -1, (15, 15))
    m2 = cv2.boxFilter(plane * plane, -1, (15, 15))
    return m2 - m * m


c, s = 1.05 * math.cos(0.1), 1.05 * math.sin(0.1)
M = np.array([[c, -s, -150], [s, c, 80]], dtype=np.float64)
ellipse = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (11, 11))

print(json.dumps({
    "rgb8-to-lab": median_ms(lambda: cv2.cvtColor(rgb.astype(np.float32) * (1 / 255), cv2.COLOR_RGB2Lab)),
    "rgb8-to-lab (8-bit output)": median_ms(lambda: cv2.cvtColor(rgb, cv2.COLOR_RGB2Lab)),
    "gaussian-sigma2": median_ms(gauss(2)),
    "gaussian-sigma8": median_ms(gauss(8)),
    "gaussian-sigma24-recursive": median_ms(gauss(24)),
    "hessian-sigma2": median_ms(hessian),
    "downsample-2x": median_ms(lambda: cv2.resize(plane, (W // 2, H // 2), interpolation=cv2.INTER_AREA)),
    "pyramid-down": median_ms(lambda: cv2.pyrDown(plane)),
    "local-variance-r7": median_ms(local_variance),
    "warp-affine-bilinear": median_ms(lambda: cv2.warpAffine(plane, M, (W, H), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP)),
    "warp-affine-bicubic": median_ms(lambda: cv2.warpAffine(plane, M, (W, H), flags=cv2.INTER_CUBIC | cv2.WARP_INVERSE_MAP)),
    "dilate-disk-r5": median_ms(lambda: cv2.dilate(mask, ellipse)),
    "connected-components": median_ms(lambda: cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_32S)),
    "percentiles": median_ms(lambda: np.percentile(plane, [1, 50, 99])),
    "lab-to-rgb8": median_ms(lambda: (cv2.cvtColor(lab, cv2.COLOR_Lab2RGB) * 255 + 0.5).astype(np.uint8)),
}))
