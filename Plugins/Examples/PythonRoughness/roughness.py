"""Local roughness of the skin: the standard deviation of L* in a small square window, averaged
over the measured area (and its 90th percentile). Smoother skin (flatter scars, finer texture)
gives lower values. An example of a SkinDelta plugin written in Python with numpy."""

import numpy as np

import skindelta_plugin as sd


def window_pixels(request):
    """Odd window side, pixels: windowMillimetres at the known scale, else windowPixels."""
    if request.pixels_per_millimetre:
        side = int(round(request.settings["windowMillimetres"] * request.pixels_per_millimetre))
    else:
        side = int(request.settings["windowPixels"])
    return max(3, side | 1)


def local_sd(image, side):
    """Standard deviation of ``image`` in a side × side window around each pixel (mirrored at
    the border), from integral images of the values and their squares (float64)."""
    pad = side // 2
    padded = np.pad(image.astype(np.float64), pad, mode="reflect")
    def box_sums(values):
        integral = np.zeros((values.shape[0] + 1, values.shape[1] + 1))
        integral[1:, 1:] = values.cumsum(0).cumsum(1)
        return (integral[side:, side:] - integral[:-side, side:] - integral[side:, :-side] + integral[:-side, :-side])
    n = side * side
    mean = box_sums(padded) / n
    variance = box_sums(padded * padded) / n - mean * mean
    return np.sqrt(np.maximum(variance, 0.0))


def analyze(request):
    side = window_pixels(request)
    result = sd.Result(request)
    maps = {}
    for photo in request.photos:
        roughness = local_sd(request.plane(photo, "L"), side)
        maps[photo] = roughness
        result.add(photo, "roughness", request.mean(roughness), tiles=request.tile_means(roughness))
    for photo in request.photos:
        values = maps[photo]
        result.add(photo, "roughnessP90", float(np.percentile(values[request.mask], 90)),
                   tiles=request.tile_values(values, lambda v: np.percentile(v, 90)))
    # A coarse heat map of the roughness on the measured skin, for the report.
    rows, columns = 24, 32
    grids = {}
    for photo, values in maps.items():
        masked = np.where(request.mask, values, np.nan)
        h, w = masked.shape
        grid = np.zeros((rows, columns))
        for r in range(rows):
            for c in range(columns):
                cell = masked[r * h // rows:(r + 1) * h // rows, c * w // columns:(c + 1) * w // columns]
                grid[r, c] = np.nanmean(cell) if np.isfinite(cell).any() else 0.0
        grids[photo] = grid
    maximum = max(float(g.max()) for g in grids.values())
    for photo, grid in grids.items():
        result.add_heat_map("roughness", photo, grid, maximum, unit="L*")
    return result


if __name__ == "__main__":
    sd.serve(analyze)
