/// The alignment of a follow-up photo onto its baseline, as outputs report it.
///
/// `matrix` maps after-photo pixels to before-photo pixels (3×3, row-major; origin at the top-left
/// pixel's centre); `residualPixels` is the uncertainty of the mapped corners; `scale` and
/// `rotationDegrees` describe the after photo relative to the before photo.
public struct AlignmentSummary: Hashable, Sendable, Codable {
    public var verdict: String
    public var reason: String?
    public var model: String
    public var matrix: [Double]
    public var correlation: Double
    public var overlap: Double
    public var residualPixels: Double?
    public var iterations: Int
    public var rotationDegrees: Double
    public var scale: Double
    public var keypoints: [Int]
    public var matches: Int
    public var inliers: Int

    public init(verdict: String, reason: String?, model: String, matrix: [Double], correlation: Double, overlap: Double,
                residualPixels: Double?, iterations: Int, rotationDegrees: Double, scale: Double, keypoints: [Int], matches: Int,
                inliers: Int) {
        (self.verdict, self.reason, self.model, self.matrix, self.correlation, self.overlap) =
            (verdict, reason, model, matrix, correlation, overlap)
        (self.residualPixels, self.iterations, self.rotationDegrees, self.scale, self.keypoints, self.matches, self.inliers) =
            (residualPixels, iterations, rotationDegrees, scale, keypoints, matches, inliers)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(reason, forKey: .reason)  // null when aligned
        try c.encode(model, forKey: .model)
        try c.encode(matrix, forKey: .matrix)
        try c.encode(correlation, forKey: .correlation)
        try c.encode(overlap, forKey: .overlap)
        try c.encode(residualPixels, forKey: .residualPixels)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(rotationDegrees, forKey: .rotationDegrees)
        try c.encode(scale, forKey: .scale)
        try c.encode(keypoints, forKey: .keypoints)
        try c.encode(matches, forKey: .matches)
        try c.encode(inliers, forKey: .inliers)
    }

    /// The alignment as the quality gate weighs it: "aligned", "lowConfidence" (intervals widened
    /// with the reason) or anything else (failed: nothing is scored).
    public var gateState: QualityGate.AlignmentState {
        switch verdict {
        case "aligned": .aligned
        case "lowConfidence": .lowConfidence(reason: reason ?? "")
        default: .failed(reason: reason ?? "the after photo cannot be mapped onto the baseline")
        }
    }

    enum CodingKeys: String, CodingKey {
        case verdict, reason, model, matrix, correlation, overlap, residualPixels, iterations, rotationDegrees, scale
        case keypoints, matches, inliers
    }
}
