/// A blob found by ``KeypointDetector``: position and scale in pixels of the level it was found
/// on, orientation in radians (x right, y down, angle from +x towards +y), and a normalised
/// 64-sample patch descriptor (stored separately, see ``KeypointSet``).
struct Keypoint: Sendable, Equatable {
    var x: Double
    var y: Double
    var sigma: Double
    var angle: Double
    var response: Float
}

/// Keypoints and their descriptors (``KeypointDetector/descriptorLength`` floats each, zero mean
/// and unit norm, back to back).
struct KeypointSet: Sendable {
    var points: [Keypoint] = []
    var descriptors: [Float] = []

    var count: Int { points.count }
}
