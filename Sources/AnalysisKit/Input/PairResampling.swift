public import ImageCore

/// Puts a before photo and an after photo on one pixel grid so that both are resampled alike.
///
/// Interpolation softens the finest detail by an amount that depends on where the sample falls
/// between pixels. Warping only the after photo would make it look smoother than the untouched
/// before photo — a change of texture, pores and lines that is not in the skin. So both photos are
/// resampled (bicubic, in linear light) onto the before photo's grid shifted by a quarter pixel in
/// x and y: the before photo through that shift, the after photo through the registration and the
/// same shift. Output pixel (x, y) shows before-photo position (x + ¼, y + ¼).
public enum PairResampling {
    /// The quarter-pixel offset of the common grid, in before-photo pixels.
    public static let offset = 0.25

    /// The common-grid photos. `afterToBefore` maps after-photo pixels to before-photo pixels (the
    /// registration's transform); nil when it cannot be inverted.
    public static func resample(before: Image<RGB8>, after: Image<RGB8>, afterToBefore: ProjectiveTransform,
                                parallel: Bool = true) -> (before: AnalysisPhoto, after: AnalysisPhoto)? {
        guard let beforeToAfter = afterToBefore.inverse else { return nil }
        let shift = ProjectiveTransform.affine(a: 1, b: 0, c: offset, d: 0, e: 1, f: offset)
        func warp(_ image: Image<RGB8>, _ sourceFromTarget: ProjectiveTransform?) -> AnalysisPhoto {
            let linear = Kernels.SRGBToLinear.fast(image, parallel: parallel)
            let planes = [linear.red, linear.green, linear.blue]
            // The before photo is only shifted: the separable translation gives the general warp's
            // values bit for bit at about half the cost.
            let result = sourceFromTarget.map {
                Kernels.Warp.fast(planes, sourceFromTarget: $0, outputSize: before.size, interpolation: .bicubic, parallel: parallel)
            } ?? Kernels.Warp.translated(planes, x: offset, y: offset, parallel: parallel)
            let clamped = result.planes.map { PlaneMath.map($0) { min(max($0, 0), 1) } }
            return AnalysisPhoto(linearRed: clamped[0], green: clamped[1], blue: clamped[2], valid: result.mask, parallel: parallel)
        }
        return (warp(before, nil), warp(after, beforeToAfter.concatenating(shift)))
    }
}
