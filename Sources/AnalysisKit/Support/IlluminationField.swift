public import ImageCore
import Foundation

/// A smooth field of light over a photo (a gradient, vignetting, shading far larger than any
/// feature), estimated so that tone can be compared without it.
///
/// **Model.** Light that varies slowly over the frame multiplies every linear channel by the same
/// factor g(x, y), so it adds −ln g to the optical density D = −ln Y (``AnalysisPhoto/density``).
/// The field F is the quadratic surface F = c₀ + c₁u + c₂v + c₃u² + c₄uv + c₅v² fitted to a
/// density plane over the measured skin by least squares, in normalised coordinates
/// u = (x − x̄)/s, v = (y − ȳ)/s (x̄, ȳ the centre of the frame, s half its longer side).
///
/// **Between two photos.** Fitted to the difference D_after − D_before of two aligned photos, the
/// skin's own tone cancels (it is in both), and what is left is how the light changed, plus any
/// true change of the skin. A true change of the sizes the analyzers measure (a spot up to
/// 120 mm², a redness patch) is local: a quadratic has no room for it and the robust fit leaves it
/// out. Only a change spread smoothly over the whole frame would be taken for light.
///
/// **Robustness.** The fit uses a grid of about 16,000 skin pixels, the plane averaged over a 1 mm
/// (at least 3 px) box around each; after each of three fits, samples whose residual exceeds
/// 2.5 robust standard deviations (1.4826·MAD) are left out, so spots, scars and hairs do not pull
/// the surface.
///
/// ``flattened(_:)`` multiplies R, G and B by exp(F − F̄) (F̄ the mean of F on the mask), which
/// keeps the mean density and removes the surface's variation.
public struct IlluminationField: Sendable, Equatable {
    /// c₀…c₅ of the quadratic in density units (natural log of luminance).
    public let coefficients: [Double]
    /// Centre and scale of the normalised coordinates, pixels.
    public let centreX: Double, centreY: Double, scale: Double
    /// Mean of F over the mask.
    public let meanDensity: Double
    /// Largest minus smallest of F over the mask, in density units.
    public let range: Double

    /// The range as a percentage of luminance: 100·(e^range − 1), e.g. 25 % when the brightest
    /// part of the skin receives a quarter more light than the darkest.
    public var rangePercent: Double { 100 * (exp(range) - 1) }

    /// The field's value at pixel (x, y).
    public func value(x: Double, y: Double) -> Double {
        let u = (x - centreX) / scale, v = (y - centreY) / scale
        let c = coefficients
        return c[0] + c[1] * u + c[2] * v + c[3] * u * u + c[4] * u * v + c[5] * v * v
    }

    /// Fits the field to a density plane on `mask` (a photo's ``AnalysisPhoto/density``, or the
    /// difference of two aligned photos' densities); nil when the mask has fewer than 64 samples
    /// (too little skin to tell light from tone). `pixelsPerMillimetre` sets the 1 mm averaging box.
    public static func fit(_ density: Image<Gray32>, mask: Image<Gray8>, pixelsPerMillimetre: Double) -> IlluminationField? {
        let size = density.size, width = size.width, height = size.height
        guard width >= 8, height >= 8 else { return nil }
        let step = max(1, Int((Double(width * height) / 16_000).squareRoot().rounded()))
        let half = max(1, Int((0.5 * pixelsPerMillimetre).rounded()))
        let centreX = Double(width - 1) / 2, centreY = Double(height - 1) / 2, scale = Double(max(width, height)) / 2
        var samples: [(u: Double, v: Double, d: Double)] = []
        density.withUnsafeBufferPointer { d in
            mask.withUnsafeBufferPointer { m in
                for y in stride(from: step / 2, to: height, by: step) {
                    for x in stride(from: step / 2, to: width, by: step) where m[y * width + x].value != 0 {
                        var sum = 0.0, n = 0
                        for yy in max(0, y - half)...min(height - 1, y + half) {
                            for xx in max(0, x - half)...min(width - 1, x + half) where m[yy * width + xx].value != 0 {
                                sum += Double(d[yy * width + xx].value)
                                n += 1
                            }
                        }
                        samples.append(((Double(x) - centreX) / scale, (Double(y) - centreY) / scale, sum / Double(n)))
                    }
                }
            }
        }
        guard samples.count >= 64 else { return nil }
        var keep = [Bool](repeating: true, count: samples.count)
        var coefficients = [Double](repeating: 0, count: 6)
        for round in 0..<4 {
            guard let fitted = leastSquares(samples, keep: keep) else { return nil }
            coefficients = fitted
            if round == 3 { break }
            let residuals = samples.map { s in s.d - evaluate(coefficients, s.u, s.v) }
            let kept = zip(residuals, keep).filter(\.1).map { abs($0.0) }.sorted()
            let mad = kept.isEmpty ? 0 : kept[kept.count / 2]
            let limit = max(2.5 * 1.4826 * mad, 1e-4)
            keep = residuals.map { abs($0) <= limit }
            if keep.filter({ $0 }).count < 64 { break }
        }
        var low = Double.infinity, high = -Double.infinity, sum = 0.0
        for s in samples {
            let f = evaluate(coefficients, s.u, s.v)
            low = min(low, f)
            high = max(high, f)
            sum += f
        }
        return IlluminationField(coefficients: coefficients, centreX: centreX, centreY: centreY, scale: scale,
                                 meanDensity: sum / Double(samples.count), range: high - low)
    }

    /// `photo`'s linear planes with the field's variation removed: each times exp(F − F̄).
    public func flattened(_ photo: AnalysisPhoto) -> (red: Image<Gray32>, green: Image<Gray32>, blue: Image<Gray32>) {
        let width = photo.size.width, height = photo.size.height
        var gain = [Float](repeating: 1, count: width * height)
        for y in 0..<height {
            let v = (Double(y) - centreY) / scale
            for x in 0..<width {
                let u = (Double(x) - centreX) / scale
                gain[y * width + x] = Float(exp(Self.evaluate(coefficients, u, v) - meanDensity))
            }
        }
        func scaled(_ plane: Image<Gray32>) -> Image<Gray32> {
            plane.withUnsafeBufferPointer { source in
                Image<Gray32>(size: plane.size, unsafeUninitializedPixels: { (out: UnsafeMutableBufferPointer<Gray32>) -> Void in
                    for i in 0..<source.count { out[i] = Gray32(value: source[i].value * gain[i]) }
                })
            }
        }
        return (scaled(photo.red), scaled(photo.green), scaled(photo.blue))
    }

    static func evaluate(_ c: [Double], _ u: Double, _ v: Double) -> Double {
        c[0] + c[1] * u + c[2] * v + c[3] * u * u + c[4] * u * v + c[5] * v * v
    }

    /// Normal equations of the six-term quadratic, solved by Gaussian elimination with partial pivoting.
    static func leastSquares(_ samples: [(u: Double, v: Double, d: Double)], keep: [Bool]) -> [Double]? {
        var a = [[Double]](repeating: [Double](repeating: 0, count: 7), count: 6)
        for (s, k) in zip(samples, keep) where k {
            let terms = [1, s.u, s.v, s.u * s.u, s.u * s.v, s.v * s.v]
            for i in 0..<6 {
                for j in 0..<6 { a[i][j] += terms[i] * terms[j] }
                a[i][6] += terms[i] * s.d
            }
        }
        for column in 0..<6 {
            guard let pivot = (column..<6).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }), abs(a[pivot][column]) > 1e-12 else {
                return nil
            }
            a.swapAt(column, pivot)
            for row in 0..<6 where row != column {
                let factor = a[row][column] / a[column][column]
                for k in column...6 { a[row][k] -= factor * a[column][k] }
            }
        }
        return (0..<6).map { a[$0][6] / a[$0][$0] }
    }
}
