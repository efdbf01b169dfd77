import ImageCore
import Foundation

/// Inverse-compositional Gauss–Newton (Lucas–Kanade as in Baker and Matthews 2004 [1]) on one
/// pyramid level, with Huber weights (IRLS) so that changed skin counts less.
///
/// The template T is the before photo's band-passed level; the warp G maps template pixels into
/// the after photo's level, whose band-passed image I is sampled bilinearly. Each step solves
/// H·Δp = Σ w·SDᵀ·(I(G(x)) − T(x)) with the steepest-descent images SD = ∇T·∂W/∂p (computed once)
/// and updates G ← G ∘ W(Δp)⁻¹. H is rebuilt on the pixels that currently map inside the after
/// photo at the first steps and whenever the weights have moved; between those, the last H
/// preconditions the step (the fixed point, where Σ w·SDᵀ·e = 0, is the same).
///
/// [1] S. Baker, I. Matthews, "Lucas-Kanade 20 years on: a unifying framework", IJCV 56 (2004).
struct LevelRefiner {
    struct Statistics {
        var count = 0
        var weightedSquares = 0.0
        var weightSum = 0.0
        var sumT = 0.0, sumI = 0.0, sumTT = 0.0, sumII = 0.0, sumTI = 0.0
        var lagProducts = 0.0, lagSquares = 0.0

        mutating func add(_ o: Statistics) {
            count += o.count
            weightedSquares += o.weightedSquares
            weightSum += o.weightSum
            sumT += o.sumT; sumI += o.sumI; sumTT += o.sumTT; sumII += o.sumII; sumTI += o.sumTI
            lagProducts += o.lagProducts; lagSquares += o.lagSquares
        }

        /// Zero-mean normalised cross-correlation of T and I(G(x)) over the valid pixels.
        var correlation: Double {
            guard count > 1 else { return 0 }
            let n = Double(count)
            let covariance = sumTI - sumT * sumI / n
            let varianceT = sumTT - sumT * sumT / n, varianceI = sumII - sumI * sumI / n
            guard varianceT > 0, varianceI > 0 else { return 0 }
            return covariance / (varianceT * varianceI).squareRoot()
        }

        /// Lag-1 autocorrelation of the residuals along rows.
        var residualLagCorrelation: Double {
            lagSquares > 0 ? max(-0.99, min(0.99, lagProducts / lagSquares)) : 0
        }
    }

    struct Pass {
        var gradient: [Double]
        var hessian: [Double]?
        var statistics: Statistics
    }

    let template: Image<Gray32>
    let gradientX: Image<Gray32>
    let gradientY: Image<Gray32>
    /// Template pixels to use (nonzero), or nil for all.
    let mask: Image<Gray8>?
    let target: Image<Gray32>
    /// Normalisation of template and target pixel coordinates: (x − cx)/r.
    let templateCentre: (x: Double, y: Double)
    let templateRadius: Double
    let targetCentre: (x: Double, y: Double)
    let targetRadius: Double
    let parallel: Bool

    static let bandCount = 8

    init(template: Image<Gray32>, target: Image<Gray32>, mask: Image<Gray8>?, parallel: Bool) {
        self.template = template
        self.target = target
        self.mask = mask
        self.parallel = parallel
        let w = template.width, h = template.height
        // Central differences; zero on the outermost pixels, which are therefore not used.
        var gx = Image<Gray32>(size: template.size, repeating: Gray32(value: 0))
        var gy = gx
        template.withUnsafeBufferPointer { t in
            gx.withUnsafeMutableBufferPointer { ox in
                gy.withUnsafeMutableBufferPointer { oy in
                    for y in 1..<max(1, h - 1) {
                        for x in 1..<max(1, w - 1) {
                            let p = y * w + x
                            ox[p] = Gray32(value: 0.5 * (t[p + 1].value - t[p - 1].value))
                            oy[p] = Gray32(value: 0.5 * (t[p + w].value - t[p - w].value))
                        }
                    }
                }
            }
        }
        gradientX = gx
        gradientY = gy
        templateCentre = (Double(w - 1) / 2, Double(h - 1) / 2)
        templateRadius = Double(max(w, h)) / 2
        targetCentre = (Double(target.width - 1) / 2, Double(target.height - 1) / 2)
        targetRadius = Double(max(target.width, target.height)) / 2
    }

    /// Template normalised → template pixels.
    var templatePixelsFromNormalised: ProjectiveTransform {
        .affine(a: templateRadius, b: 0, c: templateCentre.x, d: 0, e: templateRadius, f: templateCentre.y)
    }

    /// Target pixels → target normalised.
    var targetNormalisedFromPixels: ProjectiveTransform {
        .affine(a: 1 / targetRadius, b: 0, c: -targetCentre.x / targetRadius, d: 0, e: 1 / targetRadius,
                f: -targetCentre.y / targetRadius)
    }

    /// One pass over the template: Σ w·SDᵀ·e, optionally H = Σ w·SDᵀ·SD, and statistics.
    /// `warp` maps template pixels to target pixels; `huber` is the Huber threshold (∞ for plain
    /// least squares).
    func pass(warp: ProjectiveTransform, model: MotionModel, withHessian: Bool, huber: Float) -> Pass {
        let p = model.parameterCount
        let w = template.width, h = template.height, tw = target.width, th = target.height
        let m = warp.matrix
        let bands = Self.bandCount
        var gradients = [[Double]](repeating: [Double](repeating: 0, count: p), count: bands)
        var hessians = [[Double]](repeating: [Double](repeating: 0, count: p * p), count: bands)
        var statistics = [Statistics](repeating: Statistics(), count: bands)
        let cx = templateCentre.x, cy = templateCentre.y, radius = templateRadius
        let maximumX = Double(tw - 1), maximumY = Double(th - 1)
        let hasMask = mask != nil
        let maskImage = mask ?? Image<Gray8>(size: Size(width: 1, height: 1), repeating: Gray8(value: 1))

        template.withUnsafeBufferPointer { tBuffer in
            gradientX.withUnsafeBufferPointer { gxBuffer in
                gradientY.withUnsafeBufferPointer { gyBuffer in
                    target.withUnsafeBufferPointer { iBuffer in
                      maskImage.withUnsafeBufferPointer { maskBuffer in
                        let pointers = UncheckedSendable((
                            t: UnsafeRawPointer(tBuffer.baseAddress!).assumingMemoryBound(to: Float.self),
                            gx: UnsafeRawPointer(gxBuffer.baseAddress!).assumingMemoryBound(to: Float.self),
                            gy: UnsafeRawPointer(gyBuffer.baseAddress!).assumingMemoryBound(to: Float.self),
                            i: UnsafeRawPointer(iBuffer.baseAddress!).assumingMemoryBound(to: Float.self),
                            mask: hasMask ? UnsafeRawPointer(maskBuffer.baseAddress!).assumingMemoryBound(to: UInt8.self) : nil))
                        let work: @Sendable (Int) -> (gradient: [Double], hessian: [Double], statistics: Statistics) = { band in
                            let t = pointers.value.t, gxp = pointers.value.gx, gyp = pointers.value.gy
                            let image = pointers.value.i, maskBytes = pointers.value.mask
                            var gradient = [Double](repeating: 0, count: p)
                            var hessian = [Double](repeating: 0, count: p * p)
                            var stats = Statistics()
                            var rowGradient = [Float](repeating: 0, count: 8)
                            var rowHessian = [Float](repeating: 0, count: 64)
                            var sdValues = [Float](repeating: 0, count: 8)
                            let rowStart = 1 + (h - 2) * band / bands, rowEnd = 1 + (h - 2) * (band + 1) / bands
                            for y in rowStart..<rowEnd {
                                let yn = (Double(y) - cy) / radius
                                // Homogeneous position of pixel x = 0; the loop steps by one column first.
                                var sx = m[1] * Double(y) + m[2]
                                var sy = m[4] * Double(y) + m[5]
                                var sz = m[7] * Double(y) + m[8]
                                for k in 0..<8 { rowGradient[k] = 0 }
                                if withHessian { for k in 0..<64 { rowHessian[k] = 0 } }
                                var rowSquares: Float = 0, rowWeights: Float = 0
                                var rowT: Float = 0, rowI: Float = 0, rowTT: Float = 0, rowII: Float = 0, rowTI: Float = 0
                                var rowLag: Float = 0, rowLagSquares: Float = 0
                                var previous: Float = 0, previousValid = false
                                var rowCount = 0
                                let base = y &* w
                                for x in 1..<(w - 1) {
                                    sx += m[0]; sy += m[3]; sz += m[6]
                                    let q = base &+ x
                                    if let maskBytes, maskBytes[q] == 0 { previousValid = false; continue }
                                    guard sz > 0 else { previousValid = false; continue }
                                    let inverseZ = 1 / sz
                                    let u = sx * inverseZ, v = sy * inverseZ
                                    guard u >= 0, v >= 0, u <= maximumX, v <= maximumY else { previousValid = false; continue }
                                    let x0 = Swift.min(Int(u), tw &- 2), y0 = Swift.min(Int(v), th &- 2)
                                    let fx = Float(u - Double(x0)), fy = Float(v - Double(y0))
                                    let s = y0 &* tw &+ x0
                                    let top = image[s] + fx * (image[s &+ 1] - image[s])
                                    let bottom = image[s &+ tw] + fx * (image[s &+ tw &+ 1] - image[s &+ tw])
                                    let sampled = top + fy * (bottom - top)
                                    let templateValue = t[q]
                                    let e = sampled - templateValue
                                    let magnitude = Swift.abs(e)
                                    let weight: Float = magnitude <= huber ? 1 : huber / magnitude
                                    let psi = weight * e
                                    let gx = gxp[q] * Float(radius), gy = gyp[q] * Float(radius)
                                    let xn = Float((Double(x) - cx) / radius), ynf = Float(yn)
                                    rowSquares += weight * e * e
                                    rowWeights += weight
                                    rowT += templateValue; rowI += sampled
                                    rowTT += templateValue * templateValue; rowII += sampled * sampled
                                    rowTI += templateValue * sampled
                                    if previousValid { rowLag += previous * e; rowLagSquares += previous * previous }
                                    previous = e
                                    previousValid = true
                                    rowCount &+= 1
                                    // Steepest-descent row for this pixel.
                                    var sd = (Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0))
                                    switch model {
                                    case .similarity:
                                        sd = (gx * xn + gy * ynf, gy * xn - gx * ynf, gx, gy, 0, 0, 0, 0)
                                    case .affine:
                                        sd = (gx * xn, gy * xn, gx * ynf, gy * ynf, gx, gy, 0, 0)
                                    case .homography:
                                        let radial = gx * xn + gy * ynf
                                        sd = (gx * xn, gy * xn, gx * ynf, gy * ynf, gx, gy, -radial * xn, -radial * ynf)
                                    }
                                    rowGradient[0] += psi * sd.0; rowGradient[1] += psi * sd.1
                                    rowGradient[2] += psi * sd.2; rowGradient[3] += psi * sd.3
                                    rowGradient[4] += psi * sd.4; rowGradient[5] += psi * sd.5
                                    rowGradient[6] += psi * sd.6; rowGradient[7] += psi * sd.7
                                    if withHessian {
                                        sdValues[0] = sd.0; sdValues[1] = sd.1; sdValues[2] = sd.2; sdValues[3] = sd.3
                                        sdValues[4] = sd.4; sdValues[5] = sd.5; sdValues[6] = sd.6; sdValues[7] = sd.7
                                        for i in 0..<p {
                                            let wi = weight * sdValues[i]
                                            for j in i..<p { rowHessian[i &* 8 &+ j] += wi * sdValues[j] }
                                        }
                                    }
                                }
                                for k in 0..<p { gradient[k] += Double(rowGradient[k]) }
                                if withHessian {
                                    for i in 0..<p { for j in i..<p { hessian[i * p + j] += Double(rowHessian[i * 8 + j]) } }
                                }
                                stats.count += rowCount
                                stats.weightedSquares += Double(rowSquares)
                                stats.weightSum += Double(rowWeights)
                                stats.sumT += Double(rowT); stats.sumI += Double(rowI)
                                stats.sumTT += Double(rowTT); stats.sumII += Double(rowII); stats.sumTI += Double(rowTI)
                                stats.lagProducts += Double(rowLag); stats.lagSquares += Double(rowLagSquares)
                            }
                            return (gradient, hessian, stats)
                        }
                        let collected = UnsafeMutablePointer<(gradient: [Double], hessian: [Double], statistics: Statistics)?>.allocate(capacity: bands)
                        collected.initialize(repeating: nil, count: bands)
                        defer { collected.deinitialize(count: bands); collected.deallocate() }
                        let box = UncheckedSendable(collected)
                        if parallel {
                            DispatchQueue.concurrentPerform(iterations: bands) { band in box.value[band] = work(band) }
                        } else {
                            for band in 0..<bands { box.value[band] = work(band) }
                        }
                        for band in 0..<bands {
                            let r = collected[band]!
                            gradients[band] = r.gradient
                            hessians[band] = r.hessian
                            statistics[band] = r.statistics
                        }
                      }
                    }
                }
            }
        }
        // Sum the bands in order, so the result does not depend on the thread count.
        var gradient = [Double](repeating: 0, count: p)
        var hessian = [Double](repeating: 0, count: p * p)
        var total = Statistics()
        for band in 0..<bands {
            for k in 0..<p { gradient[k] += gradients[band][k] }
            for k in 0..<(p * p) { hessian[k] += hessians[band][k] }
            total.add(statistics[band])
        }
        guard withHessian else { return Pass(gradient: gradient, hessian: nil, statistics: total) }
        for i in 0..<p { for j in 0..<i { hessian[i * p + j] = hessian[j * p + i] } }
        return Pass(gradient: gradient, hessian: hessian, statistics: total)
    }
}
