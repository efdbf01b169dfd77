public import AnalysisKit
import Foundation
import ImageCore

/// Measures redness (erythema) of the skin and how much of it is redder than the patient's own
/// reference.
///
/// - `meanAStar`: mean CIELAB a* over the measured skin (a* units) [1].
/// - `erythemaIndex`: mean of EI = 100·log₁₀(R/G) on linear red and green reflectance, the camera
///   form of the narrow-band erythema index [2, 3].
/// - `redAreaPercent`: percent of the skin whose low-passed a* (σ = `lowPassMillimetres`) exceeds
///   the reference redness T = median + max(`minimumMargin`, 2.5·s) of the *before* photo's
///   low-passed a* (s: its interquartile SD). The same T applies to the after photo, so the area
///   compares like with like. For a single photo, T comes from that photo.
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
        public static let revision = 1
        public var lowPassMillimetres = 0.5
        /// Smallest margin of the reference threshold over the median, a* units.
        public var minimumMargin = 2.0
        /// A photo taken this many days or fewer after a procedure is post-procedure.
        public var postProcedureDays = 3

        public init() {}
    }

    public static let descriptor = AnalyzerDescriptor(
        id: "org.skindelta.redness", name: "Redness",
        summary: "Mean a*, erythema index and the area redder than the patient's own reference.",
        version: "1.0.0",
        metrics: [
            MetricDescriptor(id: "meanAStar", name: "Mean a*", unit: "a*", direction: .lowerIsBetter,
                             description: "Mean CIELAB a* (red–green axis) over the measured skin."),
            MetricDescriptor(id: "erythemaIndex", name: "Erythema index", unit: "EI", direction: .lowerIsBetter,
                             description: "Mean of 100·log10(R/G) on linear red and green reflectance."),
            MetricDescriptor(id: "redAreaPercent", name: "Red area", unit: "%", direction: .lowerIsBetter,
                             description: "Skin whose low-passed a* exceeds the baseline's median by 2.5 SD (at least 2 a*)."),
        ],
        claims: [
            ClaimDescriptor(id: "redness", name: "Redness",
                            description: "Mean redness of the skin (CIELAB a*); less red, lower, is better.",
                            headlineMetric: "meanAStar", metrics: ["meanAStar", "erythemaIndex", "redAreaPercent"]),
        ])

    public let settings: Settings

    public init(settings: Settings) {
        self.settings = settings
    }

    public func analyze(_ pair: AlignedPair, in context: AnalysisContext) throws -> AnalysisResult {
        let ppm = PhysicalScale.windowScale(pair.pixelsPerMillimetre)
        let mask = pair.mask
        var threshold: Float?
        var perPhoto: [[String: (value: Double, tiles: [Double])]] = []
        var result = AnalysisResult()
        for (index, photo) in pair.photos.enumerated() {
            var values: [String: (value: Double, tiles: [Double])] = [:]
            values["meanAStar"] = (PlaneMath.meanAndDeviation(photo.lab.a, mask: mask).mean, pair.tiles.means(photo.lab.a, mask: mask))
            let erythema = PlaneMath.combine(photo.red, photo.green) { r, g in 100 * log10(max(r, 1e-4) / max(g, 1e-4)) }
            values["erythemaIndex"] = (PlaneMath.meanAndDeviation(erythema, mask: mask).mean, pair.tiles.means(erythema, mask: mask))
            let low = PlaneMath.blur(photo.lab.a, sigma: settings.lowPassMillimetres * ppm, parallel: context.parallel)
            if threshold == nil {
                let q = Kernels.Statistics.percentiles(low, [25, 50, 75], mask: mask)
                let spread = (q[2] - q[0]) / 1.349
                threshold = Float(q[1] + max(settings.minimumMargin, 2.5 * spread))
            }
            let t = threshold!
            let red = PlaneMath.threshold(low, within: mask) { $0 > t }
            let maskPixels = Double(max(1, PlaneMath.count(mask)))
            values["redAreaPercent"] = (100 * Double(PlaneMath.count(red)) / maskPixels, pair.tiles.percentages(red, mask: mask))
            perPhoto.append(values)
            result.overlays.append(OverlayLayer(id: "redness", photo: index == 0 ? .before : .after,
                                                content: .heatMap(Self.heatMap(low, mask: mask, threshold: t)), unit: "a* above reference"))
        }
        result.record(Self.descriptor, perPhoto)
        let days = [pair.beforeCapture.daysSinceProcedure, pair.afterCapture?.daysSinceProcedure].compactMap { $0 }
        if let recent = days.min(), recent <= settings.postProcedureDays {
            result.flags.append("postProcedure")
            result.notes.append("A photo was taken \(recent) day\(recent == 1 ? "" : "s") after a procedure: expect transient redness; compare redness at matched intervals.")
        }
        return result
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
