/// Smooth random noise on a square lattice: random values at lattice points, interpolated with a
/// quintic fade (Perlin's value noise). Values lie in [−1, 1]; the feature size is `spacing`.
///
/// The lattice values are tabulated once for the area to cover, so sampling is a table lookup and
/// a few multiply-adds. Lattice values depend only on the seed and the lattice coordinates, so two
/// noises with the same seed and spacing agree wherever both are defined.
struct ValueNoise: Sendable {
    let spacing: Double
    private let originX: Int, originY: Int, columns: Int, rows: Int
    private let values: [Float]

    /// Covers the points `x` in `minX...maxX`, `y` in `minY...maxY` (any units; `spacing` in the same).
    init(seed: UInt64, spacing: Double, minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.spacing = spacing
        originX = Int((minX / spacing).rounded(.down)) - 1
        originY = Int((minY / spacing).rounded(.down)) - 1
        columns = Int((maxX / spacing).rounded(.down)) - originX + 3
        rows = Int((maxY / spacing).rounded(.down)) - originY + 3
        var table = [Float](repeating: 0, count: columns * rows)
        for j in 0..<rows {
            for i in 0..<columns {
                table[j * columns + i] = PixelHash.signedUnit(x: originX + i, y: originY + j, key: seed)
            }
        }
        values = table
    }

    @inline(__always)
    private static func fade(_ t: Float) -> Float { t * t * t * (t * (t * 6 - 15) + 10) }

    /// The noise at a point inside the covered area (points outside are clamped to it).
    @inline(__always)
    func sample(x: Double, y: Double) -> Float {
        let gx = x / spacing, gy = y / spacing
        let fx = gx.rounded(.down), fy = gy.rounded(.down)
        let i = min(max(Int(fx) - originX, 0), columns - 2), j = min(max(Int(fy) - originY, 0), rows - 2)
        let tx = ValueNoise.fade(Float(min(max(gx - fx, 0), 1))), ty = ValueNoise.fade(Float(min(max(gy - fy, 0), 1)))
        let base = j * columns + i
        let top = values[base] + (values[base + 1] - values[base]) * tx
        let bottom = values[base + columns] + (values[base + columns + 1] - values[base + columns]) * tx
        return top + (bottom - top) * ty
    }
}
