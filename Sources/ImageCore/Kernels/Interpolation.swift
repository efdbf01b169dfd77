/// How a float plane is sampled between pixel centres.
public enum Interpolation: String, Sendable, Codable, CaseIterable {
    /// Weighted mean of the 2×2 nearest pixels (weights 1 − f, f per axis). Continuous; smooths
    /// slightly.
    case bilinear
    /// Keys' cubic convolution with a = −0.5 (Catmull–Rom) over 4×4 pixels: third-order accurate,
    /// keeps edges and fine texture sharper than bilinear, may overshoot by a few percent at edges.
    /// Weights: (a+2)|t|³ − (a+3)|t|² + 1 for |t| ≤ 1, a|t|³ − 5a|t|² + 8a|t| − 4a for 1 < |t| < 2.
    /// [R. Keys, "Cubic convolution interpolation for digital image processing", IEEE TASSP 29 (1981)].
    case bicubic

    /// Keys' weights for the four taps at offsets −1, 0, 1, 2 from the floor of the coordinate,
    /// for a fractional position `f` in [0, 1).
    @inline(__always)
    public static func cubicWeights(_ f: Float) -> (Float, Float, Float, Float) {
        let a: Float = -0.5
        let t0 = 1 + f, t1 = f, t2 = 1 - f, t3 = 2 - f
        let w0 = ((a * t0 - 5 * a) * t0 + 8 * a) * t0 - 4 * a
        let w1 = ((a + 2) * t1 - (a + 3)) * t1 * t1 + 1
        let w2 = ((a + 2) * t2 - (a + 3)) * t2 * t2 + 1
        let w3 = ((a * t3 - 5 * a) * t3 + 8 * a) * t3 - 4 * a
        return (w0, w1, w2, w3)
    }

    static func cubicWeight(_ t: Double) -> Double {
        let a = -0.5, t = abs(t)
        if t <= 1 { return (a + 2) * t * t * t - (a + 3) * t * t + 1 }
        if t < 2 { return a * t * t * t - 5 * a * t * t + 8 * a * t - 4 * a }
        return 0
    }
}
