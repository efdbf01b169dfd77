public import AnalysisKit
import Foundation
import ImageCore

/// Measures how even the skin tone is and how many dark spots there are, against the patient's
/// own surrounding skin.
///
/// **Tone evenness** on a low-pass image (Gaussian, σ = `toneLowPassMillimetres`, so pores and
/// texture do not count as colour variation) over the measured skin. The after photo is first
/// brought under the before photo's light: the smooth field of D_after − D_before
/// (``IlluminationField``, a robust quadratic in optical density) is removed, so a light gradient
/// or vignetting that changed between sessions does not count as a change of tone (its range is
/// given in the notes); then each linear channel is scaled so that its median on the measured skin
/// equals the before photo's (von Kries), so a change of exposure or white balance moves no spread.
/// Neither correction can make a patch of uneven tone even: the skin's own tone is in both photos
/// and cancels in the field's fit, and both corrections are smooth or global. Skin where a linear
/// channel is clipped (0.985 or more) on either photo, with the low-pass's reach (0.5 mm) around
/// it, is left out of the spreads and of the medians on both photos, and the notes give its share:
/// its colour is not known (a brighter, bluer follow-up of a real close-up that clipped blue on 6 %
/// of the skin read the b* spread 8–11 % lower with nothing changed).
/// - `lStarSD`, `bStarSD`: standard deviation of L* and b* (CIELAB units).
/// - `itaSD`: standard deviation of the individual typology angle ITA° = atan((L* − 50)/b*)·180/π [1].
/// - `melaninIndexSD`: standard deviation of the melanin index MI = 100·log₁₀(1/R) on linear red
///   reflectance R [2] (a camera proxy for the narrow-band meter's index).
///
/// **Dark spots** relative to the surrounding skin:
/// 1. The optical density D = −ln Y of the linear luminance is low-passed (σ = 0.15 mm); melanin
///    adds to D linearly (Beer–Lambert). Its background is the normalised Gaussian average
///    (σ = `backgroundMillimetres`) of the other skin, recomputed once without anything darker
///    than a third of the seed threshold or brighter than three times it (dilated by 0.3 mm);
///    ΔD = D_low − background. Leaving out strongly bright skin keeps a glare's halo from lifting
///    the background, which made a ring of plain skin around a glare into spots (on the bundled
///    sample course, spot area 1.8 % → 5.1 % between two sessions of unchanged spots; 1.4 % now).
///    A lower bright limit (one seed threshold, or a third of it) took the lighter skin between
///    dense spots for bright and shrank the rendered spots' area by up to a third.
///    The after photo of a registered pair is measured against the before photo's background,
///    moved by the local difference of light between them: the Gaussian average (σ =
///    `backgroundMillimetres`) of D_after − D_before over the before photo's clean skin (what its
///    second pass kept). Around the spots both photos show the same skin, so that difference is
///    light alone, and a spot that fades or darkens does not move its own background. Each photo's
///    own background had taken in different parts of a nearby lesion's edge: on a real dermoscopy
///    pair with nothing changed every spot read 3–15 % darker on the follow-up, and its area up
///    to 11 % larger ("worsened").
/// 2. Seeds: connected pixels with ΔD > max(0.025, 4·s), s the robust spread of ΔD on skin from
///    its brighter half, (median − 25th percentile)/0.6745, so a frame dominated by a lesion does not
///    raise its own bar, measured on the skin outside any lesion larger than the largest spot
///    (``seedThreshold(_:mask:largestSpotPixels:pixelsPerMillimetre:parallel:)``). The before photo's seed threshold is used for every photo of the pair, so a
///    fading spot does not lower its own bar. When that threshold exceeds `largestSeedDensity`
///    (ln 2: a spot would have to let through less than half the light of the skin around it), the
///    photo's own variation hides ordinary spots: the spot metrics are reported but their change
///    gets no verdict, with the reason (on a dermoscopy close-up filled by its lesion the threshold
///    was 3.6, and every inserted spot went unseen: "no change" would have been a confident wrong answer).
/// 3. Each seed is grown to its half-contrast outline: the connected pixels with ΔD ≥ peak/2
///    (peak: the 95th percentile of ΔD in the seed), i.e. the half-melanin contour.
/// 4. Kept when its area is `minimumSpotMillimetres²`…`maximumSpotMillimetres²`, it differs
///    from the skin around it by at least `minimumSpotDeltaE` (the just-noticeable ΔE*ab, 2.3) and it is a
///    pigment change rather than a shadow: melanin absorbs blue more than red, so
///    ln(R/B) inside must exceed that of its surrounding ring by at least 0.02 per L* of darkening;
///    shading changes all channels alike and leaves ln(R/B) unchanged.
/// 5. The spots of both photos form one list of regions (a spot seen on both is merged into one
///    region). Every photo is measured on these regions: a region is on a photo when its peak
///    darkening there (the 95th percentile of ΔD over the region) is at least half the shared seed
///    threshold, and its extent is then the pixels at or above the outline level of the photo that
///    found it, scaled by the ratio of the region's median darkening on the two photos, within the
///    region grown by `outlineMarginMillimetres` (each skin pixel going to the nearest region).
///    Both photos share one definition of where each spot can be, and a spot that fades uniformly
///    keeps its half-contrast outline. The margin lets either photo's outline lie a little wider
///    than the other's (counted only within the region, the photo that found it was favoured:
///    a faint spot's area fell by half on an unchanged follow-up); the median, unlike the peak,
///    does not follow a hair that crosses part of a spot on one photo only (the peak had raised
///    the outline level 2.5-fold and cut such a spot's area from 859 to 108 pixels).
/// - `spotCount` (count): regions holding at least `minimumSpotMillimetres²` of the photo's skin
///   within their outline; `spotAreaPercent` (% of the measured skin): those pixels;
///   `spotMeanDeltaE` (CIE 1976 ΔE*ab): the colour difference between each region's mean Lab and
///   its surrounding ring of skin (0.5–1.5 mm outside it), averaged over the regions, read on the
///   planes the tone spreads read (the after photo under the before photo's light), so a change of
///   exposure, white balance or light gradient moves no spot contrast. A spot that
///   fades keeps its region and loses contrast (ΔE falls); one that clears also leaves the count.
///
/// Every metric: lower is better. Respects the mask; 8-bit input. Per-tile values are each metric
/// computed on the tile (spots counted in the tile holding their centroid).
///
/// References:
/// 1. Chardon A, Cretois I, Hourseau C. Skin colour typology and suntanning pathways. Int J Cosmet
///    Sci 13(4):191–208, 1991. doi:10.1111/j.1467-2494.1991.tb00561.x
/// 2. Diffey BL, Oliver RJ, Farr PM. A portable instrument for quantifying erythema induced by
///    ultraviolet radiation. Br J Dermatol 111(6):663–672, 1984. doi:10.1111/j.1365-2133.1984.tb14149.x
/// 3. Flament F et al. Facial skin pores: a multiethnic study. Clin Cosmet Investig Dermatol 8:85–93,
///    2015. doi:10.2147/CCID.S74401 (pores versus spots by size).
public struct PigmentationAnalyzer: Analyzer {
    public struct Settings: AnalyzerSettings {
        public static let revision = 3
        /// Low-pass for the tone metrics, mm.
        public var toneLowPassMillimetres = 0.5
        /// Scale of the surrounding-skin background, mm.
        public var backgroundMillimetres = 5.0
        /// Largest seed threshold (ΔD, set on the baseline) at which spots are judged: ln 2, a spot
        /// letting through half the light of the skin around it. Above it the photo's own variation
        /// hides every spot of ordinary darkness (a real dermoscopy close-up whose lesion fills the
        /// frame: 3.6, 97 % less light), and the spot metrics' change gets no verdict, with the reason.
        public var largestSeedDensity = 0.69
        /// Smallest and largest spot area, mm². The smallest overlaps the largest pores (radius
        /// 0.4 mm, 0.5 mm²): a pit's shadow darkens every channel alike and fails the pigment test,
        /// so small brown macules (from 0.4 mm², about 0.7 mm across) count as spots and pores do not.
        public var minimumSpotMillimetres = 0.4
        public var maximumSpotMillimetres = 120.0
        /// How far beyond a spot's outline on the photo that found it its outline may lie on the
        /// other photo, mm: each photo's spot pixels are counted over the spot grown by this margin.
        public var outlineMarginMillimetres = 0.3
        /// Smallest colour difference (CIE 1976 ΔE*ab) between a new spot and the skin around it
        /// on the photo that finds it: 2.3, the just-noticeable difference. Fainter dark patches are
        /// the skin's own mottling; on a rendered 200 mm field with one spot, 27 were found without
        /// this bound (ΔL* −0.7 to −1.3 against the ring), 5 with it. A spot found on one photo
        /// of a pair is measured on the other however faint it has become there.
        public var minimumSpotDeltaE = 2.3

        public init() {}
    }

    /// Why the tone spreads need a registered pair: the light's difference between the photos is
    /// found pixel by pixel and removed before the spreads are measured.
    static let toneNeedsRegistration = "the difference in light between the photos (gradient, vignetting, exposure, white balance) is found by comparing the same skin pixel by pixel and removed before the spreads are measured; without it a change of light reads as a change of tone"

    public static let descriptor = AnalyzerDescriptor(
        id: "org.skindelta.pigmentation", name: "Pigmentation",
        summary: "Tone evenness (σ of L*, b*, ITA°, melanin index) and dark spots against the surrounding skin.",
        version: "1.6.1",
        metrics: [
            MetricDescriptor(id: "lStarSD", name: "Lightness SD", unit: "L*", direction: .lowerIsBetter,
                             description: "Standard deviation of L* over the skin after a 0.5 mm low-pass.", meaningfulChangePercent: 1.5, meaningfulChange: 0.2,
                             needsRegistrationBecause: PigmentationAnalyzer.toneNeedsRegistration),
            MetricDescriptor(id: "bStarSD", name: "Yellowness SD", unit: "b*", direction: .lowerIsBetter,
                             description: "Standard deviation of b* over the skin after a 0.5 mm low-pass.", meaningfulChangePercent: 5, meaningfulChange: 0.6,
                             needsRegistrationBecause: PigmentationAnalyzer.toneNeedsRegistration),
            MetricDescriptor(id: "itaSD", name: "ITA SD", unit: "°", direction: .lowerIsBetter,
                             description: "Standard deviation of the individual typology angle atan((L*−50)/b*) over the low-passed skin.", meaningfulChangePercent: 2.5, meaningfulChange: 1,
                             needsRegistrationBecause: PigmentationAnalyzer.toneNeedsRegistration),
            MetricDescriptor(id: "melaninIndexSD", name: "Melanin index SD", unit: "MI", direction: .lowerIsBetter,
                             description: "Standard deviation of 100·log10(1/R), R the low-passed linear red reflectance.", meaningfulChangePercent: 2, meaningfulChange: 0.2,
                             needsRegistrationBecause: PigmentationAnalyzer.toneNeedsRegistration),
            MetricDescriptor(id: "spotCount", name: "Dark spots", unit: "count", direction: .lowerIsBetter,
                             description: "Dark pigmented spots larger than pores, at their half-contrast outline."),
            MetricDescriptor(id: "spotAreaPercent", name: "Spot area", unit: "%", direction: .lowerIsBetter,
                             description: "Area inside the spots' half-contrast outlines over the measured skin.", meaningfulChangePercent: 8),
            MetricDescriptor(id: "spotMeanDeltaE", name: "Spot contrast", unit: "ΔE*ab", direction: .lowerIsBetter,
                             description: "Mean colour difference between each spot and its surrounding ring of skin.", meaningfulChangePercent: 6),
        ],
        claims: [
            ClaimDescriptor(id: "tone", name: "Even tone",
                            description: "How much the skin's lightness varies from place to place (σ of L*); more even, lower, is better.",
                            headlineMetric: "lStarSD", metrics: ["lStarSD", "bStarSD", "itaSD", "melaninIndexSD"]),
            ClaimDescriptor(id: "darkSpots", name: "Dark spots",
                            description: "Share of the skin covered by dark pigmented spots; smaller is better.",
                            headlineMetric: "spotAreaPercent", metrics: ["spotAreaPercent", "spotCount", "spotMeanDeltaE"]),
        ],
        workingPixelsPerMillimetre: 10)

    public let settings: Settings

    public init(settings: Settings) {
        self.settings = settings
    }

    public func analyze(_ pair: AlignedPair, in context: AnalysisContext) throws -> AnalysisResult {
        let ppm = PhysicalScale.windowScale(pair.pixelsPerMillimetre)
        // Tone planes: the after photo brought under the before photo's light (the smooth field of
        // D_after − D_before removed), then its channels scaled to the before photo's median skin
        // colour, so a change of light, exposure or white balance moves no spread.
        var field: IlluminationField?
        var linear = pair.photos.map { (red: $0.red, green: $0.green, blue: $0.blue) }
        if pair.photos.count == 2 {
            let change = PlaneMath.combine(pair.photos[1].density, pair.photos[0].density) { $0 - $1 }
            field = IlluminationField.fit(change, mask: pair.mask, pixelsPerMillimetre: ppm)
            if let field { linear[1] = field.flattened(pair.photos[1]) }
        }
        // Colour is not known where a channel is clipped, on either photo: the tone spreads and the
        // white-balance medians leave those pixels out, with the 0.5 mm low-pass's reach around them.
        let clipped = Self.clipped(pair.photos, mask: pair.mask, radius: max(1, Int((settings.toneLowPassMillimetres * ppm).rounded())),
                                   parallel: context.parallel)
        let toneMask = Self.skin(pair.mask, outside: clipped)
        let skinPixels = PlaneMath.count(pair.mask), tonePixels = PlaneMath.count(toneMask)
        var gains: [Float] = [1, 1, 1]
        if linear.count == 2 {
            func median(_ plane: Image<Gray32>) -> Double { Kernels.Statistics.median(plane, mask: toneMask) }
            let before = [linear[0].red, linear[0].green, linear[0].blue].map(median)
            let after = [linear[1].red, linear[1].green, linear[1].blue].map(median)
            gains = zip(before, after).map { b, a in a > 1e-6 && b.isFinite && a.isFinite ? Float(b / a) : 1 }
            linear[1] = (red: PlaneMath.map(linear[1].red) { $0 * gains[0] }, green: PlaneMath.map(linear[1].green) { $0 * gains[1] },
                         blue: PlaneMath.map(linear[1].blue) { $0 * gains[2] })
        }
        // Spots: the before photo sets the seed threshold that every photo of the pair uses, and the
        // contrast is measured on the same regions in every photo (the spots found on any of them).
        let skin = pair.mask.pixels.map { $0.value != 0 }
        var searches: [SpotSearch] = []
        for photo in pair.photos {
            searches.append(findSpots(photo, mask: pair.mask, skin: skin, pixelsPerMillimetre: ppm, reference: searches.first,
                                      parallel: context.parallel))
        }
        let regions = Self.union(searches, width: pair.mask.width, skin: skin,
                                 margin: Int((settings.outlineMarginMillimetres * ppm).rounded()))
        var perPhoto: [PhotoMeasurement] = []
        for (index, photo) in pair.photos.enumerated() {
            // Both photos through the same conversion (the relit after photo needs it), so the
            // before photo's planes do not differ from the after photo's by the 8-bit path's rounding.
            let tone = (red: linear[index].red, blue: linear[index].blue,
                        lab: Kernels.LinearToLab.fast(red: linear[index].red, green: linear[index].green, blue: linear[index].blue,
                                                      parallel: context.parallel))
            perPhoto.append(measure(photo, tone: tone, spots: searches[index], regions: regions, mask: pair.mask, toneMask: toneMask, skin: skin,
                                    tiles: pair.tiles, pixelsPerMillimetre: ppm, parallel: context.parallel))
        }
        if perPhoto.count == 2, let first = perPhoto[0].objects["spotMeanDeltaE"], let second = perPhoto[1].objects["spotMeanDeltaE"] {
            // A spot's contrast is compared only where both photos measured it (each against a ring
            // of its own skin): a spot whose ring left the skin on one photo would otherwise read 0.
            let both = first.indices.filter { first[$0].isFinite && $0 < second.count && second[$0].isFinite }
            for (index, values) in [first, second].enumerated() {
                let kept = both.map { values[$0] }
                perPhoto[index].objects["spotMeanDeltaE"] = kept
                perPhoto[index].values["spotMeanDeltaE"] = kept.isEmpty ? 0 : kept.reduce(0, +) / Double(kept.count)
            }
        }
        var result = AnalysisResult()
        result.record(Self.descriptor, perPhoto.map { m in
            m.values.reduce(into: [String: (value: Double, tiles: [Double])]()) { $0[$1.key] = ($1.value, m.tiles[$1.key] ?? []) }
        })
        if perPhoto.count == 2 {
            // The spots are few: their change is judged over the regions, not the tiles.
            for (metric, statistic) in [("spotCount", ObjectValues.Statistic.sum), ("spotAreaPercent", .sum), ("spotMeanDeltaE", .mean)] {
                result.attach(ObjectValues(statistic: statistic, before: perPhoto[0].objects[metric] ?? [],
                                           after: perPhoto[1].objects[metric] ?? []), to: metric)
            }
        }
        if let bar = searches.first?.threshold, Double(bar) > settings.largestSeedDensity {
            let reason = String(format: "no verdict on dark spots: the baseline's own variation of darkness over the skin (a lesion filling much of the frame, deep shading or strong mottling) sets the spot threshold at %.0f %% less light than the surrounding skin, so only spots darker than that could be found (a visible spot lets through 14 %% less)", 100 * (1 - exp(-Double(bar))))
            if perPhoto.count == 2 {
                for metric in ["spotCount", "spotAreaPercent", "spotMeanDeltaE"] { result.withhold(metric, because: reason) }
            }
            result.notes.append("Spots: " + reason + ".")
        }
        if skinPixels > 0, tonePixels < skinPixels * 199 / 200 {
            result.notes.append(String(format: "Tone: the spreads leave out %.1f %% of the skin, where a colour channel is clipped on %@ (with 0.5 mm around): its colour is not known there.",
                                       100 * Double(skinPixels - tonePixels) / Double(skinPixels), pair.photos.count == 2 ? "either photo" : "the photo"))
        }
        if let field {
            result.notes.append(String(format: "Tone: the light on the after photo differed from the before photo's by a smooth field spanning %.0f %% of luminance across the skin; it was removed before measuring the tone spreads.", field.rangePercent))
        }
        if pair.photos.count == 2 {
            result.notes.append("Tone spreads compare the photos at one exposure and white balance: the after photo's linear channels were scaled by "
                                + String(format: "R ×%.3f, G ×%.3f, B ×%.3f", gains[0], gains[1], gains[2])
                                + " to the before photo's median skin colour (for the spreads only; no other metric is corrected).")
        }
        for (index, measurement) in perPhoto.enumerated() {
            result.overlays.append(OverlayLayer(id: "spots", photo: index == 0 ? .before : .after,
                                                content: .outlines(measurement.outlines)))
        }
        return result
    }

    struct PhotoMeasurement {
        var values: [String: Double] = [:]
        var tiles: [String: [Double]] = [:]
        /// Per region of the pair (same order on both photos), for the spot metrics.
        var objects: [String: [Double]] = [:]
        var outlines: [[[Double]]] = []
    }

    /// A spot found on one photo.
    struct Spot {
        var pixels: [Int]
        var centroidX: Double, centroidY: Double
        /// The darkening −ΔD of the outline it was grown to (half its peak).
        var half: Float
        /// The region's typical darkening (the median of −ΔD over its pixels) on the photo that
        /// found it (set by ``union(_:width:skin:margin:)``).
        var reference: Float = 0
        /// Where the region's outline may lie on any photo of the pair: its pixels and the skin
        /// within `margin` steps of them that is nearer to it than to any other region (set by
        /// ``union(_:width:skin:margin:)``; the pixels alone before).
        var support: [Int] = []
    }

    /// The spots found on one photo, the photo's darkening plane −ΔD (row-major, negative where
    /// darker than the surrounding skin) and the seed threshold used (ΔD units).
    struct SpotSearch {
        var spots: [Spot]
        var darkening: [Float]
        var threshold: Float
        /// The photo's low-passed density, its background and the skin the background was
        /// averaged over (without spots and glare halos): the reference a later photo of the pair
        /// is measured against.
        var density: Image<Gray32>
        var background: Image<Gray32>
        var clean: Image<Gray8>
        /// Every pixel a candidate was grown over, kept as a spot or not (row-major).
        var grown: [Bool]
    }

    /// The spots of every photo as one list of regions: each photo's spots in turn, a spot that
    /// overlaps regions already listed (the same spot seen on another photo) merged into the first of
    /// them, which keeps its outline level. Each region's `reference` is its typical darkening on
    /// the photo that found it, and its `support` its pixels grown by `margin` steps over the skin
    /// (row-major flags, rows of `width`; not over candidates either photo turned down), each skin
    /// pixel going to the region it is fewest steps from. Every photo is measured on these regions.
    static func union(_ searches: [SpotSearch], width: Int, skin: [Bool], margin: Int) -> [Spot] {
        var owner = [Int32](repeating: -1, count: skin.count)
        var regions: [Spot] = []
        var origins: [Int] = []
        for (photo, search) in searches.enumerated() {
            for spot in search.spots {
                let overlapping = Set(spot.pixels.compactMap { owner[$0] >= 0 ? Int(owner[$0]) : nil })
                guard let target = overlapping.min() else {
                    for i in spot.pixels { owner[i] = Int32(regions.count) }
                    regions.append(spot)
                    origins.append(photo)
                    continue
                }
                for i in spot.pixels where owner[i] < 0 {
                    owner[i] = Int32(target)
                    regions[target].pixels.append(i)
                }
            }
        }
        // The margins: one breadth-first flood from every region at once, `margin` steps deep.
        var supports = regions.map(\.pixels)
        var frontier = regions.flatMap(\.pixels)
        // A margin does not take in a candidate that was turned down (a shadow, a pore's rim, a
        // lesion larger than any spot) next to the spot.
        var open = skin
        for search in searches { for i in search.grown.indices where search.grown[i] { open[i] = false } }
        let height = width > 0 ? skin.count / width : 0
        for _ in 0..<max(0, margin) where !frontier.isEmpty {
            var next: [Int] = []
            for i in frontier {
                let x = i % width, y = i / width
                for (nx, ny) in [(x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)] where nx >= 0 && ny >= 0 && nx < width && ny < height {
                    let j = ny * width + nx
                    guard owner[j] < 0, open[j] else { continue }
                    owner[j] = owner[i]
                    supports[Int(owner[i])].append(j)
                    next.append(j)
                }
            }
            frontier = next
        }
        return regions.indices.map { k in
            var region = regions[k]
            region.pixels.sort()
            region.support = supports[k].sorted()
            region.reference = strength(of: region.pixels, darkening: searches[origins[k]].darkening)
            return region
        }
    }

    /// The peak darkening of `pixels` (positive): the 95th percentile of −ΔD over them.
    static func peak(of pixels: [Int], darkening d: [Float]) -> Float {
        guard !pixels.isEmpty else { return 0 }
        let values = pixels.map { -d[$0] }.sorted()
        return values[min(values.count - 1, Int(0.95 * Double(values.count)))]
    }

    /// The typical darkening of `pixels` (positive): the median of −ΔD over them. Unlike the peak
    /// it does not follow a hair or a speck that crosses part of a spot on one photo only.
    static func strength(of pixels: [Int], darkening d: [Float]) -> Float {
        guard !pixels.isEmpty else { return 0 }
        var values = pixels.map { -d[$0] }
        return Kernels.Statistics.select(&values, values.count / 2)
    }

    /// The pixels of `region`'s support at or above its half-contrast level in the photo whose
    /// darkening is `d` (rows of `width`) and connected to the region's own pixels at that level:
    /// the outline level of the photo that found it, scaled by the ratio of the region's typical
    /// darkening in this photo to that photo's (a uniformly fading spot keeps its outline). Every
    /// photo is read over the same support, so the photo that found the region has no head start
    /// on one whose outline lies a little wider; specks of noise in the margin that do not touch
    /// the spot are not counted. Nil when the spot is not on this photo: its peak darkening there
    /// is under half the shared seed `threshold`.
    static func darkPixels(of region: Spot, darkening d: [Float], threshold: Float, width: Int) -> [Int]? {
        let peak = peak(of: region.pixels, darkening: d)
        guard peak >= threshold / 2 else { return nil }
        let strength = strength(of: region.pixels, darkening: d)
        let level = region.reference > 0 ? -region.half * max(0, strength) / region.reference : -region.half
        guard !region.support.isEmpty else { return region.pixels.filter { -d[$0] >= level } }
        var open = Set(region.support.filter { -d[$0] >= level })
        var pixels = region.pixels.filter { open.remove($0) != nil }
        var head = 0
        while head < pixels.count {
            let i = pixels[head]; head += 1
            let x = i % width
            for j in [x + 1 < width ? i + 1 : -1, x > 0 ? i - 1 : -1, i + width, i - width] where j >= 0 && open.remove(j) != nil {
                pixels.append(j)
            }
        }
        return pixels.sorted()
    }

    /// One photo's metrics; `tone` holds the planes the tone metrics read (see ``analyze(_:in:)``).
    func measure(_ photo: AnalysisPhoto, tone flat: (red: Image<Gray32>, blue: Image<Gray32>, lab: LabPlanes), spots search: SpotSearch,
                 regions: [Spot], mask: Image<Gray8>, toneMask: Image<Gray8>, skin m: [Bool], tiles: TileGrid, pixelsPerMillimetre ppm: Double,
                 parallel: Bool) -> PhotoMeasurement {
        var out = PhotoMeasurement()
        let sigma = settings.toneLowPassMillimetres * ppm
        let lLow = PlaneMath.blur(flat.lab.l, sigma: sigma, parallel: parallel)
        let bLow = PlaneMath.blur(flat.lab.b, sigma: sigma, parallel: parallel)
        let rLow = PlaneMath.blur(flat.red, sigma: sigma, parallel: parallel)
        let ita = PlaneMath.combine(lLow, bLow) { l, b in
            Float(atan2(Double(l - 50), Double(max(b, 0.5))) * 180 / Double.pi)
        }
        let melanin = PlaneMath.map(rLow) { 100 * log10(1 / max($0, 1e-4)) }
        for (metric, plane) in [("lStarSD", lLow), ("bStarSD", bLow), ("itaSD", ita), ("melaninIndexSD", melanin)] {
            out.values[metric] = PlaneMath.meanAndDeviation(plane, mask: toneMask).deviation
            out.tiles[metric] = tiles.standardDeviations(plane, mask: toneMask)
        }

        // Spots: every photo measured on the same regions, their colour on the planes brought under
        // the before photo's light (as for the tone spreads), so exposure, cast and gradient move no
        // spot contrast.
        let contrasts = regions.map { region in
            Self.contrast(of: region.pixels, centroidX: region.centroidX, centroidY: region.centroidY, half: region.half,
                          lab: flat.lab, red: flat.red, blue: flat.blue, darkening: search.darkening, mask: m,
                          pixelsPerMillimetre: ppm)?.deltaE ?? .nan
        }
        let minimumPixels = settings.minimumSpotMillimetres * ppm * ppm
        let width = photo.size.width
        let perRegion = regions.map { region -> [Int]? in
            guard let pixels = Self.darkPixels(of: region, darkening: search.darkening, threshold: search.threshold, width: width),
                  Double(pixels.count) >= minimumPixels else { return nil }
            return pixels
        }
        let present = perRegion.compactMap { $0 }
        let maskPixels = Double(max(1, PlaneMath.count(mask)))
        out.objects["spotCount"] = perRegion.map { $0 == nil ? 0 : 1 }
        out.objects["spotAreaPercent"] = perRegion.map { 100 * Double($0?.count ?? 0) / maskPixels }
        out.objects["spotMeanDeltaE"] = contrasts
        out.values["spotCount"] = Double(present.count)
        out.values["spotAreaPercent"] = 100 * Double(present.reduce(0) { $0 + $1.count }) / maskPixels
        let measured = contrasts.filter(\.isFinite)
        out.values["spotMeanDeltaE"] = measured.isEmpty ? 0 : measured.reduce(0, +) / Double(measured.count)
        var tileCount = [Double](repeating: 0, count: tiles.tiles.count)
        var tileArea = tileCount, tileDeltaE = tileCount, tileRegions = tileCount
        for pixels in present {
            let cx = Double(pixels.reduce(0) { $0 + $1 % width }) / Double(pixels.count)
            let cy = Double(pixels.reduce(0) { $0 + $1 / width }) / Double(pixels.count)
            if let t = tiles.tileIndex(x: Int(cx.rounded()), y: Int(cy.rounded())) {
                tileCount[t] += 1
            }
            for i in pixels {
                if let t = tiles.tileIndex(x: i % width, y: i / width) { tileArea[t] += 1 }
            }
        }
        for (region, deltaE) in zip(regions, contrasts) where deltaE.isFinite {
            if let t = tiles.tileIndex(x: Int(region.centroidX.rounded()), y: Int(region.centroidY.rounded())) {
                tileRegions[t] += 1
                tileDeltaE[t] += deltaE
            }
        }
        out.tiles["spotCount"] = tileCount
        out.tiles["spotAreaPercent"] = zip(tileArea, tiles.tiles).map { 100 * $0 / Double(max(1, $1.maskPixels)) }
        out.tiles["spotMeanDeltaE"] = zip(tileDeltaE, tileRegions).map { $1 > 0 ? $0 / $1 : 0 }
        out.outlines = search.spots.map { outline(of: $0, width: width) }
        return out
    }

    /// Shading darkens every channel alike; melanin darkens blue most. A dark region is pigment
    /// when ln(R/B) rises by at least 0.02 per L* of darkening (melanin gives about 0.05 per L*
    /// on every skin tone of the generator; shadows of scars stay below 0.01).
    static func isPigment(darkening: Double, chromaticShift: Double) -> Bool {
        chromaticShift >= 0.02 * darkening
    }

    /// The robust spread of ΔD on the skin, from its brighter half only: (median − 25th percentile)/0.6745,
    /// the SD of a normal distribution with those quartiles. Dark spots, moles and lesions lie on the
    /// other side of the median, so a photo dominated by a large lesion does not raise its own bar.
    static func brightSideSpread(_ delta: Image<Gray32>, mask: Image<Gray8>) -> Float {
        let quartiles = Kernels.Statistics.percentiles(delta, [25, 50], mask: mask)
        guard quartiles[0].isFinite, quartiles[1].isFinite else { return 0.01 }
        return Float(max(0, quartiles[1] - quartiles[0]) / 0.6745)
    }

    /// The seed threshold of a photo (ΔD): four robust spreads of ΔD over the skin
    /// (``brightSideSpread(_:mask:)``), at least 0.025, measured on the skin outside any lesion
    /// larger than the largest spot. Such a lesion (connected pixels above the first estimate of the
    /// threshold over more than `largestSpotPixels`, with 1 mm around them) is no spot and no
    /// background: pooled with the skin, a nevus on a third of a real dermoscopy close-up pushed
    /// the median into its own tail and raised the bar from 0.25 to 0.35 ΔD, over spots as dark as
    /// 0.36 next to it. When less than a quarter of the skin is left outside such lesions, the
    /// frame is the lesion and the first estimate stands (the spot metrics are then withheld; see
    /// ``Settings/largestSeedDensity``).
    static func seedThreshold(_ delta: Image<Gray32>, mask: Image<Gray8>, largestSpotPixels: Double, pixelsPerMillimetre ppm: Double,
                              parallel: Bool) -> Float {
        let first = Float(max(0.025, 4 * brightSideSpread(delta, mask: mask)))
        let components = Kernels.ConnectedComponents.fast(PlaneMath.threshold(delta, within: mask) { $0 > first }, connectivity: .eight)
        let lesions = Set(components.regions.filter { Double($0.area) > largestSpotPixels }.map { Int32($0.label) })
        guard !lesions.isEmpty else { return first }
        let grown = Kernels.Morphology.fast(PlaneMath.selecting(components.labels, lesions, size: delta.size), .dilate,
                                            radius: max(1, Int(ppm.rounded())), parallel: parallel)
        let plainSkin = Self.skin(mask, outside: grown)
        guard 4 * PlaneMath.count(plainSkin) >= PlaneMath.count(mask) else { return first }
        return Float(max(0.025, 4 * brightSideSpread(delta, mask: plainSkin)))
    }

    /// The pixels of `mask` where a linear channel of any of `photos` is at 0.985 or more (8-bit 253,
    /// clipped), grown by `radius` pixels, as a mask (255).
    static func clipped(_ photos: [AnalysisPhoto], mask: Image<Gray8>, radius: Int, parallel: Bool) -> Image<Gray8> {
        var flags = [UInt8](repeating: 0, count: mask.pixelCount)
        for photo in photos {
            photo.red.withUnsafeBufferPointer { r in
                photo.green.withUnsafeBufferPointer { g in
                    photo.blue.withUnsafeBufferPointer { b in
                        for i in flags.indices where max(r[i].value, g[i].value, b[i].value) >= 0.985 { flags[i] = 255 }
                    }
                }
            }
        }
        let found = Image(size: mask.size, pixels: zip(flags, mask.pixels).map { Gray8(value: $1.value != 0 ? $0 : 0) })
        guard flags.contains(255) else { return found }
        return Kernels.Morphology.fast(found, .dilate, radius: radius, parallel: parallel)
    }

    /// The pixels of `mask` (nonzero) that are not in `excluded` (nonzero), as a mask.
    static func skin(_ mask: Image<Gray8>, outside excluded: Image<Gray8>) -> Image<Gray8> {
        Image(size: mask.size, pixels: zip(mask.pixels, excluded.pixels).map { m, e in Gray8(value: m.value != 0 && e.value == 0 ? 255 : 0) })
    }

    /// Finds the dark spots of one photo. `reference`, when given, is the search on the pair's
    /// before photo (registered with this one): its seed threshold is used, so a fading spot does
    /// not lower its own bar, and so is its background, moved by the local difference of light
    /// between the photos measured on the before photo's clean skin (see ``sharedBackground``).
    /// Otherwise the photo's own threshold and background. `skin` is `mask` as one flag per pixel
    /// (row-major), made once per pair.
    func findSpots(_ photo: AnalysisPhoto, mask: Image<Gray8>, skin m: [Bool], pixelsPerMillimetre ppm: Double, reference: SpotSearch?,
                   parallel: Bool) -> SpotSearch {
        let shared = reference?.threshold
        let size = photo.size, width = size.width, height = size.height
        // Optical density −ln Y of the luminance: melanin adds to it linearly (Beer–Lambert), so
        // its half-contrast contour is the half-melanin contour.
        let luminance = photo.density
        let density = PlaneMath.blur(luminance, sigma: max(1, 0.15 * ppm), parallel: parallel)
        let backgroundSigma = settings.backgroundMillimetres * ppm
        var background: Image<Gray32>
        let cleanSkin: Image<Gray8>
        var delta: Image<Gray32>
        if let reference, reference.density.size == density.size {
            (background, cleanSkin) = (Self.sharedBackground(density, reference: reference, sigma: backgroundSigma, parallel: parallel), reference.clean)
            delta = PlaneMath.combine(background, density) { $1 - $0 }
        } else {
            let medianDensity = Kernels.Statistics.median(density, mask: mask)
            let fallback = Float(medianDensity.isNaN ? 0.5 : medianDensity)
            background = PlaneMath.maskedBlur(density, mask: mask, sigma: backgroundSigma, fallback: fallback, parallel: parallel)
            // ΔD > 0: darker than the surrounding skin.
            delta = PlaneMath.combine(background, density) { $1 - $0 }
            let firstThreshold = shared ?? Float(max(0.025, 4 * Self.brightSideSpread(delta, mask: mask)))
            // Second pass: background without anything darker than a third of the seed threshold or
            // brighter than three times it (a glare's halo would otherwise lift the background and turn
            // the plain skin around it into a ring of spots).
            let darkFirst = Kernels.Morphology.fast(PlaneMath.threshold(delta, within: mask) { $0 > firstThreshold / 3 || $0 < -3 * firstThreshold }, .dilate,
                                                    radius: max(1, Int((0.3 * ppm).rounded())), parallel: parallel)
            cleanSkin = Self.skin(mask, outside: darkFirst)
            background = PlaneMath.maskedBlur(density, mask: cleanSkin, sigma: backgroundSigma, fallback: fallback, parallel: parallel)
            delta = PlaneMath.combine(background, density) { $1 - $0 }
        }
        let seedThreshold = shared ?? Self.seedThreshold(delta, mask: mask, largestSpotPixels: settings.maximumSpotMillimetres * ppm * ppm,
                                                         pixelsPerMillimetre: ppm, parallel: parallel)
        // From here on −d is the darkening, as for L*.
        delta = PlaneMath.map(delta) { -$0 }
        let seeds = PlaneMath.threshold(delta, within: mask) { $0 < -seedThreshold }
        let components = Kernels.ConnectedComponents.fast(seeds, connectivity: .eight)
        let minimumPixels = settings.minimumSpotMillimetres * ppm * ppm
        let maximumPixels = settings.maximumSpotMillimetres * ppm * ppm
        let d = delta.pixels.map(\.value)
        var taken = [Bool](repeating: false, count: d.count)
        var spots: [Spot] = []
        for region in components.regions where Double(region.area) >= 0.25 * minimumPixels {
            // Peak contrast: 95th percentile of −ΔD in the seed.
            var values: [Float] = []
            values.reserveCapacity(region.area)
            for y in region.minY...region.maxY {
                for x in region.minX...region.maxX where components.labels[y * width + x] == Int32(region.label) {
                    values.append(-d[y * width + x])
                }
            }
            values.sort()
            let peak = values[min(values.count - 1, Int(0.95 * Double(values.count)))]
            let half = peak / 2
            // Grow from the deepest pixel over −ΔD ≥ half.
            var start = -1
            var deepest: Float = -.infinity
            for y in region.minY...region.maxY {
                for x in region.minX...region.maxX where components.labels[y * width + x] == Int32(region.label) {
                    if -d[y * width + x] > deepest { deepest = -d[y * width + x]; start = y * width + x }
                }
            }
            guard start >= 0, !taken[start] else { continue }
            var pixels = [start]
            taken[start] = true
            var head = 0
            while head < pixels.count, Double(pixels.count) <= maximumPixels {
                let i = pixels[head]; head += 1
                let x = i % width, y = i / width
                for (dx, dy) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
                    let nx = x + dx, ny = y + dy
                    guard nx >= 0, ny >= 0, nx < width, ny < height else { continue }
                    let j = ny * width + nx
                    guard !taken[j], -d[j] >= half else { continue }
                    guard m[j] else { continue }
                    taken[j] = true
                    pixels.append(j)
                }
            }
            let area = Double(pixels.count)
            guard area >= minimumPixels, area <= maximumPixels else { continue }
            var sumX = 0.0, sumY = 0.0
            for i in pixels { sumX += Double(i % width); sumY += Double(i / width) }
            let cx = sumX / area, cy = sumY / area
            guard let contrast = Self.contrast(of: pixels, centroidX: cx, centroidY: cy, half: -half, lab: photo.lab, red: photo.red,
                                               blue: photo.blue, darkening: d, mask: m, pixelsPerMillimetre: ppm),
                  contrast.lightness < 0, contrast.deltaE >= settings.minimumSpotDeltaE,
                  Self.isPigment(darkening: -contrast.lightness, chromaticShift: contrast.chromaticShift) else { continue }
            spots.append(Spot(pixels: pixels, centroidX: cx, centroidY: cy, half: -half))
        }
        return SpotSearch(spots: spots, darkening: d, threshold: seedThreshold, density: density, background: background, clean: cleanSkin,
                          grown: taken)
    }

    /// The background of a later photo of a registered pair: the before photo's background plus
    /// the local difference of light between the photos, the normalised Gaussian average (σ, px)
    /// of D_after − D_before over the before photo's clean skin (its spots, their surroundings and
    /// glare halos left out). On the skin around the spots both photos show the same skin, so the
    /// difference is light alone (gradient, vignetting, exposure), and a spot that fades or
    /// darkens does not move the background it is measured against. Each photo's own background
    /// instead took in whatever of a nearby lesion's edge its own first pass left in, and on a
    /// real dermoscopy pair with nothing changed read every spot 3–15 % darker on the follow-up.
    static func sharedBackground(_ density: Image<Gray32>, reference: SpotSearch, sigma: Double, parallel: Bool) -> Image<Gray32> {
        let difference = PlaneMath.combine(density, reference.density) { $0 - $1 }
        let typical = Kernels.Statistics.median(difference, mask: reference.clean)
        let light = PlaneMath.maskedBlur(difference, mask: reference.clean, sigma: sigma,
                                         fallback: Float(typical.isFinite ? typical : 0), parallel: parallel)
        return PlaneMath.combine(reference.background, light) { $0 + $1 }
    }

    /// The colour of a region against a ring 0.5–1.5 mm outside its bounding circle (ring pixels on
    /// the skin, outside the region and not darker than `half`, the region's outline level of −ΔD):
    /// the mean L* difference (negative when darker), the mean ln(R/B) difference, and the CIE 1976
    /// ΔE*ab of the mean Lab colours. Nil when the ring has 10 pixels or fewer.
    static func contrast(of pixels: [Int], centroidX cx: Double, centroidY cy: Double, half: Float, lab: LabPlanes,
                         red: Image<Gray32>, blue: Image<Gray32>, darkening d: [Float], mask m: [Bool], pixelsPerMillimetre ppm: Double)
        -> (lightness: Double, chromaticShift: Double, deltaE: Double)? {
        let width = lab.l.width, height = lab.l.height
        let area = Double(pixels.count)
        guard area > 0 else { return nil }
        let radius = (area / Double.pi).squareRoot()
        let inner = radius + 0.5 * ppm, outer = radius + 1.5 * ppm
        let insideSet = Set(pixels)
        var ring = (l: 0.0, a: 0.0, b: 0.0, rb: 0.0, n: 0)
        var core = (l: 0.0, a: 0.0, b: 0.0, rb: 0.0)
        let planes = (lab.l, lab.a, lab.b)
        planes.0.withUnsafeBufferPointer { lp in
            planes.1.withUnsafeBufferPointer { ap in
                planes.2.withUnsafeBufferPointer { bp in
                    red.withUnsafeBufferPointer { rp in
                        blue.withUnsafeBufferPointer { blp in
                            func logRatio(_ i: Int) -> Double { log(Double(max(rp[i].value, 1e-4)) / Double(max(blp[i].value, 1e-4))) }
                            for i in pixels {
                                core.l += Double(lp[i].value); core.a += Double(ap[i].value); core.b += Double(bp[i].value)
                                core.rb += logRatio(i)
                            }
                            let x0 = max(0, Int(cx - outer)), x1 = min(width - 1, Int(cx + outer))
                            let y0 = max(0, Int(cy - outer)), y1 = min(height - 1, Int(cy + outer))
                            guard x0 <= x1, y0 <= y1 else { return }
                            for y in y0...y1 {
                                for x in x0...x1 {
                                    let r2 = (Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)
                                    let i = y * width + x
                                    guard r2 >= inner * inner, r2 <= outer * outer, m[i], !insideSet.contains(i),
                                          d[i] > half else { continue }
                                    ring.l += Double(lp[i].value); ring.a += Double(ap[i].value); ring.b += Double(bp[i].value)
                                    ring.rb += logRatio(i); ring.n += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        guard ring.n > 10 else { return nil }
        let n = Double(ring.n)
        let dl = core.l / area - ring.l / n, da = core.a / area - ring.a / n, db = core.b / area - ring.b / n
        return (dl, core.rb / area - ring.rb / n, (dl * dl + da * da + db * db).squareRoot())
    }

    /// A coarse outline for overlays: the spot's extreme pixels on 16 rays from its centroid.
    func outline(of spot: Spot, width: Int) -> [[Double]] {
        var reach = [Double](repeating: 0, count: 16)
        for i in spot.pixels {
            let dx = Double(i % width) - spot.centroidX, dy = Double(i / width) - spot.centroidY
            let ray = (Int(((atan2(dy, dx) + Double.pi) / (2 * Double.pi) * 16).rounded(.down)) % 16 + 16) % 16
            reach[ray] = max(reach[ray], (dx * dx + dy * dy).squareRoot() + 0.5)
        }
        return (0..<16).map { k in
            let angle = (Double(k) + 0.5) / 16 * 2 * Double.pi - Double.pi
            return [spot.centroidX + reach[k] * cos(angle), spot.centroidY + reach[k] * sin(angle)]
        }
    }
}
