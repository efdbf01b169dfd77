"""A plugin that receives every plane and the mask and computes nothing: the round trip of the
protocol alone (used by Scripts/bench-plugin.sh)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "Plugins", "Examples", "PythonRoughness"))
import skindelta_plugin as sd  # noqa: E402


def analyze(request):
    result = sd.Result(request)
    zeros = [0.0] * len(request.tiles)
    for photo in request.photos:
        result.add(photo, "nothing", 0.0, tiles=zeros)
    return result


if __name__ == "__main__":
    sd.serve(analyze)
