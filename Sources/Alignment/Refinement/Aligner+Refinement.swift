import ImageCore
import Foundation

extension Aligner {
    struct Refined {
        var model: MotionModel
        var transform: ProjectiveTransform
        var correlation: Double
        var residualPixels: Double
        var iterations: Int
        var converged: Bool
    }

    /// One level's outcome: the warp in normalised coordinates and the last pass.
    struct LevelOutcome {
        var warp: ProjectiveTransform
        var iterations: Int
        var converged: Bool
        var final: LevelRefiner.Pass
    }

    /// Share of template pixels (strongest gradients) used at the finest level and above it.
    static let fineFraction = 0.25
    static let coarseFraction = 0.5

    /// Coarse-to-fine refinement from `initial` (after → before, full resolution); nil if it
    /// diverges.
    ///
    /// The coarsest level refines at most an affine transform. Without a requested model, the
    /// levels above the finest refine a homography, and at the last of them the simplest model
    /// whose least-squares fit stays within tolerance of that homography over the photo is chosen;
    /// the finest level refines only the chosen model (when no level between the coarsest and the
    /// finest exists, the choice is made on the finest and the chosen model refined again).
    func refine(initial: ProjectiveTransform) -> Refined? {
        let levelCount = min(before.globalLevel - before.fineLevel, after.globalLevel - after.fineLevel) + 1
        guard var afterFromBefore = initial.inverse else { return nil }
        var model = options.model ?? .homography
        var iterations = 0
        var result: Refined?
        for i in stride(from: levelCount - 1, through: 0, by: -1) {
            let kb = before.fineLevel + i
            // The after level whose pixels are closest in size to the before level's: a zoomed-out
            // follow-up (more skin per pixel) is refined against a finer level of itself.
            var ka = after.fineLevel + i
            // After-level pixels per before-level pixel at the finest level (1 when they show the skin alike).
            var levelZoom = 1.0
            if i == 0 {
                let zoom = Registration.jacobian(afterFromBefore, at: Registration.centre(before.size))
                let afterPixelsPerBeforePixel = abs(zoom.a * zoom.d - zoom.b * zoom.c).squareRoot()
                let levels = Int((log2(1 / max(afterPixelsPerBeforePixel, 1e-6)) + Double(kb - ka)).rounded())
                ka = max(after.finestAvailableLevel, min(ka, ka - levels))
                levelZoom = afterPixelsPerBeforePixel * pow(2, Double(kb - ka))
            }
            let levelModel = i == levelCount - 1 && levelCount > 1 ? min(model, .affine) : model
            var template = before.bandPass(level: kb), target = after.bandPass(level: ka, parallel: options.parallel)
            // Focus is compared only where both levels sample the skin alike (within 15 %): otherwise
            // their sharpness differs by sampling, not by focus.
            if i == 0, options.equalisesFocus, abs(log(levelZoom)) < log(1.15),
               let t = before.paintedLuminance(level: kb), let a = after.paintedLuminance(level: ka),
               let equal = FocusEqualisation.equalised(template: t, target: a, parallel: options.parallel) {
                (template, target) = (equal.template, equal.target)
            }
            let refiner = LevelRefiner(template: template, target: target,
                                       mask: levelMask(kb), fraction: i == 0 ? Self.fineFraction : Self.coarseFraction,
                                       excluded: after.hair(level: ka), parallel: options.parallel)
            let start = normalisedWarp(refiner, afterFromBefore: afterFromBefore, kb: kb, ka: ka)
            guard var outcome = iterate(refiner, from: start, model: levelModel, tolerance: i == 0 ? 0.002 : 0.02) else {
                return nil
            }
            iterations += outcome.iterations
            afterFromBefore = fullWarp(refiner, normalised: outcome.warp, kb: kb, ka: ka)
            var finalModel = levelModel

            // The model choice, on the last level before the finest (or on the only one).
            let decides = options.model == nil && levelModel == .homography && (i == 0 || (i == 1 && levelCount >= 3))
            if decides {
                let residual = uncertainty(refiner, outcome.final, model: levelModel, kb: kb, warp: outcome.warp)
                let tolerance = max(0.1, residual)
                for simpler in [MotionModel.similarity, .affine] {
                    guard let fitted = ModelFit.fit(afterFromBefore, model: simpler, over: before.size, into: after.size),
                          fitted.deviation <= tolerance else { continue }
                    model = simpler
                    afterFromBefore = fitted.transform
                    if i == 0 {
                        let start = normalisedWarp(refiner, afterFromBefore: afterFromBefore, kb: kb, ka: ka)
                        guard let polished = iterate(refiner, from: start, model: simpler, tolerance: 0.002) else { return nil }
                        iterations += polished.iterations
                        outcome = polished
                        finalModel = simpler
                        afterFromBefore = fullWarp(refiner, normalised: polished.warp, kb: kb, ka: ka)
                    }
                    break
                }
            }
            if i == 0 {
                guard let transform = afterFromBefore.inverse, transform.matrix.allSatisfy(\.isFinite),
                      transform.matrix[8] != 0 else { return nil }
                result = Refined(model: finalModel, transform: ProjectiveTransform(matrix: transform.matrix.map { $0 / transform.matrix[8] }),
                                 correlation: outcome.final.statistics.correlation,
                                 residualPixels: uncertainty(refiner, outcome.final, model: finalModel, kb: kb, warp: outcome.warp),
                                 iterations: iterations, converged: outcome.converged)
            }
        }
        return result
    }

    /// The before-photo pixels at level `kb` that refinement may use: inside the mask (nearest
    /// sample) and not hair; nil when there is neither a mask nor a hair.
    func levelMask(_ kb: Int) -> Image<Gray8>? {
        let hair = before.hair(level: kb)
        let hairs = hair.map { h in h.pixels.contains { $0.value != 0 } } ?? false
        let mask = options.mask.flatMap { $0.size == before.size ? $0 : nil }
        guard mask != nil || hairs else { return nil }
        let size = before.bandPass(level: kb).size
        let f = 1 << kb
        return Image<Gray8>(size: size) { (out: UnsafeMutableBufferPointer<Gray8>) in
            for i in 0..<out.count { out[i] = Gray8(value: 255) }
            if let mask {
                mask.withUnsafeBufferPointer { source in
                    for y in 0..<size.height {
                        let sy = min(y * f + f / 2, mask.height - 1)
                        for x in 0..<size.width {
                            out[y * size.width + x] = source[sy * mask.width + min(x * f + f / 2, mask.width - 1)]
                        }
                    }
                }
            }
            if hairs, let hair, hair.size == size {
                hair.withUnsafeBufferPointer { h in
                    for i in 0..<out.count where h[i].value != 0 { out[i] = Gray8(value: 0) }
                }
            }
        }
    }

    /// Full-resolution before → after as a warp between the levels' normalised coordinates.
    func normalisedWarp(_ r: LevelRefiner, afterFromBefore: ProjectiveTransform, kb: Int, ka: Int) -> ProjectiveTransform {
        r.targetNormalisedFromPixels
            .concatenating(AlignmentPyramid.levelFromFull(ka))
            .concatenating(afterFromBefore)
            .concatenating(AlignmentPyramid.fullFromLevel(kb))
            .concatenating(r.templatePixelsFromNormalised)
    }

    /// The inverse of ``normalisedWarp(_:afterFromBefore:kb:ka:)``.
    func fullWarp(_ r: LevelRefiner, normalised: ProjectiveTransform, kb: Int, ka: Int) -> ProjectiveTransform {
        AlignmentPyramid.fullFromLevel(ka)
            .concatenating(r.targetNormalisedFromPixels.inverse!)
            .concatenating(normalised)
            .concatenating(r.templatePixelsFromNormalised.inverse!)
            .concatenating(AlignmentPyramid.levelFromFull(kb))
    }

    /// Gauss–Newton steps at one level until the update moves no template corner by more than
    /// `tolerance` level pixels.
    func iterate(_ r: LevelRefiner, from start: ProjectiveTransform, model: MotionModel, tolerance: Double) -> LevelOutcome? {
        let n = model.parameterCount
        var warp = start
        var hessian: [Double]?
        var huber = Float.infinity
        let corners = cornersNormalised(r)
        var steps = 0
        var last: LevelRefiner.Pass?
        let pixelsToNormalised = r.templatePixelsFromNormalised.inverse!
        let normalisedToTarget = r.targetNormalisedFromPixels.inverse!
        while steps < options.maximumIterations {
            let pixelWarp = normalisedToTarget.concatenating(warp).concatenating(pixelsToNormalised)
            let rebuild = hessian == nil || steps == 3 || steps == 10
            let pass = r.pass(warp: pixelWarp, model: model, withHessian: rebuild, huber: huber)
            if rebuild { hessian = pass.hessian }
            guard pass.statistics.count >= 40 * n, let h = hessian else { return nil }
            // The statistics of this pass with the latest H describe the converged warp to within
            // the tolerance; no extra pass is spent on them.
            last = LevelRefiner.Pass(gradient: pass.gradient, hessian: h, statistics: pass.statistics)
            let rms = (pass.statistics.weightedSquares / max(pass.statistics.weightSum, 1)).squareRoot()
            huber = Float(1.345 * max(rms, 1e-6))
            guard let delta = SmallMatrix.solve(h, pass.gradient, n: n) else { return nil }
            let update = WarpParameters.matrix(delta, model: model)
            guard let inverseUpdate = update.inverse else { return nil }
            warp = warp.concatenating(inverseUpdate)
            steps += 1
            var movement = 0.0
            for c in corners {
                guard let moved = update.apply(x: c.x, y: c.y) else { return nil }
                movement = max(movement, hypot(moved.x - c.x, moved.y - c.y) * r.templateRadius)
            }
            guard movement.isFinite, movement < 4 * r.templateRadius else { return nil }
            if movement < tolerance {
                return LevelOutcome(warp: warp, iterations: steps, converged: true, final: last!)
            }
        }
        guard let last else { return nil }
        return LevelOutcome(warp: warp, iterations: steps, converged: false, final: last)
    }

    func cornersNormalised(_ r: LevelRefiner) -> [(x: Double, y: Double)] {
        let w = Double(r.template.width - 1), h = Double(r.template.height - 1)
        return [(0, 0), (w, 0), (0, h), (w, h)].map {
            ((Double($0.0) - r.templateCentre.x) / r.templateRadius, (Double($0.1) - r.templateCentre.y) / r.templateRadius)
        }
    }

    /// RMS over the corners of the smaller footprint (the before frame, or the after frame mapped
    /// into it by the normalised `warp`) of the standard uncertainty of their position, in
    /// full-resolution before pixels: Cov(p) = σ²·κ·H⁻¹ with σ² the weighted residual variance and
    /// κ the number of pixels per independent residual, ((1 + ρ)/(1 − ρ))² for lag-1 correlation ρ.
    func uncertainty(_ r: LevelRefiner, _ pass: LevelRefiner.Pass, model: MotionModel, kb: Int,
                     warp: ProjectiveTransform) -> Double {
        let n = model.parameterCount
        guard let h = pass.hessian, let inverse = SmallMatrix.inverse(h, n: n) else { return .infinity }
        let s = pass.statistics
        let variance = s.weightedSquares / max(1, s.weightSum - Double(n))
        let rho = s.residualLagCorrelation
        let kappa = max(1, min(100, pow((1 + rho) / (1 - rho), 2)))
        var corners = cornersNormalised(r)
        // The after photo's corners in normalised before coordinates.
        let tw = Double(r.target.width - 1), th = Double(r.target.height - 1)
        if let back = warp.inverse {
            let afterCorners = [(0.0, 0.0), (tw, 0), (tw, th), (0, th)].compactMap { c -> (x: Double, y: Double)? in
                guard let n = r.targetNormalisedFromPixels.apply(x: c.0, y: c.1) else { return nil }
                return back.apply(x: n.x, y: n.y)
            }
            if afterCorners.count == 4 {
                var twiceArea = 0.0
                for k in 0..<4 { twiceArea += afterCorners[k].x * afterCorners[(k + 1) % 4].y - afterCorners[(k + 1) % 4].x * afterCorners[k].y }
                let templateArea = Double(r.template.width * r.template.height) / (r.templateRadius * r.templateRadius)
                if abs(twiceArea) / 2 < templateArea { corners = afterCorners }
            }
        }
        var total = 0.0
        for c in corners {
            let j = WarpParameters.jacobian(x: c.x, y: c.y, model: model)
            for row in [j.dx, j.dy] {
                var v = 0.0
                for a in 0..<n { for b in 0..<n { v += row[a] * inverse[a * n + b] * row[b] } }
                total += v
            }
        }
        let normalised = (variance * kappa * total / Double(corners.count)).squareRoot()
        return normalised * r.templateRadius * Double(1 << kb)
    }
}
