/// The family of transforms an alignment may use, from the most constrained to the most general.
public enum MotionModel: String, Sendable, Codable, CaseIterable, Comparable {
    /// Rotation, uniform scale and shift (4 parameters): a camera moved and zoomed but kept facing
    /// the skin.
    case similarity
    /// Similarity plus shear and unequal scale (6 parameters).
    case affine
    /// Full projective map of a plane (8 parameters): the camera also tilted.
    case homography

    /// Number of free parameters.
    public var parameterCount: Int {
        switch self {
        case .similarity: 4
        case .affine: 6
        case .homography: 8
        }
    }

    public static func < (lhs: MotionModel, rhs: MotionModel) -> Bool {
        lhs.parameterCount < rhs.parameterCount
    }
}
