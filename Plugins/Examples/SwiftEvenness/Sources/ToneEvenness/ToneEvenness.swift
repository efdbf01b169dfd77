public import AnalysisKit
import ImageCore

/// Tone evenness: how spread out the skin's lightness is (interquartile range of CIELAB L* over
/// the mask; lower is evener) and how bright it is (median L*; higher is brighter).
///
/// Quartiles are nearest-rank order statistics of the masked L* values: for n values sorted
/// ascending, the p-quantile is the value at index ⌈p·n⌉ − 1.
public struct ToneEvenness: Analyzer {
    public struct Settings: AnalyzerSettings {
        public static let revision = 2
        /// Lower quantile of the spread (0...0.5).
        public var lowerQuantile = 0.25
        /// Upper quantile of the spread (0.5...1).
        public var upperQuantile = 0.75

        public init() {}

        /// Revision 1 stored one `quantile`, the lower one; the upper was its mirror.
        public static func migrate(_ members: [String: JSONValue], from revision: Int) throws -> [String: JSONValue] {
            var out = members
            if revision < 2, case .number(let q)? = out.removeValue(forKey: "quantile") {
                out["lowerQuantile"] = .number(q)
                out["upperQuantile"] = .number(1 - q)
            }
            return out
        }
    }

    public static let descriptor = AnalyzerDescriptor(
        id: "org.example.tone-evenness", name: "Tone evenness", summary: "Spread and median of L* over the skin.",
        version: "1.0.0",
        metrics: [
            MetricDescriptor(id: "lightnessSpread", name: "L* interquartile range", unit: "L*", direction: .lowerIsBetter,
                             description: "Upper minus lower quantile (default 75th − 25th) of L* over the mask: lower is evener tone."),
            MetricDescriptor(id: "medianLightness", name: "Median L*", unit: "L*", direction: .higherIsBetter,
                             description: "Median L* over the mask: higher is brighter skin."),
        ])

    let settings: Settings

    public init(settings: Settings) {
        self.settings = settings
    }

    public func analyze(_ pair: AlignedPair, in context: AnalysisContext) throws -> AnalysisResult {
        guard (0...0.5).contains(settings.lowerQuantile), (0.5...1).contains(settings.upperQuantile) else {
            throw AnalysisError.invalidSettings(reason: "the quantiles must lie in 0...0.5 and 0.5...1")
        }
        var result = AnalysisResult()
        var spread: [(value: Double, tiles: [Double])] = [], median: [(value: Double, tiles: [Double])] = []
        for photo in pair.photos {
            let all = Self.values(photo.lab.l, mask: pair.mask, x: 0, y: 0, width: pair.mask.width, height: pair.mask.height)
            let tiles = pair.tiles.tiles.map { Self.values(photo.lab.l, mask: pair.mask, x: $0.x, y: $0.y, width: $0.width, height: $0.height) }
            spread.append((spreadOf(all), tiles.map(spreadOf)))
            median.append((Self.quantile(all, 0.5), tiles.map { Self.quantile($0, 0.5) }))
        }
        result.record("lightnessSpread", spread)
        result.record("medianLightness", median)
        return result
    }

    func spreadOf(_ sorted: [Float]) -> Double {
        Self.quantile(sorted, settings.upperQuantile) - Self.quantile(sorted, settings.lowerQuantile)
    }

    /// The masked values of `plane` in a rectangle, sorted ascending.
    static func values(_ plane: Image<Gray32>, mask: Image<Gray8>, x: Int, y: Int, width: Int, height: Int) -> [Float] {
        var out: [Float] = []
        plane.withUnsafeBufferPointer { p in
            mask.withUnsafeBufferPointer { m in
                for row in y..<(y + height) {
                    let base = row * plane.width
                    for column in x..<(x + width) where m[base + column].value != 0 { out.append(p[base + column].value) }
                }
            }
        }
        return out.sorted()
    }

    /// Nearest-rank quantile of sorted values (0 when there are none).
    static func quantile(_ sorted: [Float], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return Double(sorted[min(max(rank, 1), sorted.count) - 1])
    }
}
