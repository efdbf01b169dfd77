public import ImageCore

/// What every analyzer sees: the before photo, the after photo already warped onto it (or none,
/// when a single photo is measured), the common mask, the tiles, the scale and what is known
/// about each capture.
///
/// All images share the before photo's size and pixel grid.
public struct AlignedPair: Sendable {
    public let before: AnalysisPhoto
    /// Nil when a single photo is measured; then every result has before values only.
    public let after: AnalysisPhoto?
    /// 255 where both photos show measurable skin inside the region of interest.
    public let mask: Image<Gray8>
    public let tiles: TileGrid
    /// Baseline pixels per millimetre, when known.
    public let pixelsPerMillimetre: Double?
    public let beforeCapture: CaptureMetadata
    public let afterCapture: CaptureMetadata?
    public let beforeQuality: CaptureQuality?
    public let afterQuality: CaptureQuality?
    /// The correction applied to the after photo's colour, if any.
    public let colourCorrection: ColourCorrection?
    /// The colour rule both photos' skin masks were made by.
    public let skinRule: SkinRule
    /// What the outputs say about how the skin was found: ``SkinRule/wholeFrameNote`` for the
    /// whole-frame rule, nothing for the hue gate.
    public var skinNotes: [String] { skinRule == .wholeFrame ? [SkinRule.wholeFrameNote] : [] }

    /// The photos in order (before, then after when present).
    public var photos: [AnalysisPhoto] { after.map { [before, $0] } ?? [before] }
    public var hasAfter: Bool { after != nil }
    /// Days since the most recent procedure over the pair's photos (the fewest of the known
    /// ``CaptureMetadata/daysSinceProcedure``), or nil when neither photo's is known.
    public var daysSinceProcedure: Int? {
        [beforeCapture.daysSinceProcedure, afterCapture?.daysSinceProcedure].compactMap { $0 }.min()
    }

    /// Fewest mask pixels an analysis accepts.
    public static let minimumMaskPixels = 1_000

    /// A pair from parts the caller prepared.
    public init(before: AnalysisPhoto, after: AnalysisPhoto?, mask: Image<Gray8>, pixelsPerMillimetre: Double?,
                beforeCapture: CaptureMetadata = CaptureMetadata(), afterCapture: CaptureMetadata? = nil,
                beforeQuality: CaptureQuality? = nil, afterQuality: CaptureQuality? = nil,
                colourCorrection: ColourCorrection? = nil, skinRule: SkinRule = .colourGate) throws(AnalysisError) {
        guard after == nil || after!.size == before.size, mask.size == before.size else {
            throw .unmeasurable(reason: "the photos and the mask differ in size")
        }
        if let ppm = pixelsPerMillimetre, !(ppm.isFinite && ppm > 0) {
            throw .unmeasurable(reason: "the scale \(ppm) px/mm is not a positive number")
        }
        var count = 0
        mask.withUnsafeBufferPointer { m in for p in m where p.value != 0 { count += 1 } }
        guard count >= Self.minimumMaskPixels else {
            throw .unmeasurable(reason: "only \(count) pixels of skin are measurable (at least \(Self.minimumMaskPixels) are needed)")
        }
        self.before = before
        self.after = after
        self.mask = mask
        self.pixelsPerMillimetre = pixelsPerMillimetre
        self.beforeCapture = beforeCapture
        self.afterCapture = afterCapture
        self.beforeQuality = beforeQuality
        self.afterQuality = afterQuality
        self.colourCorrection = colourCorrection
        self.skinRule = skinRule
        tiles = TileGrid(mask: mask, pixelsPerMillimetre: pixelsPerMillimetre)
    }

    /// Builds the pair the pipeline measures: automatic skin masks of both photos (both by
    /// `skinRule`; nil lets ``SkinRule/automatic(for:)`` pick it on the before photo), intersected
    /// with each other, with the after photo's valid area (the alignment overlap) and with
    /// `region`; then, when `colourReference` is given, the after photo's colour matched to the
    /// before photo's on it (see ``ColourCorrection``). Outside the overlap the after photo is
    /// filled with the before photo's pixels, so low-pass filters near the overlap's edge are not
    /// pulled towards black; those pixels stay outside the mask.
    public static func prepare(before: AnalysisPhoto, after: AnalysisPhoto?, region: RegionOfInterest? = nil,
                               colourReference: RegionOfInterest? = nil, pixelsPerMillimetre: Double? = nil,
                               beforeCapture: CaptureMetadata = CaptureMetadata(), afterCapture: CaptureMetadata? = nil,
                               skinRule: SkinRule? = .colourGate, parallel: Bool = true) throws(AnalysisError) -> AlignedPair {
        let rule = skinRule ?? SkinRule.automatic(for: before)
        let beforeSkin = SkinMask(before, pixelsPerMillimetre: pixelsPerMillimetre, rule: rule, parallel: parallel)
        let afterSkin = after.map { SkinMask($0, pixelsPerMillimetre: pixelsPerMillimetre, rule: rule, parallel: parallel) }
        let regionMask = try region?.rasterized(size: before.size)
        var mask = intersect([beforeSkin.mask, afterSkin?.mask, after?.valid, regionMask])

        var corrected = after
        var correction: ColourCorrection?
        if let colourReference, let afterPhoto = after {
            let referenceMask = intersect([mask, try colourReference.rasterized(size: before.size)])
            let (gains, pixels) = meanRatios(before, afterPhoto, mask: referenceMask)
            guard pixels >= ColourCorrection.minimumPixels else {
                throw .unmeasurable(reason: "the colour reference region holds \(pixels) skin pixels seen in both photos (at least \(ColourCorrection.minimumPixels) are needed)")
            }
            guard gains.allSatisfy({ ColourCorrection.plausibleGains.contains($0) }) else {
                throw .unmeasurable(reason: "the colour reference needs gains \(gains.map { format3($0) }) outside \(ColourCorrection.plausibleGains), so it is not the same skin under usable light")
            }
            corrected = afterPhoto.scaled(red: Float(gains[0]), green: Float(gains[1]), blue: Float(gains[2]), parallel: parallel)
            correction = ColourCorrection(region: colourReference.description, pixels: pixels, gains: gains)
            // Glare and clipping were found before the correction; the mask stands.
            mask = intersect([mask, corrected!.valid])
        }
        // Outside the overlap, the after photo borrows the before photo's pixels: filters near the
        // overlap's edge then see skin, not black (the mask still excludes those pixels).
        // `PairResampling` already did so; a colour correction scaled those pixels too.
        if correction != nil || !(after.map { Self.isFilled($0, from: before) } ?? true) { corrected = corrected?.filled(from: before) }
        return try AlignedPair(before: before, after: corrected, mask: mask, pixelsPerMillimetre: pixelsPerMillimetre,
                               beforeCapture: beforeCapture, afterCapture: after == nil ? nil : (afterCapture ?? CaptureMetadata()),
                               beforeQuality: beforeSkin.quality, afterQuality: afterSkin?.quality, colourCorrection: correction,
                               skinRule: rule)
    }

    /// Whether `photo` already holds `other`'s linear pixels wherever it is not valid (true when it
    /// is valid everywhere).
    static func isFilled(_ photo: AnalysisPhoto, from other: AnalysisPhoto) -> Bool {
        zip([photo.red, photo.green, photo.blue], [other.red, other.green, other.blue]).allSatisfy { plane, source in
            photo.valid.withUnsafeBufferPointer { v in
                plane.withUnsafeBufferPointer { a in
                    source.withUnsafeBufferPointer { b in
                        for i in 0..<v.count where v[i].value == 0 && a[i].value != b[i].value { return false }
                        return true
                    }
                }
            }
        }
    }

    /// Pixel-wise AND of the masks that are present.
    static func intersect(_ masks: [Image<Gray8>?]) -> Image<Gray8> {
        let present = masks.compactMap { $0 }
        var out = present[0]
        for other in present.dropFirst() {
            out.withUnsafeMutableBufferPointer { o in
                other.withUnsafeBufferPointer { m in
                    for i in 0..<o.count where m[i].value == 0 { o[i] = Gray8(value: 0) }
                }
            }
        }
        return out
    }

    /// Per channel, the mean over `mask` of before divided by the mean of after; and the pixel count.
    static func meanRatios(_ before: AnalysisPhoto, _ after: AnalysisPhoto, mask: Image<Gray8>) -> ([Double], Int) {
        var gains: [Double] = []
        var pixels = 0
        for (b, a) in [(before.red, after.red), (before.green, after.green), (before.blue, after.blue)] {
            var sumB = 0.0, sumA = 0.0, n = 0
            b.withUnsafeBufferPointer { bp in
                a.withUnsafeBufferPointer { ap in
                    mask.withUnsafeBufferPointer { m in
                        for i in 0..<m.count where m[i].value != 0 {
                            sumB += Double(bp[i].value); sumA += Double(ap[i].value); n += 1
                        }
                    }
                }
            }
            gains.append(sumA > 0 ? sumB / sumA : .infinity)
            pixels = n
        }
        return (gains, pixels)
    }
}

func format3(_ value: Double) -> String {
    let scaled = (value * 1000).rounded() / 1000
    return String(describing: scaled)
}
