import Foundation

/// A small, fast, seedable random number generator (SplitMix64, Steele, Lea & Flood 2014).
///
/// Used instead of the system generator so that the same seed gives the same numbers on every
/// machine and Swift version. Uniform and normal variates are derived here with fixed formulas
/// (not `Double.random(in:using:)`, whose algorithm the standard library may change).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) {
        state = seed
    }

    /// Creates an independent stream for a named purpose, so adding draws to one feature never
    /// shifts the numbers of another.
    public init(seed: UInt64, stream: UInt64, _ more: UInt64...) {
        var key = PixelHash.mix(seed ^ PixelHash.mix(stream &+ 0x9E37_79B9_7F4A_7C15))
        for value in more { key = PixelHash.mix(key ^ PixelHash.mix(value &+ 0xD1B5_4A32_D192_ED03)) }
        state = key
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return PixelHash.mix(state)
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform in `range`.
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * unit()
    }

    /// Uniform integer in `range`.
    public mutating func integer(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next() % span)
    }

    /// Standard normal variate (Box–Muller).
    public mutating func normal() -> Double {
        let u = max(unit(), 0x1p-60), v = unit()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }

    /// Log-normal variate with the given median and geometric standard deviation factor.
    public mutating func logNormal(median: Double, spread: Double) -> Double {
        median * Foundation.exp(Foundation.log(spread) * normal())
    }

    /// A Poisson variate (Knuth's method for small means, normal approximation above 60).
    public mutating func poisson(mean: Double) -> Int {
        if mean > 60 { return max(0, Int((mean + mean.squareRoot() * normal()).rounded())) }
        let limit = Foundation.exp(-mean)
        var product = unit(), count = 0
        while product > limit {
            count += 1
            product *= unit()
        }
        return count
    }
}
