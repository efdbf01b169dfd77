"""SkinDelta plugin helper: the worker side of the SkinDelta plugin protocol, version 1.

A single file with no dependency besides numpy. Copy it next to your analyzer and write:

    import skindelta_plugin as sd

    def analyze(request):
        result = sd.Result(request)
        for photo in request.photos:                    # "before", then "after" when present
            lightness = request.plane(photo, "L")       # float32 array, shape (height, width)
            result.add(photo, "meanLightness", request.mean(lightness),
                       tiles=request.tile_means(lightness))
        return result

    if __name__ == "__main__":
        sd.serve(analyze)

SkinDelta starts the script once per run, sends a greeting, then one request per photo pair and
reads one reply each; ``serve`` does all of the talking. Anything the analyzer prints goes to
standard error (standard output carries the protocol). An exception becomes an ``error`` reply
naming it, and the worker stays up for the next pair.

Planes arrive through shared memory when SkinDelta offers it (else through the pipe): arrays are
then read-only views of a file that the next request overwrites, so copy what you keep.

Coordinates are the baseline photo's pixels: x to the right, y down, origin at the top-left
pixel's centre. Planes are float32: linear red/green/blue 0...1, CIELAB L* 0...100, a*, b*, and
optical density. The mask is a bool array, True where both photos show measurable skin.
"""

import json
import os
import struct
import sys
import traceback

import numpy as np

PROTOCOL_VERSIONS = (1,)
_HEADER = struct.Struct("<2sBBI")
_JSON, _BINARY = ord("J"), ord("B")


class ProtocolError(Exception):
    """The other side broke the protocol."""


class Request:
    """One photo pair: settings, planes, mask and tiles."""

    def __init__(self, message, planes, mask):
        self.number = message["request"]
        self.settings = message.get("settings", {})
        self.settings_revision = message.get("settingsRevision", 1)
        self.width = message["width"]
        self.height = message["height"]
        #: Baseline pixels per millimetre, or None when the scale is unknown.
        self.pixels_per_millimetre = message.get("pixelsPerMillimetre")
        #: ["before"] or ["before", "after"].
        self.photos = list(message["photos"])
        #: Days since the last procedure per photo (None when unknown).
        self.captures = message.get("captures", {})
        #: (x, y, width, height) of each tile, baseline pixels.
        self.tiles = [tuple(t) for t in message.get("tiles", [])]
        self.planes = planes
        self.mask = mask

    def plane(self, photo, name):
        """The float32 plane ``name`` of ``photo`` ("before" or "after"), shape (height, width)."""
        return self.planes[(photo, name)]

    @property
    def has_after(self):
        return "after" in self.photos

    def mean(self, image):
        """Mean of ``image`` over the mask (float64)."""
        return float(image[self.mask].mean(dtype=np.float64))

    def tile_means(self, image):
        """Mean of ``image`` over the mask in each tile, in tile order (0 for a tile without mask)."""
        return self.tile_values(image, lambda values: values.mean(dtype=np.float64))

    def tile_values(self, image, reduce):
        """``reduce(values)`` of the masked pixels of ``image`` in each tile, in tile order."""
        out = []
        for x, y, w, h in self.tiles:
            values = image[y:y + h, x:x + w][self.mask[y:y + h, x:x + w]]
            out.append(float(reduce(values)) if values.size else 0.0)
        return out


class Result:
    """What ``analyze`` returns: per metric a value per photo and per-tile values, overlays,
    flags and notes. Report every metric the manifest declares, in declared order."""

    def __init__(self, request):
        self._request = request
        self._values = {}
        self._order = []
        self.overlays = []
        self.flags = []
        self.notes = []

    def add(self, photo, metric, value, tiles, unit=None):
        """Records ``metric`` of ``photo``: its ``value`` and one value per tile of the request.
        ``unit`` overrides the declared unit (e.g. "/MP" when the scale is unknown)."""
        if metric not in self._values:
            self._values[metric] = {"metric": metric}
            self._order.append(metric)
        entry = self._values[metric]
        entry[photo] = float(value)
        entry[photo + "Tiles"] = [float(v) for v in tiles]
        if unit is not None:
            entry["unit"] = unit

    def add_points(self, layer, photo, points):
        """An overlay of circles: (x, y, radius) in baseline pixels."""
        self.overlays.append({"id": layer, "photo": photo, "points": [[float(a), float(b), float(c)] for a, b, c in points]})

    def add_outlines(self, layer, photo, outlines):
        """An overlay of closed polylines, each a list of (x, y) in baseline pixels."""
        self.overlays.append({"id": layer, "photo": photo,
                              "outlines": [[[float(x), float(y)] for x, y in outline] for outline in outlines]})

    def add_heat_map(self, layer, photo, grid, maximum, unit=""):
        """A heat map: ``grid`` (rows, columns) of values scaled so that ``maximum`` is opaque."""
        grid = np.asarray(grid, dtype=np.float64)
        scaled = np.clip(np.rint(255 * grid / maximum), 0, 255).astype(int) if maximum > 0 else np.zeros(grid.shape, int)
        self.overlays.append({"id": layer, "photo": photo, "unit": unit, "heatMap": {
            "columns": int(grid.shape[1]), "rows": int(grid.shape[0]), "values": scaled.ravel().tolist(), "maximum": float(maximum)}})

    def message(self):
        values, tiles = [], []
        for metric in self._order:
            entry = self._values[metric]
            value = {"metric": metric, "before": entry["before"]}
            tile = {"metric": metric, "before": entry["beforeTiles"]}
            if "after" in entry:
                value["after"] = entry["after"]
                tile["after"] = entry["afterTiles"]
            if "unit" in entry:
                value["unit"] = entry["unit"]
            values.append(value)
            tiles.append(tile)
        return {"type": "result", "request": self._request.number, "values": values, "tiles": tiles,
                "overlays": self.overlays, "flags": self.flags, "notes": self.notes}


class Channel:
    """Frames on a pair of binary streams: b"SD", a kind byte (J or B), a zero byte, the payload
    length (uint32, little-endian), then the payload."""

    def __init__(self, reader, writer):
        self.reader = reader
        self.writer = writer

    def _read_exact(self, view):
        while len(view):
            n = self.reader.readinto(view)
            if not n:
                raise EOFError
            view = view[n:]

    def _header(self):
        raw = bytearray(_HEADER.size)
        self._read_exact(memoryview(raw))
        magic, kind, zero, length = _HEADER.unpack(raw)
        if magic != b"SD" or zero != 0:
            raise ProtocolError("not a protocol frame: %r" % bytes(raw))
        return kind, length

    def read_json(self):
        kind, length = self._header()
        if kind != _JSON:
            raise ProtocolError("a JSON frame was due")
        payload = bytearray(length)
        self._read_exact(memoryview(payload))
        return json.loads(payload.decode("utf-8"))

    def read_array(self, dtype, shape):
        kind, length = self._header()
        array = np.empty(shape, dtype=dtype)
        if kind != _BINARY or length != array.nbytes:
            raise ProtocolError("a binary frame of %d bytes was due, not %d" % (array.nbytes, length))
        self._read_exact(memoryview(array).cast("B"))
        return array

    def write_json(self, message):
        payload = json.dumps(message, allow_nan=False).encode("utf-8")
        self.writer.write(_HEADER.pack(b"SD", _JSON, 0, len(payload)))
        self.writer.write(payload)
        self.writer.flush()


class SharedFile:
    """The shared-memory file of the planes, mapped once and again when it grows."""

    def __init__(self):
        self.path = None
        self.size = -1
        self.map = None

    def view(self, path):
        size = os.path.getsize(path)
        if path != self.path or size != self.size:
            self.map = np.memmap(path, dtype=np.uint8, mode="r", shape=(size,))
            self.path, self.size = path, size
        return self.map


def read_request(channel, message, shared=None):
    """The planes (float32) and mask (bool) of an ``analyze`` message: from the shared-memory file
    it names, or from the binary frames that follow it."""
    shape = (message["height"], message["width"])
    count = shape[0] * shape[1]
    planes = {}
    if "sharedMemory" in message:
        data = shared.view(message["sharedMemory"]["path"])
        offsets = message["sharedMemory"]["offsets"]
        for entry, offset in zip(message["planes"], offsets):
            planes[(entry["photo"], entry["plane"])] = data[offset:offset + 4 * count].view("<f4").reshape(shape)
        mask = data[offsets[-1]:offsets[-1] + count].reshape(shape) != 0
        return Request(message, planes, mask)
    for entry in message["planes"]:
        planes[(entry["photo"], entry["plane"])] = channel.read_array("<f4", shape)
    mask = channel.read_array(np.uint8, shape) != 0
    return Request(message, planes, mask)


def serve(analyze, reader=None, writer=None):
    """Answers SkinDelta until it closes standard input. ``analyze(request)`` returns a ``Result``."""
    channel = Channel(reader or sys.stdin.buffer, writer or sys.stdout.buffer)
    if writer is None:
        sys.stdout = sys.stderr  # print() must not corrupt the protocol
    shared = SharedFile()
    while True:
        try:
            message = channel.read_json()
        except EOFError:
            return
        kind = message.get("type")
        if kind == "hello":
            common = sorted(set(PROTOCOL_VERSIONS) & set(message.get("protocolVersions", [])))
            if common:
                transport = "sharedMemory" if "sharedMemory" in message.get("transports", []) else "pipe"
                channel.write_json({"type": "hello", "protocolVersion": common[-1], "transport": transport})
            else:
                channel.write_json({"type": "error", "reason": "this plugin speaks protocol versions %s, SkinDelta offered %s"
                                    % (list(PROTOCOL_VERSIONS), message.get("protocolVersions"))})
                return
        elif kind == "analyze":
            request = read_request(channel, message, shared)
            try:
                reply = analyze(request).message()
                json.dumps(reply, allow_nan=False)
            except Exception as error:  # the plugin's own failure: reported, the worker stays
                traceback.print_exc(file=sys.stderr)
                reply = {"type": "error", "request": request.number, "reason": "%s: %s" % (type(error).__name__, error)}
            channel.write_json(reply)
        elif kind == "bye":
            return
        else:
            raise ProtocolError("unknown message type %r" % kind)
