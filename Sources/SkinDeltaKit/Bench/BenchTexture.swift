import ImageCore

/// A deterministic skin-like test picture for benchmarks: a smooth tone field with low-frequency
/// mottling and fine sensor-like noise, so that a JPEG of it costs what a real photo costs to decode.
enum BenchTexture {
    static func skin(size: Size, seed: UInt64) -> Image<RGB8> {
        let cell = 64
        let gridWidth = size.width / cell + 2, gridHeight = size.height / cell + 2
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let grid = (0..<(gridWidth * gridHeight)).map { _ in Float(next() % 1000) / 1000 - 0.5 }
        return Image(size: size) { (pixels: UnsafeMutableBufferPointer<RGB8>) in
            for y in 0..<size.height {
                let gy = Float(y) / Float(cell), iy = Int(gy), fy = gy - Float(iy)
                for x in 0..<size.width {
                    let gx = Float(x) / Float(cell), ix = Int(gx), fx = gx - Float(ix)
                    let a = grid[iy * gridWidth + ix], b = grid[iy * gridWidth + ix + 1]
                    let c = grid[(iy + 1) * gridWidth + ix], d = grid[(iy + 1) * gridWidth + ix + 1]
                    let mottle = (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy
                    let noise = Float(next() % 17) - 8
                    let base = 170 + 30 * mottle + noise
                    pixels[y * size.width + x] = RGB8(
                        red: UInt8(clamping: Int(base + 45)),
                        green: UInt8(clamping: Int(base - 10 + noise * 0.5)),
                        blue: UInt8(clamping: Int(base - 35 + 8 * mottle))
                    )
                }
            }
        }
    }
}
