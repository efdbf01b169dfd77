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
    let target: Image<Gray32>
    /// Normalisation of template and target pixel coordinates: (x − cx)/r.
    let templateCentre: (x: Double, y: Double)
    let templateRadius: Double
    let targetCentre: (x: Double, y: Double)
    let targetRadius: Double
    let parallel: Bool
    /// The template pixels used, in row-major order (struct of arrays): position, value, and the
    /// gradient in normalised units (∂T/∂x · r).
    let xs: [Int32]
    let ys: [Int32]
    let values: [Float]
    let gradientsX: [Float]
    let gradientsY: [Float]
    /// Target pixels (nonzero) whose samples are left out, e.g. the after photo's hairs; nil = none.
    let excluded: Image<Gray8>?

    static let bandCount = 8

    /// Uses the template pixels inside `mask` (nonzero; nil = all) whose gradient magnitude is
    /// among the strongest `fraction` of them; the outermost pixels are never used. A template
    /// pixel that lands on an `excluded` target pixel (nearest) is skipped in that pass.
    init(template: Image<Gray32>, target: Image<Gray32>, mask: Image<Gray8>?, fraction: Double,
         excluded: Image<Gray8>? = nil, parallel: Bool) {
        self.template = template
        self.target = target
        self.excluded = excluded.flatMap { e in
            e.size == target.size && e.pixels.contains { $0.value != 0 } ? e : nil
        }
        self.parallel = parallel
        let w = template.width, h = template.height
        templateCentre = (Double(w - 1) / 2, Double(h - 1) / 2)
        templateRadius = Double(max(w, h)) / 2
        targetCentre = (Double(target.width - 1) / 2, Double(target.height - 1) / 2)
        targetRadius = Double(max(target.width, target.height)) / 2
        let radius = Float(templateRadius)
        var squares = [Float](repeating: -1, count: w * h)
        template.withUnsafeBufferPointer { t in
            let maskPixels = mask?.pixels
            for y in 1..<max(1, h - 1) {
                for x in 1..<max(1, w - 1) {
                    let p = y * w + x
                    if let maskPixels, maskPixels[p].value == 0 { continue }
                    let gx = 0.5 * (t[p + 1].value - t[p - 1].value), gy = 0.5 * (t[p + w].value - t[p - w].value)
                    squares[p] = gx * gx + gy * gy
                }
            }
        }
        // The threshold: the (1 − fraction) quantile of a strided sample of the candidates.
        var sample: [Float] = []
        let stride = max(1, squares.count / 8192)
        for k in Swift.stride(from: 0, to: squares.count, by: stride) where squares[k] >= 0 { sample.append(squares[k]) }
        sample.sort()
        let threshold: Float = sample.isEmpty ? 0 : sample[min(sample.count - 1, Int(Double(sample.count) * (1 - min(1, max(0, fraction)))))]
        var xs: [Int32] = [], ys: [Int32] = [], values: [Float] = [], gxs: [Float] = [], gys: [Float] = []
        template.withUnsafeBufferPointer { t in
            for y in 1..<max(1, h - 1) {
                for x in 1..<max(1, w - 1) {
                    let p = y * w + x
                    guard squares[p] >= threshold, squares[p] >= 0 else { continue }
                    xs.append(Int32(x))
                    ys.append(Int32(y))
                    values.append(t[p].value)
                    gxs.append(0.5 * (t[p + 1].value - t[p - 1].value) * radius)
                    gys.append(0.5 * (t[p + w].value - t[p - w].value) * radius)
                }
            }
        }
        self.xs = xs
        self.ys = ys
        self.values = values
        gradientsX = gxs
        gradientsY = gys
    }

    /// Calls `body` with the excluded target pixels (nil when there are none).
    private func withExcludedPixels(_ body: (UnsafePointer<UInt8>?) -> Void) {
        guard let excluded else { return body(nil) }
        excluded.withUnsafeBufferPointer { e in
            body(UnsafeRawPointer(e.baseAddress!).assumingMemoryBound(to: UInt8.self))
        }
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

    /// One pass over the selected template pixels: Σ w·SDᵀ·e, optionally H = Σ w·SDᵀ·SD, and
    /// statistics. `warp` maps template pixels to target pixels; `huber` is the Huber threshold
    /// (∞ for plain least squares). The pixels are split into a fixed number of bands whose sums
    /// are added in order, so the result does not depend on the number of threads.
    func pass(warp: ProjectiveTransform, model: MotionModel, withHessian: Bool, huber: Float) -> Pass {
        let p = model.parameterCount
        let tw = target.width, th = target.height
        let m = warp.matrix
        let m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6], m7 = m[7], m8 = m[8]
        let bands = Self.bandCount
        let count = xs.count
        let cx = templateCentre.x, cy = templateCentre.y, inverseRadius = 1 / templateRadius
        let maximumX = Double(tw - 1), maximumY = Double(th - 1)
        typealias BandResult = (gradient: [Double], hessian: [Double], statistics: Statistics)
        let collected = UnsafeMutablePointer<BandResult?>.allocate(capacity: bands)
        collected.initialize(repeating: nil, count: bands)
        defer { collected.deinitialize(count: bands); collected.deallocate() }

        xs.withUnsafeBufferPointer { xsBuffer in
            ys.withUnsafeBufferPointer { ysBuffer in
                values.withUnsafeBufferPointer { tBuffer in
                    gradientsX.withUnsafeBufferPointer { gxBuffer in
                        gradientsY.withUnsafeBufferPointer { gyBuffer in
                            target.withUnsafeBufferPointer { iBuffer in
                              withExcludedPixels { excludedPixels in
                                let job = UncheckedSendable((
                                    xs: xsBuffer.baseAddress, ys: ysBuffer.baseAddress, t: tBuffer.baseAddress,
                                    gx: gxBuffer.baseAddress, gy: gyBuffer.baseAddress,
                                    i: UnsafeRawPointer(iBuffer.baseAddress!).assumingMemoryBound(to: Float.self),
                                    excluded: excludedPixels, out: collected))
                                let work: @Sendable (Int) -> Void = { band in
                                    guard let xp = job.value.xs, let yp = job.value.ys, let t = job.value.t,
                                          let gxp = job.value.gx, let gyp = job.value.gy else {
                                        job.value.out[band] = ([Double](repeating: 0, count: p), [Double](repeating: 0, count: p * p), Statistics())
                                        return
                                    }
                                    let image = job.value.i
                                    let skip = job.value.excluded
                                    var gradient = [Double](repeating: 0, count: p)
                                    var hessian = [Double](repeating: 0, count: p * p)
                                    var stats = Statistics()
                                    var sums = SIMD8<Float>()
                                    var h0 = SIMD8<Float>(), h1 = SIMD8<Float>(), h2 = SIMD8<Float>(), h3 = SIMD8<Float>()
                                    var h4 = SIMD8<Float>(), h5 = SIMD8<Float>(), h6 = SIMD8<Float>(), h7 = SIMD8<Float>()
                                    var rowSquares: Float = 0, rowWeights: Float = 0
                                    var rowT: Float = 0, rowI: Float = 0, rowTT: Float = 0, rowII: Float = 0, rowTI: Float = 0
                                    var rowLag: Float = 0, rowLagSquares: Float = 0, rowCount = 0
                                    var previous: Float = 0, previousX: Int32 = -2, previousY: Int32 = -2
                                    /// Moves the float partial sums into the double totals (every 1024 pixels).
                                    func flush() {
                                        for k in 0..<p { gradient[k] += Double(sums[k]) }
                                        sums = SIMD8<Float>()
                                        if withHessian {
                                            let rows = [h0, h1, h2, h3, h4, h5, h6, h7]
                                            for i in 0..<p { for j in i..<p { hessian[i * p + j] += Double(rows[i][j]) } }
                                            h0 = SIMD8<Float>(); h1 = h0; h2 = h0; h3 = h0; h4 = h0; h5 = h0; h6 = h0; h7 = h0
                                        }
                                        stats.count += rowCount
                                        stats.weightedSquares += Double(rowSquares)
                                        stats.weightSum += Double(rowWeights)
                                        stats.sumT += Double(rowT); stats.sumI += Double(rowI)
                                        stats.sumTT += Double(rowTT); stats.sumII += Double(rowII); stats.sumTI += Double(rowTI)
                                        stats.lagProducts += Double(rowLag); stats.lagSquares += Double(rowLagSquares)
                                        rowCount = 0; rowSquares = 0; rowWeights = 0
                                        rowT = 0; rowI = 0; rowTT = 0; rowII = 0; rowTI = 0; rowLag = 0; rowLagSquares = 0
                                    }
                                    let start = count * band / bands, end = count * (band + 1) / bands
                                    var k = start
                                    while k < end {
                                        let chunkEnd = Swift.min(end, k &+ 1024)
                                        while k < chunkEnd {
                                            defer { k &+= 1 }
                                            let xi = xp[k], yi = yp[k]
                                            let x = Double(xi), y = Double(yi)
                                            let z = m6 * x + m7 * y + m8
                                            guard z > 0 else { previousX = -2; continue }
                                            let inverseZ = 1 / z
                                            let u = (m0 * x + m1 * y + m2) * inverseZ, v = (m3 * x + m4 * y + m5) * inverseZ
                                            guard u >= 0, v >= 0, u <= maximumX, v <= maximumY else { previousX = -2; continue }
                                            if let skip, skip[Int(v + 0.5) &* tw &+ Int(u + 0.5)] != 0 { previousX = -2; continue }
                                            let x0 = Swift.min(Int(u), tw &- 2), y0 = Swift.min(Int(v), th &- 2)
                                            let fx = Float(u - Double(x0)), fy = Float(v - Double(y0))
                                            let s = y0 &* tw &+ x0
                                            let top = image[s] + fx * (image[s &+ 1] - image[s])
                                            let bottom = image[s &+ tw] + fx * (image[s &+ tw &+ 1] - image[s &+ tw])
                                            let sampled = top + fy * (bottom - top)
                                            let templateValue = t[k]
                                            let e = sampled - templateValue
                                            let magnitude = Swift.abs(e)
                                            let weight: Float = magnitude <= huber ? 1 : huber / magnitude
                                            let psi = weight * e
                                            let gx = gxp[k], gy = gyp[k]
                                            let xn = Float((x - cx) * inverseRadius), yn = Float((y - cy) * inverseRadius)
                                            rowSquares += weight * e * e
                                            rowWeights += weight
                                            rowT += templateValue; rowI += sampled
                                            rowTT += templateValue * templateValue; rowII += sampled * sampled
                                            rowTI += templateValue * sampled
                                            if xi == previousX &+ 1 && yi == previousY { rowLag += previous * e; rowLagSquares += previous * previous }
                                            previous = e
                                            previousX = xi
                                            previousY = yi
                                            rowCount &+= 1
                                            let sd: SIMD8<Float>
                                            switch model {
                                            case .similarity:
                                                sd = SIMD8(gx * xn + gy * yn, gy * xn - gx * yn, gx, gy, 0, 0, 0, 0)
                                            case .affine:
                                                sd = SIMD8(gx * xn, gy * xn, gx * yn, gy * yn, gx, gy, 0, 0)
                                            case .homography:
                                                let radial = gx * xn + gy * yn
                                                sd = SIMD8(gx * xn, gy * xn, gx * yn, gy * yn, gx, gy, -radial * xn, -radial * yn)
                                            }
                                            sums += psi * sd
                                            if withHessian {
                                                let ws = weight * sd
                                                h0 += ws[0] * sd; h1 += ws[1] * sd; h2 += ws[2] * sd; h3 += ws[3] * sd
                                                if p > 4 { h4 += ws[4] * sd; h5 += ws[5] * sd }
                                                if p > 6 { h6 += ws[6] * sd; h7 += ws[7] * sd }
                                            }
                                        }
                                        flush()
                                    }
                                    job.value.out[band] = (gradient, hessian, stats)
                                }
                                if parallel {
                                    DispatchQueue.concurrentPerform(iterations: bands, execute: work)
                                } else {
                                    for band in 0..<bands { work(band) }
                                }
                              }
                            }
                        }
                    }
                }
            }
        }
        var gradient = [Double](repeating: 0, count: p)
        var hessian = [Double](repeating: 0, count: p * p)
        var total = Statistics()
        for band in 0..<bands {
            let r = collected[band]!
            for k in 0..<p { gradient[k] += r.gradient[k] }
            for k in 0..<(p * p) { hessian[k] += r.hessian[k] }
            total.add(r.statistics)
        }
        guard withHessian else { return Pass(gradient: gradient, hessian: nil, statistics: total) }
        for i in 0..<p { for j in 0..<i { hessian[i * p + j] = hessian[j * p + i] } }
        return Pass(gradient: gradient, hessian: hessian, statistics: total)
    }
}
