"""A plugin worker for tests, standard library only: mean L* over the mask (plus the "offset"
setting), or, by the first argument, a misbehaviour: crash, hang, garbage, badhello, wrongid,
error, print (a stray print before a correct reply, which the protocol must survive only through
the helper; here it corrupts the stream)."""

import array
import json
import os
import struct
import sys
import time

MODE = sys.argv[1] if len(sys.argv) > 1 else "good"
source, sink = sys.stdin.buffer, sys.stdout.buffer


def read_exact(n):
    data = bytearray()
    while len(data) < n:
        chunk = source.read(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return bytes(data)


def read_frame():
    magic, kind, zero, length = struct.unpack("<2sBBI", read_exact(8))
    return kind, read_exact(length)


def write_json(message):
    payload = json.dumps(message).encode()
    sink.write(struct.pack("<2sBBI", b"SD", ord("J"), 0, len(payload)) + payload)
    sink.flush()


while True:
    try:
        kind, payload = read_frame()
    except EOFError:
        break
    message = json.loads(payload)
    if message["type"] == "hello":
        if MODE == "badhello":
            write_json({"type": "hello", "protocolVersion": 7})
        elif MODE == "wrongid":
            write_json({"type": "hello", "protocolVersion": 1, "id": "org.example.someone-else"})
        else:
            write_json({"type": "hello", "protocolVersion": 1})
        continue
    planes = [read_frame()[1] for _ in message["planes"]]
    mask = read_frame()[1]
    if MODE == "crash":
        sys.stderr.write("worker: simulated fault in the analysis\n")
        sys.stderr.flush()
        os._exit(3)
    if MODE == "hang":
        time.sleep(3600)
    if MODE == "garbage":
        sink.write(b"Hello from a stray print\n" * 8)
        sink.flush()
        continue
    if MODE == "error":
        write_json({"type": "error", "request": message["request"], "reason": "the photo is too dark for this measure"})
        continue
    width = message["width"]
    offset = message["settings"]["offset"]
    values, tiles = {"metric": "meanLightness"}, {"metric": "meanLightness"}
    for index, photo in enumerate(message["photos"]):
        plane = array.array("f")
        plane.frombytes(planes[index])
        total = count = 0
        for i, m in enumerate(mask):
            if m:
                total += plane[i]
                count += 1
        values[photo] = total / count + offset
        per_tile = []
        for x, y, w, h in message["tiles"]:
            t = n = 0
            for yy in range(y, y + h):
                base = yy * width
                for xx in range(x, x + w):
                    if mask[base + xx]:
                        t += plane[base + xx]
                        n += 1
            per_tile.append(t / n + offset if n else 0.0)
        tiles[photo] = per_tile
    write_json({"type": "result", "request": message["request"], "values": [values], "tiles": [tiles],
                "overlays": [{"id": "centre", "photo": "before", "points": [[10, 10, 3]]}]})
