public import AnalysisKit
import Foundation
import ImageCore

/// Measures redness (erythema) of the skin and how much of it is redder than the patient's own
/// reference.
///
/// - `meanAStar`: mean CIELAB a* over the measured skin (a* units) [1].
/// - `erythemaIndex`: mean of EI = 100·log₁₀(R/G) on linear red and green reflectance, the camera
///   form of the narrow-band erythema index [2, 3].
/// - `erythemaContrast`: how much redder than the patient's own skin the red parts are: the mean
///   over the measured skin of max(0, EI_low − EI_ref) (EI units), EI_low the erythema index
///   low-passed (σ = `lowPassMillimetres`) and EI_ref its median over the photo's measured skin.
/// - `redAreaPercent`: percent of the measured skin where EI_low − EI_ref exceeds the margin
///   M = max(`minimumMargin`, 2.5·s), s the interquartile SD of the *before* photo's EI_low. M is
///   shared by both photos (a fading patch does not lower its own threshold).
///
/// Both read EI against each photo's own median, and EI = 100·log₁₀(R/G) on linear light: a change
/// of white balance or exposure multiplies R and G by constants (or, for a light gradient, both by
/// the same smooth factor), which shifts EI by a constant (or not at all) and so moves neither
/// metric. They measure localised redness — a patch, a flush, post-procedure erythema around a
/// treated area — and cannot see (or erase) a change of redness spread evenly over all the skin,
/// which shows in `meanAStar` and `erythemaIndex`. Pigmented lesions are left out of both: melanin
/// raises EI too, but it also darkens red light, which haemoglobin hardly absorbs; skin whose
/// low-passed red optical density −ln R exceeds its surrounding skin's (masked Gaussian average,
/// σ = `lesionBackgroundMillimetres`) by more than `lesionRedDensity` on the *before* photo is not
/// measured on either photo (one definition for both).
///
/// **Colour differences between the photos.** The after photo's white balance relative to the
/// before photo's is estimated on the common skin as the ratios of the medians of linear R, G and B
/// (after/before), normalised to green: c_R, c_B. Without a colour reference
/// (`--colour-reference`), a cast cannot be told from a change of redness spread over the skin, so
/// when max(|ln c_R|, |ln c_B|) exceeds `castTolerance` the intervals of `meanAStar` and
/// `erythemaIndex` are widened on both sides by the change the cast alone causes: for `meanAStar`
/// the a* difference of the after photo's median colour with and without the cast, for
/// `erythemaIndex` |100·log₁₀ c_R|, and their change gets no verdict (``AnalysisResult/Value/withheldReason``;
/// the composite score leaves mean a* out and says so): on real relit photos the rest of the capture
/// (gradient, exposure, JPEG) moves the means by as much again as the cast's own effect, so a
/// verdict would read the light as redness. `redAreaPercent` is still judged. The estimate is always
/// given in the notes.
///
/// Every metric: lower is better. Post-procedure erythema is expected for about two days after
/// microneedling: when either photo was taken within `postProcedureDays` days of a procedure the
/// result carries the flag `postProcedure` and a note, and comparisons should be read with it.
/// Overlay: a heat map of low-passed a* above T per photo.
///
/// References:
/// 1. Logger JGM et al. Objective redness assessment in rosacea: a* versus Δa*. Skin Res Technol
///    26(6):804–811, 2020. doi:10.1111/srt.12878
/// 2. Diffey BL, Oliver RJ, Farr PM. A portable instrument for quantifying erythema induced by
///    ultraviolet radiation. Br J Dermatol 111(6):663–672, 1984. doi:10.1111/j.1365-2133.1984.tb14149.x
/// 3. Yamamoto T et al. Derivation and clinical application of special imaging by means of digital
///    cameras and Image J freeware for quantification of erythema and pigmentation. Skin Res
///    Technol 14(1):26–34, 2008. doi:10.1111/j.1600-0846.2007.00256.x
public struct RednessAnalyzer: Analyzer {
    public struct Settings: AnalyzerSettings {
        public static let revision = 2
        public var lowPassMillimetres = 0.5
        /// Smallest margin of the red-area threshold over the median, EI units.
        public var minimumMargin = 2.0
        /// A photo taken this many days or fewer after a procedure is post-procedure.
        public var postProcedureDays = 3
        /// Largest colour cast between the photos (|ln| of the R/G or B/G ratio) taken as none.
        public var castTolerance = 0.01
        /// Red optical density above the surrounding skin's that marks a pigmented lesion (0.1: red
        /// light 10 % weaker), and the scale of that surrounding skin, mm.
        public var lesionRedDensity = 0.1
        public var lesionBackgroundMillimetres = 5.0

        public init() {}
    }

    /// Why the mean colours need a registered pair: a colour cast between the photos is estimated
    /// on the skin both photos show, and cannot be told from a change of redness otherwise.
    static let colourNeedsRegistration = "a white-balance or exposure difference between the photos is estimated on the same skin in both and cannot otherwise be told from a change of redness"

    public static let descriptor = AnalyzerDescriptor(
        id: "org.skindelta.redness", name: "Redness",
        summary: "Mean a*, erythema index, and how much and how widely the skin is redder than its own median.",
        version: "1.5.1",
        metrics: [
            MetricDescriptor(id: "meanAStar", name: "Mean a*", unit: "a*", direction: .lowerIsBetter,
                             description: "Mean CIELAB a* (red–green axis) over the measured skin.", meaningfulChangePercent: 7, meaningfulChange: 1,
                             needsRegistrationBecause: RednessAnalyzer.colourNeedsRegistration),
            MetricDescriptor(id: "erythemaIndex", name: "Erythema index", unit: "EI", direction: .lowerIsBetter,
                             description: "Mean of 100·log10(R/G) on linear red and green reflectance.", meaningfulChangePercent: 5,
                             needsRegistrationBecause: RednessAnalyzer.colourNeedsRegistration),
            MetricDescriptor(id: "erythemaContrast", name: "Focal redness", unit: "EI", direction: .lowerIsBetter,
                             description: "Mean excess of the low-passed erythema index over the photo's own median skin (pigmented lesions left out); unchanged by white balance and exposure.",
                             meaningfulChangePercent: 5, meaningfulChange: 0.2),
            MetricDescriptor(id: "redAreaPercent", name: "Red area", unit: "%", direction: .lowerIsBetter,
                             description: "Skin whose low-passed erythema index exceeds the photo's own median by 2.5 SD of the baseline's (at least 2 EI); unchanged by white balance and exposure.", meaningfulChangePercent: 40),
        ],
        claims: [
            ClaimDescriptor(id: "redness", name: "Redness",
                            description: "Mean redness of the skin (CIELAB a*); less red, lower, is better.",
                            headlineMetric: "meanAStar", metrics: ["meanAStar", "erythemaIndex", "erythemaContrast", "redAreaPercent"]),
        ],
        workingPixelsPerMillimetre: 5)

    public let settings: Settings

    public init(settings: Settings) {
        self.settings = settings
    }

    public func analyze(_ pair: AlignedPair, in context: AnalysisContext) throws -> AnalysisResult {
        let ppm = PhysicalScale.windowScale(pair.pixelsPerMillimetre)
        let mask = pair.mask
        var margin: Float?
        // Localised redness is measured off pigmented lesions, found on the before photo.
        let lesions = pigmentedLesions(pair.photos[0], mask: mask, pixelsPerMillimetre: ppm, parallel: context.parallel)
        let measured = PlaneMath.threshold(PlaneMath.map(lesions) { Float($0) }, within: mask) { $0 == 0 }
        let measuredPixels = Double(max(1, PlaneMath.count(measured)))
        var perPhoto: [[String: (value: Double, tiles: [Double])]] = []
        var result = AnalysisResult()
        for (index, photo) in pair.photos.enumerated() {
            var values: [String: (value: Double, tiles: [Double])] = [:]
            values["meanAStar"] = (PlaneMath.meanAndDeviation(photo.lab.a, mask: mask).mean, pair.tiles.means(photo.lab.a, mask: mask))
            let erythema = PlaneMath.combine(photo.red, photo.green) { r, g in 100 * log10(max(r, 1e-4) / max(g, 1e-4)) }
            values["erythemaIndex"] = (PlaneMath.meanAndDeviation(erythema, mask: mask).mean, pair.tiles.means(erythema, mask: mask))
            // Localised redness: EI against the photo's own median.
            let low = PlaneMath.blur(erythema, sigma: settings.lowPassMillimetres * ppm, parallel: context.parallel)
            let q = Kernels.Statistics.percentiles(low, [25, 50, 75], mask: measured)
            let reference = Float(q[1].isFinite ? q[1] : 0)
            if margin == nil {
                let spread = q[0].isFinite && q[2].isFinite ? (q[2] - q[0]) / 1.349 : 0
                margin = Float(max(settings.minimumMargin, 2.5 * spread))
            }
            let excess = PlaneMath.map(low) { max(0, $0 - reference) }
            let meanExcess = PlaneMath.meanAndDeviation(excess, mask: measured).mean
            values["erythemaContrast"] = (meanExcess.isFinite ? meanExcess : 0,
                                          pair.tiles.means(excess, mask: measured))
            let t = reference + margin!
            let red = PlaneMath.threshold(low, within: measured) { $0 > t }
            values["redAreaPercent"] = (100 * Double(PlaneMath.count(red)) / measuredPixels, pair.tiles.percentages(red, mask: measured))
            perPhoto.append(values)
            result.overlays.append(OverlayLayer(id: "redness", photo: index == 0 ? .before : .after,
                                                content: .heatMap(Self.heatMap(low, mask: measured, threshold: t)), unit: "EI above reference"))
        }
        result.record(Self.descriptor, perPhoto)
        if pair.photos.count == 2 { assessCast(pair, into: &result) }
        if let recent = pair.daysSinceProcedure, recent <= settings.postProcedureDays {
            result.flags.append("postProcedure")
            result.notes.append("A photo was taken \(recent) day\(recent == 1 ? "" : "s") after a procedure: expect transient redness; compare redness at matched intervals.")
        }
        return result
    }

    /// Estimates the colour cast of the after photo against the before photo on the common skin,
    /// notes it, and widens the colour-level metrics when it exceeds ``Settings/castTolerance``.
    func assessCast(_ pair: AlignedPair, into result: inout AnalysisResult) {
        func medians(_ photo: AnalysisPhoto) -> [Double] {
            [photo.red, photo.green, photo.blue].map { Kernels.Statistics.median($0, mask: pair.mask) }
        }
        let before = medians(pair.photos[0]), after = medians(pair.photos[1])
        guard (before + after).allSatisfy({ $0.isFinite && $0 > 1e-4 }) else { return }
        let gains = zip(after, before).map { $0 / $1 }
        let castR = gains[0] / gains[1], castB = gains[2] / gains[1]
        let described = String(format: "after/before R/G ×%.3f, B/G ×%.3f, exposure ×%.3f", castR, castB, gains[1])
        if pair.colourCorrection != nil {
            result.notes.append("Colour: matched on the reference region; the remaining difference on the skin is \(described).")
            return
        }
        guard max(abs(log(castR)), abs(log(castB))) > settings.castTolerance else {
            result.notes.append("Colour: the photos' white balance agrees on the skin (\(described)).")
            return
        }
        let reason = "the photos' white balance differs on the skin (\(described)) and no colour reference was given, so a cast cannot be told from a change of redness"
        let castA = abs(Self.aStar(red: after[0], green: after[1], blue: after[2])
            - Self.aStar(red: after[0] / castR, green: after[1], blue: after[2] / castB))
        result.widen("meanAStar", by: castA, because: String(format: "by ±%.2f a*: ", castA) + reason)
        let castEI = abs(100 * log10(castR))
        result.widen("erythemaIndex", by: castEI, because: String(format: "by ±%.2f EI: ", castEI) + reason)
        // The widening bounds the cast's own effect on the median colour, but not the rest of a
        // relit capture (gradient, exposure, JPEG), which moves the means by as much again on real
        // photos: no verdict on the mean colour under a cast. The red area, set against each
        // photo's own median, still is judged.
        let withheld = "no verdict on a mean colour under a colour cast: " + reason + "; give a colour reference (a region of untreated skin) to score it"
        result.withhold("meanAStar", because: withheld)
        result.withhold("erythemaIndex", because: withheld)
        result.notes.append("Colour: \(reason); the intervals of mean a* and the erythema index are widened by what the cast alone would change and their change is not judged (give a colour reference to correct it).")
        result.flags.append("colourNotComparable")
    }

    /// Skin of pigmented lesions (255): low-passed red optical density −ln R above its surrounding
    /// skin's (masked Gaussian average, σ = ``Settings/lesionBackgroundMillimetres``) by more than
    /// ``Settings/lesionRedDensity``. Haemoglobin hardly absorbs red light; melanin and shadow do.
    func pigmentedLesions(_ photo: AnalysisPhoto, mask: Image<Gray8>, pixelsPerMillimetre ppm: Double, parallel: Bool) -> Image<Gray8> {
        let density = PlaneMath.blur(PlaneMath.map(photo.red) { -log(max($0, 1e-4)) }, sigma: settings.lowPassMillimetres * ppm,
                                     parallel: parallel)
        let median = Kernels.Statistics.median(density, mask: mask)
        let background = PlaneMath.maskedBlur(density, mask: mask, sigma: settings.lesionBackgroundMillimetres * ppm,
                                              fallback: Float(median.isFinite ? median : 0), parallel: parallel)
        let limit = Float(settings.lesionRedDensity)
        return PlaneMath.threshold(PlaneMath.combine(density, background) { $0 - $1 }, within: mask) { $0 > limit }
    }

    /// CIELAB a* (D65) of a linear sRGB colour.
    static func aStar(red: Double, green: Double, blue: Double) -> Double {
        let x = (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047
        let y = 0.2126 * red + 0.7152 * green + 0.0722 * blue
        func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
        return 500 * (f(x) - f(y))
    }

    /// Mean excess of low-passed a* over the threshold on a grid of at most 128 cells across.
    static func heatMap(_ low: Image<Gray32>, mask: Image<Gray8>, threshold: Float) -> OverlayLayer.HeatMap {
        let cell = max(1, (max(low.width, low.height) + 127) / 128)
        let columns = (low.width + cell - 1) / cell, rows = (low.height + cell - 1) / cell
        var sums = [Float](repeating: 0, count: columns * rows), counts = [Int](repeating: 0, count: columns * rows)
        low.withUnsafeBufferPointer { p in
            mask.withUnsafeBufferPointer { m in
                for y in 0..<low.height {
                    for x in 0..<low.width where m[y * low.width + x].value != 0 {
                        let k = (y / cell) * columns + x / cell
                        sums[k] += max(0, p[y * low.width + x].value - threshold)
                        counts[k] += 1
                    }
                }
            }
        }
        let maximum: Float = 10
        let values = (0..<sums.count).map { k -> UInt8 in
            counts[k] == 0 ? 0 : UInt8(min(255, (sums[k] / Float(counts[k]) / maximum * 255).rounded()))
        }
        return OverlayLayer.HeatMap(columns: columns, rows: rows, values: values, maximum: Double(maximum))
    }
}
