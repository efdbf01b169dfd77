public import ImageCore

extension Registration {
    /// The after photo's planes resampled into the before photo's frame (`outputSize` = the before
    /// photo's size), with the validity mask (255 where the after photo covers the pixel); nil when
    /// the transform cannot be inverted. Every plane gets the same positions and weights.
    public func warp(_ planes: [Image<Gray32>], outputSize: Size, interpolation: Interpolation = .bicubic,
                     parallel: Bool = true) -> Kernels.Warp.Result? {
        guard !planes.isEmpty, let beforeToAfter = transform.inverse else { return nil }
        return Kernels.Warp.fast(planes, sourceFromTarget: beforeToAfter, outputSize: outputSize,
                                 interpolation: interpolation, parallel: parallel)
    }

    /// The after photo resampled into the before photo's frame, 8-bit sRGB codes interpolated as
    /// they are (for display; measure on linear planes with ``warp(_:outputSize:interpolation:parallel:)``),
    /// and the validity mask.
    public func warp(_ image: Image<RGB8>, outputSize: Size, interpolation: Interpolation = .bicubic,
                     parallel: Bool = true) -> (image: Image<RGB8>, mask: Image<Gray8>)? {
        let pixels = image.pixels
        let planes = [
            Image(size: image.size, pixels: pixels.map { Gray32(value: Float($0.red)) }),
            Image(size: image.size, pixels: pixels.map { Gray32(value: Float($0.green)) }),
            Image(size: image.size, pixels: pixels.map { Gray32(value: Float($0.blue)) }),
        ]
        guard let result = warp(planes, outputSize: outputSize, interpolation: interpolation, parallel: parallel) else {
            return nil
        }
        let r = result.planes[0].pixels, g = result.planes[1].pixels, b = result.planes[2].pixels
        func code(_ v: Float) -> UInt8 { UInt8(Swift.max(0, Swift.min(255, v.rounded()))) }
        let out = (0..<r.count).map { RGB8(red: code(r[$0].value), green: code(g[$0].value), blue: code(b[$0].value)) }
        return (Image(size: outputSize, pixels: out), result.mask)
    }
}
