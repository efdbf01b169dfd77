import Foundation

/// SplitMix64: a small, fast, seedable generator, so bootstrap resamples are reproducible from
/// the inputs alone (the same numbers on every machine and thread count).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in 0..<bound without modulo bias worth noting (bound ≪ 2⁶⁴).
    public mutating func index(below bound: Int) -> Int {
        Int((next() >> 11) % UInt64(bound))
    }

    /// A standard normal number (Box–Muller on two uniforms in (0, 1)).
    public mutating func normal() -> Double {
        let u1 = (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992
        let u2 = Double(next() >> 11) / 9_007_199_254_740_992
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A seed from numbers: FNV-1a over their bit patterns.
    public static func seed(from values: [Double]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for value in values {
            var bits = value.bitPattern
            for _ in 0..<8 {
                hash = (hash ^ (bits & 0xFF)) &* 0x0000_0100_0000_01B3
                bits >>= 8
            }
        }
        return hash
    }
}
