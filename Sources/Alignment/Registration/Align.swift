public import ImageCore
import Foundation

/// Finds the transform that maps the after photo onto the before photo, refines it to sub-pixel
/// accuracy and judges it; see the "How alignment works" article.
///
/// Photos of different sizes are fine. Nothing here traps on any input: a photo too small or too
/// flat to align gives a `failed` verdict with the reason.
public func align(before: Image<RGB8>, after: Image<RGB8>, options: AlignmentOptions = AlignmentOptions()) -> Registration {
    let b = AlignmentPyramid(before, options: options)
    let a = AlignmentPyramid(after, options: options)
    return align(before: b, after: a, options: options)
}

/// Aligns two prepared photos (prepare the baseline once to align many follow-ups against it).
public func align(before: AlignmentPyramid, after: AlignmentPyramid,
                  options: AlignmentOptions = AlignmentOptions()) -> Registration {
    Aligner(before: before, after: after, options: options).run()
}

/// The stages of ``align(before:after:options:)``.
struct Aligner {
    let before: AlignmentPyramid
    let after: AlignmentPyramid
    let options: AlignmentOptions

    static let minimumKeypoints = 12
    static let minimumInliers = 10

    func failure(_ reason: String, keypoints: (Int, Int) = (0, 0), matches: Int = 0, inliers: Int = 0,
                 transform: ProjectiveTransform = .identity) -> Registration {
        Registration(model: options.model ?? .similarity, transform: transform, verdict: .failed(reason: reason),
                     correlation: 0, overlap: 0, residualPixels: nil, iterations: 0,
                     keypoints: (before: keypoints.0, after: keypoints.1), matches: matches, inliers: inliers)
    }

    func run() -> Registration {
        guard min(before.size.width, before.size.height) >= 32, min(after.size.width, after.size.height) >= 32 else {
            return failure("a photo is smaller than 32 pixels on a side")
        }
        // Global stage.
        let beforePoints = KeypointDetector.detect(before.luminance(level: before.globalLevel), half: before.belowGlobal)
        let afterPoints = KeypointDetector.detect(after.luminance(level: after.globalLevel), half: after.belowGlobal)
        let keypoints = (beforePoints.count, afterPoints.count)
        guard beforePoints.count >= Self.minimumKeypoints, afterPoints.count >= Self.minimumKeypoints else {
            let which = beforePoints.count < afterPoints.count ? "before" : "after"
            return failure("too little texture to align: \(min(keypoints.0, keypoints.1)) features in the \(which) photo",
                           keypoints: keypoints)
        }
        let matches = GlobalMatcher.match(after: afterPoints, before: beforePoints, scaleRange: options.scaleRange,
                                          maximumRotationDegrees: options.maximumRotationDegrees)
        let globalSize = before.luminance(level: before.globalLevel).size
        let threshold = GlobalMatcher.inlierThreshold(longSide: max(globalSize.width, globalSize.height))
        let estimate = GlobalMatcher.estimate(after: afterPoints, before: beforePoints, matches: matches,
                                              threshold: threshold)
        guard let global = estimate, global.inliers >= Self.minimumInliers else {
            let agreeing = estimate?.inliers ?? 0
            return failure("no consistent feature matches (\(agreeing) of \(matches.count) agree): the photos do not seem to show the same skin",
                           keypoints: keypoints, matches: matches.count, inliers: agreeing)
        }
        let initial = AlignmentPyramid.fullFromLevel(before.globalLevel)
            .concatenating(global.similarity.transform)
            .concatenating(AlignmentPyramid.levelFromFull(after.globalLevel))

        // Refinement.
        guard let refined = refine(initial: initial) else {
            return failure("the refinement diverged from the feature-matched transform", keypoints: keypoints,
                           matches: matches.count, inliers: global.inliers, transform: initial)
        }
        let overlap = Self.overlap(afterToBefore: refined.transform, before: before.size, after: after.size)
        var registration = Registration(
            model: refined.model, transform: refined.transform, verdict: .aligned, correlation: refined.correlation,
            overlap: overlap, residualPixels: refined.residualPixels, iterations: refined.iterations,
            keypoints: (before: keypoints.0, after: keypoints.1), matches: matches.count, inliers: global.inliers)
        registration.verdict = judge(registration, converged: refined.converged)
        return registration
    }

    /// The verdict from the quality numbers.
    func judge(_ r: Registration, converged: Bool) -> AlignmentVerdict {
        let percent = { (v: Double) in String(format: "%.0f %%", v * 100) }
        if r.overlap < options.minimumOverlap {
            return .failed(reason: "the photos overlap by only \(percent(r.overlap)) of the before photo")
        }
        if r.correlation < options.minimumCorrelation {
            return .failed(reason: String(format: "the photos do not show the same skin (correlation %.2f after alignment)", r.correlation))
        }
        var concerns: [String] = []
        // Scale relative to the frames: a smaller photo of the same field is not a zoom.
        let frames = Double(max(after.size.width, after.size.height)) / Double(max(before.size.width, before.size.height))
        let rotation = r.rotationDegrees(afterSize: after.size), scale = r.scale(afterSize: after.size) * frames
        let shift = r.shiftFraction(afterSize: after.size, beforeSize: before.size)
        // The range is tested up to its limits; a little slack keeps a pair on the limit in it.
        if abs(rotation) > options.maximumRotationDegrees + 0.5 {
            concerns.append(String(format: "rotation %.1f° is beyond ±%.0f°", rotation, options.maximumRotationDegrees))
        }
        if scale < options.scaleRange.lowerBound * 0.99 || scale > options.scaleRange.upperBound * 1.01 {
            concerns.append(String(format: "scale %.2f× is outside %.1f–%.1f×", scale, options.scaleRange.lowerBound,
                                   options.scaleRange.upperBound))
        }
        if max(abs(shift.x), abs(shift.y)) > options.maximumShiftFraction + 0.01 {
            concerns.append("shift of \(percent(max(abs(shift.x), abs(shift.y)))) of the frame is beyond \(percent(options.maximumShiftFraction))")
        }
        if r.correlation < options.lowCorrelation {
            concerns.append(String(format: "weak correlation %.2f (light or skin changed a lot)", r.correlation))
        }
        if r.overlap < options.lowOverlap {
            concerns.append("the photos overlap by only \(percent(r.overlap))")
        }
        if let residual = r.residualPixels, residual > options.maximumResidualPixels {
            concerns.append(String(format: "uncertainty %.2f px is above %.2f px", residual, options.maximumResidualPixels))
        }
        if !converged {
            concerns.append("the refinement did not converge in \(options.maximumIterations) steps")
        }
        return concerns.isEmpty ? .aligned : .lowConfidence(reason: concerns.joined(separator: "; "))
    }

    /// The shared area as a fraction of the smaller of the two footprints (the before frame and
    /// the after frame mapped into it); the shared area is counted on a 128×96 grid of the before
    /// photo, the after footprint by the shoelace formula on its mapped corners.
    static func overlap(afterToBefore: ProjectiveTransform, before: Size, after: Size) -> Double {
        guard let beforeToAfter = afterToBefore.inverse else { return 0 }
        let columns = 128, rows = 96
        var inside = 0
        for j in 0..<rows {
            let y = (Double(j) + 0.5) / Double(rows) * Double(before.height) - 0.5
            for i in 0..<columns {
                let x = (Double(i) + 0.5) / Double(columns) * Double(before.width) - 0.5
                if let p = beforeToAfter.apply(x: x, y: y), p.x >= -0.5, p.y >= -0.5,
                   p.x <= Double(after.width) - 0.5, p.y <= Double(after.height) - 0.5 {
                    inside += 1
                }
            }
        }
        let beforeArea = Double(before.width * before.height)
        let shared = Double(inside) / Double(columns * rows) * beforeArea
        let w = Double(after.width) - 0.5, h = Double(after.height) - 0.5
        var corners: [(x: Double, y: Double)] = []
        for (x, y) in [(-0.5, -0.5), (w, -0.5), (w, h), (-0.5, h)] {
            guard let p = afterToBefore.apply(x: x, y: y) else { return shared / beforeArea }
            corners.append(p)
        }
        var twiceArea = 0.0
        for k in 0..<4 {
            let a = corners[k], b = corners[(k + 1) % 4]
            twiceArea += a.x * b.y - b.x * a.y
        }
        let smaller = min(beforeArea, abs(twiceArea) / 2)
        return smaller > 0 ? min(1, shared / smaller) : 0
    }
}
