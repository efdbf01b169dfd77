#!/usr/bin/env python3
"""Writes SampleImages/codec: small synthetic skin-like photos in the file variants clinics send.

Deterministic (fixed seed). Uses only the Python standard library and libjpeg-turbo's `cjpeg`
(installed by Scripts/bootstrap.sh). No real photos are involved.

Usage: Scripts/make-codec-samples.py [OUTPUT_DIR]   (default SampleImages/codec)
"""
import math
import os
import random
import struct
import subprocess
import sys
import tempfile
import zlib

WIDTH, HEIGHT = 480, 360


def skin(width, height, seed):
    """Rows of (r, g, b) floats in 0..1: tone gradient, mottling, pores and one dark spot."""
    rng = random.Random(seed)
    cells = [[rng.uniform(-1, 1) for _ in range(width // 40 + 2)] for _ in range(height // 40 + 2)]
    pores = [(rng.uniform(0, width), rng.uniform(0, height), rng.uniform(1.0, 2.2)) for _ in range(140)]
    spot = (width * 0.62, height * 0.4, 18.0)
    rows = []
    for y in range(height):
        row = []
        for x in range(width):
            gx, gy = x / 40, y / 40
            ix, iy = int(gx), int(gy)
            fx, fy = gx - ix, gy - iy
            mottle = ((cells[iy][ix] * (1 - fx) + cells[iy][ix + 1] * fx) * (1 - fy)
                      + (cells[iy + 1][ix] * (1 - fx) + cells[iy + 1][ix + 1] * fx) * fy)
            shade = 0.92 + 0.08 * x / width
            r, g, b = 0.86 * shade + 0.02 * mottle, 0.66 * shade + 0.025 * mottle, 0.56 * shade + 0.02 * mottle
            row.append([r, g, b])
        rows.append(row)
    for (px, py, radius) in pores + [spot]:
        depth = 0.35 if radius > 10 else 0.12
        for y in range(max(0, int(py - 2 * radius)), min(height, int(py + 2 * radius) + 1)):
            for x in range(max(0, int(px - 2 * radius)), min(width, int(px + 2 * radius) + 1)):
                d2 = ((x - px) ** 2 + (y - py) ** 2) / (radius * radius)
                k = 1 - depth * math.exp(-d2)
                rows[y][x] = [rows[y][x][0] * k, rows[y][x][1] * k ** 1.2, rows[y][x][2] * k ** 1.3]
    for row in rows:
        for pixel in row:
            for c in range(3):
                pixel[c] = min(1.0, max(0.0, pixel[c] + rng.gauss(0, 0.006)))
    return rows


def to8(rows):
    return [[tuple(int(round(v * 255)) for v in p) for p in row] for row in rows]


def rotate_ccw(rows8):
    """Stored raster for EXIF orientation 6 (viewer turns it 90 degrees clockwise)."""
    height, width = len(rows8), len(rows8[0])
    return [[rows8[y][width - 1 - x] for y in range(height)] for x in range(width)]


def ppm(rows8):
    height, width = len(rows8), len(rows8[0])
    return b"P6 %d %d 255\n" % (width, height) + bytes(v for row in rows8 for p in row for v in p)


def cjpeg(rows8, *options):
    with tempfile.NamedTemporaryFile(suffix=".ppm") as source:
        source.write(ppm(rows8))
        source.flush()
        return subprocess.run(["cjpeg", *options, source.name], check=True, capture_output=True).stdout


def exif_app1(orientation, date_time):
    """APP1 with IFD0 {Orientation, ExifIFD pointer} and Exif IFD {DateTimeOriginal}, little-endian."""
    text = date_time.encode() + b"\0"
    ifd0 = struct.pack("<H", 2) + struct.pack("<HHIHH", 0x0112, 3, 1, orientation, 0) \
        + struct.pack("<HHII", 0x8769, 4, 1, 8 + 30) + struct.pack("<I", 0)
    exif = struct.pack("<H", 1) + struct.pack("<HHII", 0x9003, 2, len(text), 8 + 30 + 18) + struct.pack("<I", 0)
    tiff = b"II*\0" + struct.pack("<I", 8) + ifd0 + exif + text
    payload = b"Exif\0\0" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def with_exif(jpeg, orientation, date_time):
    return jpeg[:2] + exif_app1(orientation, date_time) + jpeg[2:]


def png(rows, bit_depth, gray=False):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    height, width = len(rows), len(rows[0])
    scale = (1 << bit_depth) - 1
    raw = bytearray()
    for row in rows:
        raw.append(0)
        for p in row:
            values = [0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2]] if gray else p
            for v in values:
                q = int(round(v * scale))
                raw += struct.pack(">H", q) if bit_depth == 16 else bytes([q])
    color_type = 0 if gray else 2
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
            + chunk(b"IEND", b""))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "SampleImages", "codec")
    os.makedirs(out, exist_ok=True)
    rows = skin(WIDTH, HEIGHT, seed=20261121)
    rows8 = to8(rows)
    files = {
        "cheek-baseline.jpg": with_exif(cjpeg(rows8, "-quality", "90"), 1, "2026:03:01 10:15:00"),
        "cheek-phone-rotated.jpg": with_exif(cjpeg(rotate_ccw(rows8), "-quality", "88"), 6, "2026:03:29 11:02:41"),
        "cheek-progressive.jpg": cjpeg(rows8, "-quality", "85", "-progressive"),
        "cheek-16bit.png": png(rows, 16),
        "cheek-gray.png": png(rows, 8, gray=True),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as handle:
            handle.write(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
