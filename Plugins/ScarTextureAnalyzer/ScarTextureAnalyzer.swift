public import AnalysisKit
import Foundation
import ImageCore

/// Measures skin texture and atrophic (acne) scars: the claims microneedling is mostly bought for.
///
/// All on L* over the measured skin, pre-smoothed with a Gaussian of σ = 0.05 mm (at least 1 px)
/// so that the warp's resampling of the after photo does not read as smoother skin, and, on the
/// after photo, brought to the before photo's exposure (L* + 16 scaled so that the medians on the
/// skin agree; exact for a global gain, since L* + 16 = 116·Y^⅓), so more light does not read as
/// rougher skin (the factor is given in the notes). The *detail*
/// plane is D = L* − G(L*) with a Gaussian of σ = `detailMillimetres` (texture without tone).
/// - `glcmContrast`, `glcmHomogeneity`, `glcmEntropy`: Haralick properties [1] of the symmetric,
///   normalised grey-level co-occurrence matrix of D quantised to `levels` grey levels over
///   ±3 SD of the before photo's D (the same levels for both photos), for distances
///   `distancesMillimetres` (pixels = round(d·px/mm), at least 1) and angles 0°, 45°, 90°, 135°,
///   averaged; both pixels of a pair on the skin. Contrast Σ P(i−j)² (grey levels², lower is
///   better), homogeneity Σ P/(1+(i−j)²) (higher is better), entropy −Σ P log₂ P (bits, lower is
///   better).
/// - `lbpEntropy`: entropy (bits) of the rotation-invariant uniform LBP(8, 1) histogram [2] of the smoothed L*
///   on the skin. Descriptive (no direction): as the micro-relief fades, sensor noise takes over the
///   patterns and the entropy can rise on skin that truly became smoother (seen on synthetic courses).
/// - `roughness`: RMS of D (L* units; lower is better) — a pseudo-Ra of the photo.
/// - `bandPassEnergy`: RMS of G(σ = 0.2 mm) − G(σ = 2 mm) of L* (L* units; lower is better), the
///   scale of scars and coarse relief.
/// - `scarCount`, `scarAreaPercent`: atrophic-scar regions, where the local RMS of D (σ = 0.5 mm)
///   exceeds `scarRoughnessRatio` × its median on the *before* photo's skin (one threshold for both
///   photos, so skin that smooths all over does not lower the bar for its rough patches; with a
///   threshold per photo, scar area rose on the sample course while every scar faded), as components of at least
///   π(0.7 mm)² (lower is better). Depth needs 3D capture; these are 2D texture proxies and
///   depend on the light's direction, so compare sessions photographed under the same set-up.
///
/// **Post-procedure photos.** When either photo was taken within `postProcedureDays` days of a
/// procedure, the swelling and the pinpoint erythema it leaves change the texture on L* for a few
/// days (on the bundled sample course, band-pass energy +50 % and roughness +16 % two days after a
/// procedure, while the relief truly became smoother): the metrics are reported, their change gets
/// no verdict (the reason says why), and the result carries the flag `postProcedure`, so the
/// composite score leaves texture out.
///
/// References:
/// 1. Haralick RM, Shanmugam K, Dinstein I. Textural features for image classification. IEEE Trans
///    Syst Man Cybern SMC-3(6):610–621, 1973. doi:10.1109/TSMC.1973.4309314
/// 2. Ojala T, Pietikäinen M, Mäenpää T. Multiresolution gray-scale and rotation invariant texture
///    classification with local binary patterns. IEEE TPAMI 24(7):971–987, 2002. doi:10.1109/TPAMI.2002.1017623
/// 3. Fabbrocini G et al. Percutaneous collagen induction: an effective and safe treatment for
///    post-acne scarring in different skin phototypes. J Dermatol Treat 25(2):147–152, 2014.
///    doi:10.3109/09546634.2012.742949
public struct ScarTextureAnalyzer: Analyzer {
    public struct Settings: AnalyzerSettings {
        public static let revision = 2
        public var detailMillimetres = 1.0
        public var levels = 32
        public var distancesMillimetres = [0.2, 0.5]
        public var scarRoughnessRatio = 1.6
        /// A photo taken this many days or fewer after a procedure is post-procedure: its texture
        /// is not compared.
        public var postProcedureDays = 3

        public init() {}
    }

    public static let descriptor = AnalyzerDescriptor(
        id: "org.skindelta.scar-texture", name: "Scar texture",
        summary: "Texture (GLCM, LBP, roughness, band-pass energy) and atrophic-scar regions on L*.",
        version: "1.5.2",
        metrics: [
            MetricDescriptor(id: "glcmContrast", name: "GLCM contrast", unit: "levels²", direction: .lowerIsBetter,
                             description: "Co-occurrence contrast of the L* detail, averaged over distances in mm and four angles.", meaningfulChangePercent: 7),
            MetricDescriptor(id: "glcmHomogeneity", name: "GLCM homogeneity", unit: "1", direction: .higherIsBetter,
                             description: "Co-occurrence homogeneity of the L* detail.", meaningfulChangePercent: 6),
            MetricDescriptor(id: "glcmEntropy", name: "GLCM entropy", unit: "bits", direction: .lowerIsBetter,
                             description: "Co-occurrence entropy of the L* detail.", meaningfulChangePercent: 3),
            MetricDescriptor(id: "lbpEntropy", name: "LBP entropy", unit: "bits", direction: .neutral,
                             description: "Entropy of the uniform rotation-invariant LBP(8,1) histogram of L*."),
            MetricDescriptor(id: "roughness", name: "Roughness", unit: "L*", direction: .lowerIsBetter,
                             description: "RMS of L* minus its 1 mm Gaussian low-pass over the skin.", meaningfulChangePercent: 12),
            MetricDescriptor(id: "bandPassEnergy", name: "Band-pass energy", unit: "L*", direction: .lowerIsBetter,
                             description: "RMS of the 0.2–2 mm difference of Gaussians of L*.", meaningfulChangePercent: 15),
            MetricDescriptor(id: "scarCount", name: "Scar regions", unit: "count", direction: .lowerIsBetter,
                             description: "Regions whose local texture is much rougher than the rest of the skin.", meaningfulChangePercent: 34,
                             meaningfulChange: 2),
            MetricDescriptor(id: "scarAreaPercent", name: "Scar area", unit: "%", direction: .lowerIsBetter,
                             description: "Area of those regions over the measured skin.", meaningfulChangePercent: 13),
        ],
        claims: [
            ClaimDescriptor(id: "texture", name: "Texture and scars",
                            description: "Fine unevenness of the skin's surface (RMS of L* detail below 1 mm); smoother, lower, is better.",
                            headlineMetric: "roughness",
                            metrics: ["roughness", "bandPassEnergy", "scarCount", "scarAreaPercent", "glcmContrast", "glcmHomogeneity",
                                      "glcmEntropy", "lbpEntropy"]),
        ],
        workingPixelsPerMillimetre: 20)

    public let settings: Settings

    public init(settings: Settings) {
        self.settings = settings
    }

    public func analyze(_ pair: AlignedPair, in context: AnalysisContext) throws -> AnalysisResult {
        guard (2...256).contains(settings.levels) else {
            throw AnalysisError.invalidSettings(reason: "levels must be 2…256, not \(settings.levels)")
        }
        let ppm = PhysicalScale.windowScale(pair.pixelsPerMillimetre)
        let mask = pair.mask
        // Both photos are pre-smoothed (σ = 0.05 mm, at least 1 px): the after photo was resampled
        // by the warp, which softens the finest detail; smoothing both equalises them.
        var smoothed = pair.photos.map { PlaneMath.blur($0.lab.l, sigma: max(1, 0.05 * ppm), parallel: context.parallel) }
        // One exposure for both: L* detail scales with (L* + 16) (L* + 16 = 116·Y^⅓), so a photo
        // taken with more light would read rougher. The after photo's L* + 16 is scaled so that its
        // median on the measured skin equals the before photo's: exact for a global gain.
        var exposure: Float = 1
        if smoothed.count == 2 {
            let before = Kernels.Statistics.median(smoothed[0], mask: mask), after = Kernels.Statistics.median(smoothed[1], mask: mask)
            if before.isFinite, after.isFinite, after + 16 > 1 {
                let factor = Float((before + 16) / (after + 16))
                exposure = factor
                smoothed[1] = PlaneMath.map(smoothed[1]) { value in (value + 16) * factor - 16 }
            }
        }
        let details = smoothed.map { detail($0, ppm: ppm, parallel: context.parallel) }
        // Quantisation range from the before photo, shared.
        let spread = Float(PlaneMath.meanAndDeviation(details[0], mask: mask).deviation)
        let low = -3 * spread, high = 3 * spread
        var result = AnalysisResult()
        var perPhoto: [[String: (value: Double, tiles: [Double])]] = []
        // The scar threshold is set on the before photo and shared: skin that became smoother all
        // over must not lower the bar its remaining rough patches are held to.
        var scarLimit: Float?
        for index in pair.photos.indices {
            var values = texture(details[index], l: smoothed[index], mask: mask, tiles: pair.tiles, low: low, high: high, ppm: ppm,
                                 parallel: context.parallel)
            let scars = scarRegions(details[index], mask: mask, ppm: ppm, limit: scarLimit, parallel: context.parallel)
            scarLimit = scarLimit ?? scars.limit
            let maskPixels = Double(max(1, PlaneMath.count(mask)))
            let tileCounts = pair.tiles.counts(scars.centres)
            values["scarCount"] = (Double(scars.centres.count), tileCounts.map(Double.init))
            values["scarAreaPercent"] = (100 * Double(PlaneMath.count(scars.mask)) / maskPixels, pair.tiles.percentages(scars.mask, mask: mask))
            perPhoto.append(values)
            result.overlays.append(OverlayLayer(id: "scars", photo: index == 0 ? .before : .after,
                                                content: .outlines(scars.outlines)))
        }
        result.record(Self.descriptor, perPhoto)
        if pair.photos.count == 2 {
            result.notes.append(String(format: "Texture compares the photos at one exposure: the after photo's L* + 16 was scaled by %.3f "
                                       + "(a luminance gain of %.3f) to the before photo's median.", exposure, pow(Double(exposure), 3)))
            if let recent = pair.daysSinceProcedure, recent <= settings.postProcedureDays {
                let reason = "no verdict on texture \(recent) day\(recent == 1 ? "" : "s") after a procedure: its swelling and pinpoint erythema change the skin's texture for a few days; compare texture at matched intervals"
                for metric in Self.descriptor.metrics where metric.direction != .neutral { result.withhold(metric.id, because: reason) }
                result.flags.append("postProcedure")
                result.notes.append("Texture: " + reason + ".")
            }
        }
        return result
    }

    func detail(_ l: Image<Gray32>, ppm: Double, parallel: Bool) -> Image<Gray32> {
        PlaneMath.combine(l, PlaneMath.blur(l, sigma: settings.detailMillimetres * ppm, parallel: parallel)) { $0 - $1 }
    }

    /// Pixel offsets (dx, dy) of the GLCM: every distance at 0°, 45°, 90°, 135° (scikit-image's
    /// convention: 45° is up and to the right, dy = −round(d sin θ)).
    func offsets(ppm: Double) -> [(dx: Int, dy: Int)] {
        var out: [(dx: Int, dy: Int)] = []
        for distance in settings.distancesMillimetres {
            let d = max(1, Int((distance * ppm).rounded()))
            for angle in [0.0, Double.pi / 4, Double.pi / 2, 3 * Double.pi / 4] {
                out.append((Int((Double(d) * cos(angle)).rounded()), -Int((Double(d) * sin(angle)).rounded())))
            }
        }
        return out
    }

    func texture(_ detail: Image<Gray32>, l: Image<Gray32>, mask: Image<Gray8>, tiles: TileGrid, low: Float, high: Float,
                 ppm: Double, parallel: Bool) -> [String: (value: Double, tiles: [Double])] {
        let levels = settings.levels
        let quantized = TextureFeatures.quantize(detail, low: low, high: high, levels: levels)
        let inMask = mask.pixels.map { $0.value != 0 }
        let coded = TextureFeatures.maskedLevels(quantized, mask: inMask, levels: levels)
        let offsets = offsets(ppm: ppm)
        // One pass per offset gives the whole skin's matrix and every tile's.
        let regions = tiles.tiles.map { (x: $0.x, y: $0.y, width: $0.width, height: $0.height) }
        let zero = TextureFeatures.CooccurrenceProperties(contrast: 0, homogeneity: 0, entropy: 0, angularSecondMoment: 0)
        var whole = zero
        var perTile = [TextureFeatures.CooccurrenceProperties](repeating: zero, count: regions.count)
        func add(_ p: TextureFeatures.CooccurrenceProperties, to sum: inout TextureFeatures.CooccurrenceProperties) {
            sum.contrast += p.contrast; sum.homogeneity += p.homogeneity; sum.entropy += p.entropy
        }
        for offset in offsets {
            let counts = TextureFeatures.cooccurrences(maskedLevels: coded, size: detail.size, levels: levels,
                                                       dx: offset.dx, dy: offset.dy, regions: regions)
            add(TextureFeatures.properties(counts.whole, levels: levels), to: &whole)
            for (index, tileCounts) in counts.regions.enumerated() {
                add(TextureFeatures.properties(tileCounts, levels: levels), to: &perTile[index])
            }
        }
        let n = Double(offsets.count)
        func averaged(_ p: TextureFeatures.CooccurrenceProperties) -> TextureFeatures.CooccurrenceProperties {
            .init(contrast: p.contrast / n, homogeneity: p.homogeneity / n, entropy: p.entropy / n, angularSecondMoment: 0)
        }
        whole = averaged(whole)
        perTile = perTile.map(averaged)

        let codes = TextureFeatures.localBinaryPattern(l)
        func lbpEntropy(_ region: (x: Int, y: Int, width: Int, height: Int)) -> Double {
            var histogram = [Int](repeating: 0, count: 10)
            for y in region.y..<(region.y + region.height) {
                for x in region.x..<(region.x + region.width) {
                    let i = y * l.width + x
                    if inMask[i], codes[i] >= 0 { histogram[Int(codes[i])] += 1 }
                }
            }
            let total = Double(histogram.reduce(0, +))
            guard total > 0 else { return 0 }
            return histogram.reduce(0.0) { $1 > 0 ? $0 - Double($1) / total * log2(Double($1) / total) : $0 }
        }

        let band = PlaneMath.combine(PlaneMath.blur(l, sigma: max(0.7, 0.2 * ppm), parallel: parallel),
                                     PlaneMath.blur(l, sigma: 2 * ppm, parallel: parallel)) { $0 - $1 }
        func rms(_ plane: Image<Gray32>) -> (value: Double, tiles: [Double]) {
            let s = tiles.sums(plane, mask: mask)
            let whole = Kernels.Statistics.summary(plane, mask: mask, parallel: false)
            return ((whole.variance + whole.mean * whole.mean).squareRoot(),
                    s.map { $0.count > 0 ? ($0.sumOfSquares / Double($0.count)).squareRoot() : 0 })
        }
        return [
            "glcmContrast": (whole.contrast, perTile.map(\.contrast)),
            "glcmHomogeneity": (whole.homogeneity, perTile.map(\.homogeneity)),
            "glcmEntropy": (whole.entropy, perTile.map(\.entropy)),
            "lbpEntropy": (lbpEntropy((0, 0, l.width, l.height)), tiles.tiles.map { lbpEntropy(($0.x, $0.y, $0.width, $0.height)) }),
            "roughness": rms(detail),
            "bandPassEnergy": rms(band),
        ]
    }

    struct ScarRegions {
        /// The local RMS above which skin is scarred (L*).
        var limit: Float
        var mask: Image<Gray8>
        var centres: [(x: Double, y: Double)]
        var outlines: [[[Double]]]
    }

    /// Scar regions of one photo; `limit` is the before photo's threshold (nil: set it on this photo,
    /// `scarRoughnessRatio` × its median local RMS).
    func scarRegions(_ detail: Image<Gray32>, mask: Image<Gray8>, ppm: Double, limit shared: Float? = nil, parallel: Bool) -> ScarRegions {
        let local = PlaneMath.map(PlaneMath.blur(PlaneMath.map(detail) { $0 * $0 }, sigma: 0.5 * ppm, parallel: parallel)) { $0.squareRoot() }
        let limit = shared ?? {
            let median = Kernels.Statistics.median(local, mask: mask)
            return Float((median.isNaN ? 1 : median) * settings.scarRoughnessRatio)
        }()
        let rough = PlaneMath.threshold(local, within: mask) { $0 > limit }
        let components = Kernels.ConnectedComponents.fast(rough, connectivity: .eight)
        let minimum = Double.pi * 0.49 * ppm * ppm
        var keep = Set<Int32>()
        var centres: [(x: Double, y: Double)] = []
        var outlines: [[[Double]]] = []
        for region in components.regions where Double(region.area) >= minimum {
            keep.insert(Int32(region.label))
            centres.append((region.centroidX, region.centroidY))
            let x0 = Double(region.minX) - 0.5, x1 = Double(region.maxX) + 0.5
            let y0 = Double(region.minY) - 0.5, y1 = Double(region.maxY) + 0.5
            outlines.append([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
        }
        return ScarRegions(limit: limit, mask: PlaneMath.selecting(components.labels, keep, size: mask.size), centres: centres, outlines: outlines)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
