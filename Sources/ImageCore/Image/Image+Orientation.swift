extension Image {
    /// The upright picture for an image stored with `orientation`.
    ///
    /// Exact: pixels are moved, never resampled. `.up` returns `self` without copying.
    /// - Complexity: O(`pixelCount`); rows of the output are written in order and the input is
    ///   read in 64×64 tiles when axes swap, so both stay cache-friendly on 12 MP photos.
    @inlinable
    public func applying(_ orientation: Orientation) -> Image {
        if orientation == .up { return self }
        let stored = size
        let upright = orientation.uprightSize(forStored: stored)
        // Express the mapping as: stored index = origin + x * stepX + y * stepY.
        let w = stored.width, h = stored.height
        let origin: Int, stepX: Int, stepY: Int
        switch orientation {
        case .up: (origin, stepX, stepY) = (0, 1, w)
        case .upMirrored: (origin, stepX, stepY) = (w - 1, -1, w)
        case .down: (origin, stepX, stepY) = ((h - 1) * w + (w - 1), -1, -w)
        case .downMirrored: (origin, stepX, stepY) = ((h - 1) * w, 1, -w)
        case .leftMirrored: (origin, stepX, stepY) = (0, w, 1)
        case .right: (origin, stepX, stepY) = ((h - 1) * w, -w, 1)
        case .rightMirrored: (origin, stepX, stepY) = ((h - 1) * w + (w - 1), -w, -1)
        case .left: (origin, stepX, stepY) = (w - 1, w, -1)
        }
        return withUnsafeBufferPointer { source in
            Image(size: upright) { (target: UnsafeMutableBufferPointer<Pixel>) in
                let src = source.baseAddress!, dst = target.baseAddress!
                let tile = 64
                var y0 = 0
                while y0 < upright.height {
                    let y1 = Swift.min(y0 &+ tile, upright.height)
                    var x0 = 0
                    while x0 < upright.width {
                        let x1 = Swift.min(x0 &+ tile, upright.width)
                        for y in y0..<y1 {
                            let rowBase = origin &+ y &* stepY
                            let out = dst + y &* upright.width
                            for x in x0..<x1 {
                                (out + x).initialize(to: src[rowBase &+ x &* stepX])
                            }
                        }
                        x0 = x1
                    }
                    y0 = y1
                }
            }
        }
    }
}
