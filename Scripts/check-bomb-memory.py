#!/usr/bin/env python3
"""Checks that decoding bombs are refused before pixel memory is allocated.

Writes tiny PNG and JPEG files whose headers declare huge sizes (20,000 x 20,000 up to
100,000 x 100,000 pixels) and runs `skindelta inspect --json` on each in a child process whose
address space is capped (RLIMIT_AS) at 64 MiB above the smallest cap a 1 x 1 image needs.
Each bomb must be refused with the limit error under that cap: an allocation of its pixel
buffer (400 MB and up) could not happen. Peak resident memory is printed too.

A control run raises the limits (--max-pixels) on the same 20,000 x 20,000 bomb: the tool then
tries to allocate and must fail under the cap, which shows the cap would catch an early
allocation.

Usage: Scripts/check-bomb-memory.py PATH_TO_SKINDELTA
"""
import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
import zlib

HEADROOM = 64 << 20


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width: int, height: int, rows: bytes) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
            + png_chunk(b"IDAT", zlib.compress(rows, 9)) + png_chunk(b"IEND", b""))


def jpeg_with_size(width: int, height: int) -> bytes:
    """A grayscale baseline header (DQT, SOF0, DHT, SOS) declaring the size, then a few bytes of scan."""
    dqt = b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes([1] * 64)
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    counts = bytes([0, 1] + [0] * 14)
    dht_dc = b"\xff\xc4" + struct.pack(">H", 2 + 1 + 16 + 1) + b"\x00" + counts + b"\x00"
    dht_ac = b"\xff\xc4" + struct.pack(">H", 2 + 1 + 16 + 1) + b"\x10" + counts + b"\x00"
    sos = b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00" + b"\x00\x3f\x00"
    return b"\xff\xd8" + dqt + sof + dht_dc + dht_ac + sos + b"\x00" * 64 + b"\xff\xd9"


def run(command, cap):
    """Runs `command` with its address space capped at `cap` bytes.

    Returns (exit status, this child's own peak RSS in KiB, parsed JSON or None)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, preexec_fn=limit)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = 0
    try:
        report = json.loads(output)
    except ValueError:
        report = None
    return status, usage.ru_maxrss, report


def main() -> int:
    tool = sys.argv[1]
    failures = 0
    passes = 0
    with tempfile.TemporaryDirectory() as folder:
        tiny = os.path.join(folder, "tiny.png")
        with open(tiny, "wb") as handle:
            handle.write(png(1, 1, b"\x00\x80"))
        floor = None
        for megabytes in range(64, 2048, 16):
            status, _, report = run([tool, "inspect", "--json", tiny], megabytes << 20)
            if status == 0 and report and report[0]["error"] is None:
                floor = megabytes << 20
                break
        if floor is None:
            print("FAIL a 1x1 PNG does not decode under any address-space cap up to 2 GiB")
            return 1
        cap = floor + HEADROOM
        print(f"address-space cap {cap >> 20} MiB (a 1x1 PNG needs {floor >> 20} MiB)")
        cases = {
            "png-20000x20000.png": (png(20000, 20000, b"\x00" * 20001), "pixel count"),
            "png-100000x100000.png": (png(100000, 100000, b"\x00" * 1000), "width in pixels"),
            "jpeg-20000x20000.jpg": (jpeg_with_size(20000, 20000), "pixel count"),
            "jpeg-65000x65000.jpg": (jpeg_with_size(65000, 65000), "width in pixels"),
        }
        for name, (data, expected) in cases.items():
            path = os.path.join(folder, name)
            with open(path, "wb") as handle:
                handle.write(data)
            status, peak, report = run([tool, "inspect", "--json", path], cap)
            error = (report or [{}])[0].get("error") or ""
            ok = report is not None and expected in error and "exceeds the limit" in error
            passes, failures = (passes + 1, failures) if ok else (passes, failures + 1)
            print(f"{'ok  ' if ok else 'FAIL'} {name} ({len(data)} bytes): peak RSS {peak / 1024:.1f} MiB; {error}")

        # Control: with limits raised, the tool allocates the 400 MB buffer and must fail under the cap.
        path = os.path.join(folder, "png-20000x20000.png")
        status, peak, report = run([tool, "inspect", "--json", "--max-pixels", "400000000", path], cap)
        ok = report is None or status != 0 and "exceeds the limit" not in (report[0].get("error") or "")
        passes, failures = (passes + 1, failures) if ok else (passes, failures + 1)
        print(f"{'ok  ' if ok else 'FAIL'} control with limits raised fails under the cap (exit status {status})")
    print(f"bomb-memory: {passes} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
