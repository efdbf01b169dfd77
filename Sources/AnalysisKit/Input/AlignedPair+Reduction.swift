import ImageCore

extension AlignedPair {
    /// How many 2× reductions bring a photo of `pixelsPerMillimetre` down to the coarsest
    /// resolution that is still at least `working` px/mm: ⌊log₂(pixelsPerMillimetre / working)⌋,
    /// 0 when either is unknown or the photo is not finer than `working`.
    ///
    /// Only a known scale reduces: without one, window sizes rest on an assumed scale
    /// (``PhysicalScale``) and sizes are reported in the photo's own pixels, so the photo is
    /// measured as it is.
    public static func reductionLevels(pixelsPerMillimetre: Double?, working: Double?) -> Int {
        guard let ppm = pixelsPerMillimetre, let working, ppm.isFinite, working.isFinite, working > 0, ppm > working else { return 0 }
        var levels = 0
        while ppm / Double(1 << (levels + 1)) >= working * (1 - 1e-9), levels < 8 { levels += 1 }
        return levels
    }

    /// The pair reduced `levels` times by 2×2 averaging (factor f = 2^levels): each photo's linear
    /// planes averaged over f×f blocks (what a camera with f-times larger pixels would record),
    /// CIELAB and optical density recomputed from them; the mask and each photo's valid area kept
    /// only where every pixel of the block was in them; the same tiles in the same order
    /// (``TileGrid/reduced(levels:mask:)``); the scale divided by f. Reduced pixel (x, y) covers
    /// full-resolution pixels f·x … f·x + f − 1; its centre is at full-resolution position
    /// (f·x + (f − 1)/2, f·y + (f − 1)/2) (``fullResolutionPosition(_:levels:)``).
    ///
    /// Throws when the reduced mask keeps fewer than ``minimumMaskPixels`` pixels.
    public func reduced(levels: Int, parallel: Bool = true) throws(AnalysisError) -> AlignedPair {
        guard levels > 0 else { return self }
        func reduce(_ photo: AnalysisPhoto) -> AnalysisPhoto {
            var red = photo.red, green = photo.green, blue = photo.blue, valid = photo.valid
            for _ in 0..<levels {
                red = Kernels.Downsample2x.fast(red, parallel: parallel)
                green = Kernels.Downsample2x.fast(green, parallel: parallel)
                blue = Kernels.Downsample2x.fast(blue, parallel: parallel)
                valid = Kernels.MaskDownsample2x.fast(valid, parallel: parallel)
            }
            return AnalysisPhoto(linearRed: red, green: green, blue: blue, valid: valid, parallel: parallel)
        }
        var reducedMask = mask
        for _ in 0..<levels { reducedMask = Kernels.MaskDownsample2x.fast(reducedMask, parallel: parallel) }
        let count = PlaneMath.count(reducedMask)
        guard count >= Self.minimumMaskPixels else {
            throw .unmeasurable(reason: "only \(count) pixels of skin are left at 1/\(1 << levels) resolution (at least \(Self.minimumMaskPixels) are needed)")
        }
        return AlignedPair(reducedFrom: self, before: reduce(before), after: after.map(reduce), mask: reducedMask,
                           tiles: tiles.reduced(levels: levels, mask: reducedMask),
                           pixelsPerMillimetre: pixelsPerMillimetre.map { $0 / Double(1 << levels) })
    }

    /// Where the centre of pixel `position` of a pair reduced `levels` times lies in the
    /// full-resolution pair: f·p + (f − 1)/2 with f = 2^levels (origin at the top-left pixel's centre).
    public static func fullResolutionPosition(_ position: Double, levels: Int) -> Double {
        let f = Double(1 << levels)
        return f * position + (f - 1) / 2
    }

    private init(reducedFrom base: AlignedPair, before: AnalysisPhoto, after: AnalysisPhoto?, mask: Image<Gray8>, tiles: TileGrid,
                 pixelsPerMillimetre: Double?) {
        self.before = before
        self.after = after
        self.mask = mask
        self.tiles = tiles
        self.pixelsPerMillimetre = pixelsPerMillimetre
        beforeCapture = base.beforeCapture
        afterCapture = base.afterCapture
        beforeQuality = base.beforeQuality
        afterQuality = base.afterQuality
        colourCorrection = base.colourCorrection
        skinRule = base.skinRule
    }
}
