import ImageCore

/// The parametrisation of each motion model about the identity, in normalised coordinates
/// (centred on the photo, divided by half its longer side), as used by the refinement.
///
/// - similarity p = (a, b, tx, ty): [[1+a, −b, tx], [b, 1+a, ty], [0, 0, 1]]
/// - affine p = (p₀…p₅): [[1+p₀, p₂, p₄], [p₁, 1+p₃, p₅], [0, 0, 1]]
/// - homography p = (p₀…p₇): the affine rows and [p₆, p₇, 1]
enum WarpParameters {
    static func matrix(_ p: [Double], model: MotionModel) -> ProjectiveTransform {
        switch model {
        case .similarity:
            return ProjectiveTransform(matrix: [1 + p[0], -p[1], p[2], p[1], 1 + p[0], p[3], 0, 0, 1])
        case .affine:
            return ProjectiveTransform(matrix: [1 + p[0], p[2], p[4], p[1], 1 + p[3], p[5], 0, 0, 1])
        case .homography:
            return ProjectiveTransform(matrix: [1 + p[0], p[2], p[4], p[1], 1 + p[3], p[5], p[6], p[7], 1])
        }
    }

    /// ∂W/∂p at p = 0 for the point (x, y): the x row then the y row, `model.parameterCount` each.
    static func jacobian(x: Double, y: Double, model: MotionModel) -> (dx: [Double], dy: [Double]) {
        switch model {
        case .similarity:
            return ([x, -y, 1, 0], [y, x, 0, 1])
        case .affine:
            return ([x, 0, y, 0, 1, 0], [0, x, 0, y, 0, 1])
        case .homography:
            return ([x, 0, y, 0, 1, 0, -x * x, -x * y], [0, x, 0, y, 0, 1, -x * y, -y * y])
        }
    }
}
