#!/usr/bin/env python3
"""OpenCV single-thread timings of the kernels `skindelta bench kernels` measures.

Same 4000 x 3000 size, same operations: RGB8 -> CIELAB (8-bit input; float and 8-bit output),
Gaussian sigma 2 and 8 with ksize 2*ceil(3 sigma)+1 and BORDER_REPLICATE on a float plane, and
2x area downsample (INTER_AREA). Prints JSON {kernel: medianMs}. Used by Scripts/bench-vs-opencv.sh.
"""
import json
import math
import sys
import time

import cv2
import numpy as np

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
cv2.setNumThreads(1)
rng = np.random.default_rng(20261121)
rgb = (rng.random((3000, 4000, 3)) * 60 + 150).astype(np.uint8)
plane = (rng.random((3000, 4000)) * 100).astype(np.float32)


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


print(json.dumps({
    # Float L*a*b* like ours: scale to 0..1 floats, then convert.
    "rgb8-to-lab": median_ms(lambda: cv2.cvtColor(rgb.astype(np.float32) * (1 / 255), cv2.COLOR_RGB2Lab)),
    "rgb8-to-lab (8-bit output)": median_ms(lambda: cv2.cvtColor(rgb, cv2.COLOR_RGB2Lab)),
    "gaussian-sigma2": median_ms(gauss(2)),
    "gaussian-sigma8": median_ms(gauss(8)),
    "downsample-2x": median_ms(lambda: cv2.resize(plane, (2000, 1500), interpolation=cv2.INTER_AREA)),
}))
