public import ImageCore

/// A photo prepared for registration: log-luminance levels from the global-search level down to
/// the refinement level, each also band-passed. Prepare a baseline once and align every follow-up
/// against it.
///
/// Level k has 1/2ᵏ of the full resolution; its pixel x sits at full-resolution x·2ᵏ + (2ᵏ − 1)/2
/// (blocks are averaged, pixel centres at integer coordinates, origin at the top-left pixel).
/// The band-pass is G(σ = 1 px) − G(σ = 6 px) of the log-luminance (``Kernels/LogLuminance``),
/// which removes exposure, colour cast, vignetting and smooth light gradients before matching.
public struct AlignmentPyramid: Sendable {
    /// Full-resolution size of the photo.
    public let size: Size
    /// The finest level used (refinement) and the coarsest (global search).
    public let fineLevel: Int
    public let globalLevel: Int
    /// Log-luminance per level, index 0 = ``fineLevel``.
    let luminance: [Image<Gray32>]
    /// Log-luminance one level finer than ``fineLevel``, hairs painted out (nil when that is the
    /// full resolution and it was not binned): a zoomed-out follow-up is refined against it, see
    /// ``bandPass(level:)``.
    let finerLuminance: Image<Gray32>?
    /// Log-luminance one level below ``globalLevel`` (for the coarsest keypoint octave).
    let belowGlobal: Image<Gray32>
    /// Band-passed log-luminance per level with the hairs painted out, index 0 = ``fineLevel``.
    let bandPass: [Image<Gray32>]
    /// Log-luminance of ``fineLevel`` with hairs and overlays painted out (before the band-pass).
    let paintedFine: Image<Gray32>
    /// Hair and overlay pixels (255) per level, index 0 = ``fineLevel``: painted out of the band-pass
    /// and left out of refinement (see ``HairSuppression`` and ``OverlaySuppression``).
    let hair: [Image<Gray8>]
    /// Hair pixels of ``finerLuminance``.
    let finerHair: Image<Gray8>?
    /// Share of the refinement level's pixels found to be hair and left out of matching.
    public let hairFraction: Double
    /// Share of the refinement level's pixels found to be burned-in overlay or glare and left out.
    public let overlayFraction: Double

    /// The band-pass's inner and outer scales, in pixels of each level.
    static let innerSigma = 1.0
    static let outerSigma = 6.0

    /// Prepares `image` for ``align(before:after:options:)`` with the levels that `options` selects.
    public init(_ image: Image<RGB8>, options: AlignmentOptions = AlignmentOptions()) {
        size = image.size
        fineLevel = Self.level(for: image.size, longSide: options.refinementLongSide)
        globalLevel = max(fineLevel, Self.level(for: image.size, longSide: options.globalLongSide))
        var level = fineLevel == 0 ? 0 : 1
        var current = Kernels.LogLuminance.fast(image, binning: level == 0 ? 1 : 2, parallel: options.parallel)
        var finer: Image<Gray32>?
        while level < fineLevel {
            finer = current
            current = Kernels.Downsample2x.fast(current, parallel: options.parallel)
            level += 1
        }
        // Burned-in overlays and glare specks are found on the photo's colours, straight at the finer
        // level when there is one (then halved once) or at the refinement level.
        var bright: Image<Gray8>?, finerBright: Image<Gray8>?
        if options.suppressesOverlays {
            if finer != nil {
                finerBright = OverlaySuppression.candidates(image, levels: fineLevel - 1, parallel: options.parallel)
                bright = finerBright.map { HairSuppression.coarser($0, parallel: options.parallel) }
            } else {
                bright = OverlaySuppression.candidates(image, levels: fineLevel, parallel: options.parallel)
            }
        }
        // Overlays are painted out of every level, the keypoints' included; hairs are painted out of
        // the refinement level (and so of every coarser one) and of the finer level, each found at its
        // own resolution; the keypoints of the global search are found on the photo with its hairs
        // (its blobs are 2–10 px at ≤ 320 px, where hairs are thin lines that the determinant of the
        // Hessian does not answer, and painting narrow dark structure out of skin whose texture is
        // made of it leaves too few blobs to match). Both are left out of refinement.
        var overlay: Image<Gray8>?
        if let bright, let found = OverlaySuppression.suppress(current, candidates: bright, parallel: options.parallel) {
            current = found.image
            overlay = found.mask
        }
        if var finerImage = finer {
            var finerOverlay: Image<Gray8>?
            if let finerBright, let found = OverlaySuppression.suppress(finerImage, candidates: finerBright, parallel: options.parallel) {
                finerImage = found.image
                finerOverlay = found.mask
            }
            let suppressed = HairSuppression(finerImage, enabled: options.suppressesHairs, parallel: options.parallel)
            finerLuminance = suppressed.image
            finerHair = finerOverlay.map { OverlaySuppression.union(suppressed.hair, $0) } ?? suppressed.hair
        } else {
            finerLuminance = nil
            finerHair = nil
        }
        let suppressed = HairSuppression(current, enabled: options.suppressesHairs, parallel: options.parallel)
        hairFraction = suppressed.fraction
        overlayFraction = overlay.map { Double($0.pixels.filter { $0.value != 0 }.count) / Double(max(1, $0.pixels.count)) } ?? 0
        var painted = suppressed.image
        paintedFine = painted
        var levels = [current], paintedLevels = [painted], hairs = [overlay.map { OverlaySuppression.union(suppressed.hair, $0) } ?? suppressed.hair]
        while level < globalLevel {
            current = Kernels.Downsample2x.fast(current, parallel: options.parallel)
            painted = Kernels.Downsample2x.fast(painted, parallel: options.parallel)
            levels.append(current)
            paintedLevels.append(painted)
            hairs.append(HairSuppression.coarser(hairs[hairs.count - 1], parallel: options.parallel))
            level += 1
        }
        luminance = levels
        hair = hairs
        belowGlobal = Kernels.Downsample2x.fast(current, parallel: options.parallel)
        bandPass = paintedLevels.map { Self.bandPass($0, parallel: options.parallel) }
    }

    /// The smallest level k ≥ 0 whose longer side ⌈side/2ᵏ⌉ is at most `longSide`.
    static func level(for size: Size, longSide: Int) -> Int {
        var side = max(size.width, size.height), k = 0
        while side > max(longSide, 16) {
            side = (side + 1) / 2
            k += 1
        }
        return k
    }

    /// G(σ₁) − G(σ₂) of `image`.
    static func bandPass(_ image: Image<Gray32>, parallel: Bool) -> Image<Gray32> {
        let fine = Kernels.GaussianBlur.fast(image, sigma: innerSigma, parallel: parallel)
        let coarse = Kernels.RecursiveGaussian.fast(image, sigma: outerSigma, parallel: parallel)
        return Image<Gray32>(size: image.size) { (out: UnsafeMutableBufferPointer<Gray32>) in
            fine.withUnsafeBufferPointer { f in
                coarse.withUnsafeBufferPointer { c in
                    for i in 0..<out.count { out[i] = Gray32(value: f[i].value - c[i].value) }
                }
            }
        }
    }

    /// Level `k`'s band-passed image; the level finer than ``fineLevel`` is computed on request.
    func bandPass(level k: Int, parallel: Bool = true) -> Image<Gray32> {
        if k < fineLevel, let finerLuminance { return Self.bandPass(finerLuminance, parallel: parallel) }
        return bandPass[k - fineLevel]
    }

    /// Level `k`'s log-luminance with hairs and overlays painted out, for `k` = ``fineLevel`` or the
    /// level finer than it (nil for other levels).
    func paintedLuminance(level k: Int) -> Image<Gray32>? {
        if k == fineLevel { return paintedFine }
        if k == fineLevel - 1 { return finerLuminance }
        return nil
    }

    /// Level `k`'s hair mask (the level finer than ``fineLevel`` included).
    func hair(level k: Int) -> Image<Gray8>? {
        if k < fineLevel { return finerHair }
        return hair[k - fineLevel]
    }

    /// The finest level whose band-pass ``bandPass(level:parallel:)`` can give.
    var finestAvailableLevel: Int { finerLuminance == nil ? fineLevel : fineLevel - 1 }

    /// Level `k`'s log-luminance.
    func luminance(level k: Int) -> Image<Gray32> { luminance[k - fineLevel] }

    /// Maps level-`k` pixel coordinates to full-resolution ones.
    static func fullFromLevel(_ k: Int) -> ProjectiveTransform {
        let f = Double(1 << k)
        return .affine(a: f, b: 0, c: (f - 1) / 2, d: 0, e: f, f: (f - 1) / 2)
    }

    /// Maps full-resolution pixel coordinates to level-`k` ones.
    static func levelFromFull(_ k: Int) -> ProjectiveTransform {
        let f = Double(1 << k)
        return .affine(a: 1 / f, b: 0, c: -(f - 1) / (2 * f), d: 0, e: 1 / f, f: -(f - 1) / (2 * f))
    }
}
