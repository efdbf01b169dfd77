#if os(Linux)
import Glibc
#endif

extension Kernels {
    /// eˣ for eight values at once, for filters that take an exponential per pixel.
    ///
    /// Cody–Waite reduction x = n·ln 2 + r with |r| ≤ ½ ln 2, Cephes' degree-6 polynomial for eʳ,
    /// and 2ⁿ put straight into the exponent bits: within 2 units in the last place of the C
    /// library's `expf` for x in −87.3…88 (tested); a call per value cannot be vectorized (the
    /// fine-line ridge filter took 0.3 s less per 12 MP pair with this one). Below −87.3 the result
    /// is e^−87.3365, just above the smallest normal float (about 1.2·10⁻³⁸), instead of a subnormal
    /// or 0; above 88 it is e⁸⁸ (about 1.7·10³⁸) instead of growing to +∞; NaN gives NaN.
    public enum Exponential {
        /// The C library's `expf`, the definition ``fast(_:)`` is tested against.
        public static func reference(_ x: Float) -> Float {
            #if os(Linux)
            return expf(x)
            #else
            return Float(exp(Double(x)))
            #endif
        }

        /// eˣ lane by lane (see the type's note on accuracy and range).
        @inline(__always)
        public static func fast(_ x: SIMD8<Float>) -> SIMD8<Float> {
            typealias V = SIMD8<Float>
            let lowest = V(repeating: -87.336_54), highest = V(repeating: 88)
            let nan = x .!= x
            var v = x.replacing(with: lowest, where: x .< lowest)
            v.replace(with: highest, where: v .> highest)
            // n = round(x / ln 2): the magic 1.5·2²³ rounds to the nearest integer in the low bits.
            let shift = V(repeating: 12_582_912)
            let z = v * V(repeating: 1.442_695_04) + shift
            let n = z - shift
            let r = (v - n * V(repeating: 0.693_359_375)) - n * V(repeating: -2.121_944_4e-4)
            var p = V(repeating: 1.987_569_15e-4)
            p = p * r + V(repeating: 1.398_199_95e-3)
            p = p * r + V(repeating: 8.333_451_9e-3)
            p = p * r + V(repeating: 4.166_579_59e-2)
            p = p * r + V(repeating: 1.666_666_55e-1)
            p = p * r + V(repeating: 5.000_000_12e-1)
            let y = p * (r * r) + r + V(repeating: 1)
            // 2ⁿ: the low bits of z hold n + 2²², which shifted by 23 leaves (n + 127)·2²³ mod 2³².
            let bits = (unsafeBitCast(z, to: SIMD8<UInt32>.self) &+ SIMD8(repeating: 127)) &<< SIMD8(repeating: 23)
            let result = y * unsafeBitCast(bits, to: V.self)
            return result.replacing(with: x, where: nan)
        }
    }
}
