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
    /// registration's transform); nil when it cannot be inverted. Where the after photo does not
    /// reach (its ``AnalysisPhoto/valid`` is 0) it holds the before photo's pixels, so low-pass
    /// filters near the overlap's edge see skin rather than black; those pixels are never in a
    /// pair's mask.
    public static func resample(before: Image<RGB8>, after: Image<RGB8>, afterToBefore: ProjectiveTransform,
                                parallel: Bool = true) -> (before: AnalysisPhoto, after: AnalysisPhoto)? {
        guard let beforeToAfter = afterToBefore.inverse else { return nil }
        let shift = ProjectiveTransform.affine(a: 1, b: 0, c: offset, d: 0, e: 1, f: offset)
        func warp(_ image: Image<RGB8>, _ sourceFromTarget: ProjectiveTransform?) -> Kernels.Warp.Result {
            let linear = Kernels.SRGBToLinear.fast(image, parallel: parallel)
            let planes = [linear.red, linear.green, linear.blue]
            // The before photo is only shifted: the separable translation gives the general warp's
            // values bit for bit at about half the cost.
            var result = sourceFromTarget.map {
                Kernels.Warp.fast(planes, sourceFromTarget: $0, outputSize: before.size, interpolation: .bicubic, parallel: parallel)
            } ?? Kernels.Warp.translated(planes, x: offset, y: offset, parallel: parallel)
            for k in result.planes.indices { clamp(&result.planes[k]) }
            return result
        }
        let beforePlanes = warp(before, nil)
        var afterPlanes = warp(after, beforeToAfter.concatenating(shift))
        for k in afterPlanes.planes.indices { fill(&afterPlanes.planes[k], from: beforePlanes.planes[k], where: afterPlanes.mask) }
        func photo(_ r: Kernels.Warp.Result) -> AnalysisPhoto {
            AnalysisPhoto(linearRed: r.planes[0], green: r.planes[1], blue: r.planes[2], valid: r.mask, parallel: parallel)
        }
        return (photo(beforePlanes), photo(afterPlanes))
    }

    /// Clamps every value to 0...1 in place (bicubic interpolation overshoots at edges).
    static func clamp(_ plane: inout Image<Gray32>) {
        plane.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = Gray32(value: min(max(p[i].value, 0), 1)) }
        }
    }

    /// Copies `source` into `plane` where `mask` is 0.
    static func fill(_ plane: inout Image<Gray32>, from source: Image<Gray32>, where mask: Image<Gray8>) {
        plane.withUnsafeMutableBufferPointer { p in
            source.withUnsafeBufferPointer { s in
                mask.withUnsafeBufferPointer { m in
                    for i in 0..<p.count where m[i].value == 0 { p[i] = s[i] }
                }
            }
        }
    }
}
