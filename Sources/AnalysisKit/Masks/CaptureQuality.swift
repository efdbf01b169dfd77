import ImageCore

/// How usable one photo is, measured on its pixels; later stages widen or withhold verdicts on it.
///
/// - ``sharpness``: RMS of the fine detail of L* (L* − G₁ L*, a Gaussian of σ = 0.05 mm) over
///   RMS of the mid detail (G₁ L* − G₂ L*, σ₂ = 0.4 mm), on the skin. Unitless; a defocused or
///   shaken photo loses the fine band first, so lower is blurrier. It compares photos of one
///   camera; its absolute value depends on noise and skin texture.
/// - ``clippedPercent``: valid pixels with a channel at full scale, percent.
/// - ``glarePercent``: specular glare among skin-like pixels, percent.
/// - ``skinPercent``: skin-mask pixels among valid pixels, percent.
/// - ``medianLStar``: median L* of the skin (exposure).
public struct CaptureQuality: Hashable, Sendable, Codable {
    public var sharpness: Double
    public var clippedPercent: Double
    public var glarePercent: Double
    public var skinPercent: Double
    public var medianLStar: Double

    public init(sharpness: Double, clippedPercent: Double, glarePercent: Double, skinPercent: Double, medianLStar: Double) {
        self.sharpness = sharpness
        self.clippedPercent = clippedPercent
        self.glarePercent = glarePercent
        self.skinPercent = skinPercent
        self.medianLStar = medianLStar
    }

    static func measure(_ photo: AnalysisPhoto, skin: Image<Gray8>, validPixels: Int, clippedPixels: Int,
                        glarePercent: Double, pixelsPerMillimetre: Double?, parallel: Bool) -> CaptureQuality {
        let ppm = PhysicalScale.windowScale(pixelsPerMillimetre)
        let l = photo.lab.l
        let fine = Kernels.GaussianBlur.fast(l, sigma: max(0.7, 0.05 * ppm), parallel: parallel)
        // σ of 2 px and more: PlaneMath's recursive Gaussian above 4 px (constant cost per pixel).
        let mid = PlaneMath.blur(l, sigma: max(2, 0.4 * ppm), parallel: parallel)
        var fineSum = 0.0, midSum = 0.0, skinCount = 0
        l.withUnsafeBufferPointer { lp in
            fine.withUnsafeBufferPointer { fp in
                mid.withUnsafeBufferPointer { mp in
                    skin.withUnsafeBufferPointer { sp in
                        for y in 0..<l.height {
                            var fineRow: Float = 0, midRow: Float = 0
                            let base = y * l.width
                            for i in base..<(base + l.width) where sp[i].value != 0 {
                                let d1 = lp[i].value - fp[i].value, d2 = fp[i].value - mp[i].value
                                fineRow += d1 * d1; midRow += d2 * d2; skinCount += 1
                            }
                            fineSum += Double(fineRow); midSum += Double(midRow)
                        }
                    }
                }
            }
        }
        let median = skinCount > 0 ? Kernels.Statistics.median(l, mask: skin) : 0
        return CaptureQuality(
            sharpness: midSum > 0 ? (fineSum / midSum).squareRoot() : 0,
            clippedPercent: validPixels > 0 ? 100 * Double(clippedPixels) / Double(validPixels) : 0,
            glarePercent: glarePercent,
            skinPercent: validPixels > 0 ? 100 * Double(skinCount) / Double(validPixels) : 0,
            medianLStar: median)
    }
}
