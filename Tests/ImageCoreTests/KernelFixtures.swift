import ImageCore

enum KernelFixtures {
    /// Sizes where SIMD code breaks: 1×1, widths not divisible by 8 or 16, 1-pixel-wide tall, and
    /// one large enough to be split into parallel row bands.
    static let sizes = [
        Size(width: 1, height: 1), Size(width: 7, height: 3), Size(width: 17, height: 9), Size(width: 33, height: 2),
        Size(width: 1, height: 67), Size(width: 64, height: 1), Size(width: 131, height: 97),
    ]

    static func noise(_ size: Size, seed: UInt64) -> Image<Gray32> {
        var state = seed
        return Image(size: size, pixels: (0..<(size.width * size.height)).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Gray32(value: Float(state >> 40) / Float(1 << 24))
        })
    }

    static func noiseRGB(_ size: Size, seed: UInt64) -> Image<RGB8> {
        var state = seed
        return Image(size: size, pixels: (0..<(size.width * size.height)).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return RGB8(red: UInt8(truncatingIfNeeded: state >> 56), green: UInt8(truncatingIfNeeded: state >> 48),
                        blue: UInt8(truncatingIfNeeded: state >> 40))
        })
    }

    static func maxDifference(_ a: Image<Gray32>, _ b: Image<Gray32>) -> Float {
        precondition(a.size == b.size)
        return zip(a.pixels, b.pixels).map { abs($0.value - $1.value) }.max() ?? 0
    }
}

extension KernelFixtures {
    static func mask(_ size: Size, seed: UInt64, density: Double) -> Image<Gray8> {
        var state = seed
        return Image(size: size, pixels: (0..<(size.width * size.height)).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Gray8(value: Double(state >> 11) / Double(1 << 53) < density ? 255 : 0)
        })
    }

    /// Max |a − b| where both are finite; NaN positions must coincide (else infinity).
    static func maxDifferenceOrBothNaN(_ a: Image<Gray32>, _ b: Image<Gray32>) -> Float {
        var worst: Float = 0
        for (x, y) in zip(a.pixels, b.pixels) {
            if x.value.isNaN || y.value.isNaN {
                if !(x.value.isNaN && y.value.isNaN) { return .infinity }
                continue
            }
            worst = Swift.max(worst, abs(x.value - y.value))
        }
        return worst
    }
}

extension KernelFixtures {
    /// Bit-for-bit equality (NaN equals NaN).
    static func identical(_ a: Image<Gray32>, _ b: Image<Gray32>) -> Bool {
        a.size == b.size && zip(a.pixels, b.pixels).allSatisfy { $0.value.bitPattern == $1.value.bitPattern }
    }
}
