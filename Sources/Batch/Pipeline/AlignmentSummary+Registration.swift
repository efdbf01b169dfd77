public import Alignment
public import ImageCore
public import Scoring

extension AlignmentSummary {
    /// The summary of `registration` for an after photo of `afterSize`.
    public init(_ registration: Registration, afterSize: Size) {
        self.init(
            verdict: registration.verdict.name, reason: registration.verdict.reason, model: registration.model.rawValue,
            matrix: registration.transform.matrix, correlation: registration.correlation, overlap: registration.overlap,
            residualPixels: registration.residualPixels, iterations: registration.iterations,
            rotationDegrees: registration.rotationDegrees(afterSize: afterSize), scale: registration.scale(afterSize: afterSize),
            keypoints: [registration.keypoints.before, registration.keypoints.after],
            matches: registration.matches, inliers: registration.inliers)
    }
}
