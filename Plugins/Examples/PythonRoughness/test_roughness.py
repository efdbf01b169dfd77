"""Checks of the roughness example against values it does not compute itself: analytic results
on synthetic planes, and the whole protocol round trip through the helper in memory."""

import io
import json
import struct
import unittest

import numpy as np

import roughness
import skindelta_plugin as sd


def request(before, after=None, ppm=None, settings=None, tiles=None):
    h, w = before.shape
    photos = ["before"] + (["after"] if after is not None else [])
    message = {"request": 1, "width": w, "height": h, "pixelsPerMillimetre": ppm, "photos": photos,
               "settings": settings or {"windowMillimetres": 0.5, "windowPixels": 9},
               "tiles": tiles or [[0, 0, w // 2, h], [w // 2, 0, w - w // 2, h]], "planes": []}
    planes = {("before", "L"): before.astype(np.float32)}
    if after is not None:
        planes[("after", "L")] = after.astype(np.float32)
    return sd.Request(message, planes, np.ones((h, w), bool))


class RoughnessTests(unittest.TestCase):
    def test_flat_skin_has_no_roughness(self):
        result = roughness.analyze(request(np.full((40, 60), 62.0))).message()
        self.assertEqual(result["values"][0]["before"], 0.0)

    def test_stripes_have_the_analytic_standard_deviation(self):
        # Vertical stripes alternating 50 and 54: in a 9 × 9 window there are 5 of one and 4 of the
        # other, so the standard deviation is 4 · sqrt(5 · 4) / 9 everywhere.
        stripes = np.where(np.arange(60) % 2 == 0, 50.0, 54.0)[None, :].repeat(40, 0)
        result = roughness.analyze(request(stripes)).message()
        expected = 4 * np.sqrt(20) / 9
        self.assertAlmostEqual(result["values"][0]["before"], expected, places=5)
        for tile in result["tiles"][0]["before"]:
            self.assertAlmostEqual(tile, expected, places=5)

    def test_noise_roughness_follows_its_standard_deviation(self):
        generator = np.random.default_rng(3)
        before = 60 + 3.0 * generator.standard_normal((200, 200))
        after = 60 + 1.5 * generator.standard_normal((200, 200))
        values = roughness.analyze(request(before, after)).message()["values"][0]
        # The window's sample standard deviation (n = 81) is biased low by about 1 %.
        self.assertAlmostEqual(values["before"] / 3.0, 1.0, delta=0.03)
        self.assertAlmostEqual(values["after"] / 1.5, 1.0, delta=0.03)

    def test_window_follows_the_scale(self):
        self.assertEqual(roughness.window_pixels(request(np.zeros((9, 9)), ppm=20)), 11)
        self.assertEqual(roughness.window_pixels(request(np.zeros((9, 9)))), 9)

    def test_protocol_round_trip(self):
        plane = np.arange(12 * 10, dtype=np.float32).reshape(12, 10)
        mask = np.ones((12, 10), np.uint8) * 255

        def frame(kind, payload):
            return struct.pack("<2sBBI", b"SD", ord(kind), 0, len(payload)) + payload

        analyze = {"type": "analyze", "request": 7, "width": 10, "height": 12, "pixelsPerMillimetre": None,
                   "photos": ["before"], "planes": [{"photo": "before", "plane": "L"}],
                   "settings": {"windowMillimetres": 0.5, "windowPixels": 3}, "tiles": [[0, 0, 10, 12]]}
        stream = (frame("J", json.dumps({"type": "hello", "protocolVersions": [1]}).encode())
                  + frame("J", json.dumps(analyze).encode()) + frame("B", plane.tobytes()) + frame("B", mask.tobytes()))
        out = io.BytesIO()
        sd.serve(roughness.analyze, reader=io.BytesIO(stream), writer=out)
        channel = sd.Channel(io.BytesIO(out.getvalue()), None)
        self.assertEqual(channel.read_json(), {"type": "hello", "protocolVersion": 1, "transport": "pipe"})
        reply = channel.read_json()
        self.assertEqual(reply["type"], "result")
        self.assertEqual(reply["request"], 7)
        self.assertEqual([v["metric"] for v in reply["values"]], ["roughness", "roughnessP90"])


if __name__ == "__main__":
    unittest.main()
