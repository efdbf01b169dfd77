/// A robust trend of one metric over sessions: the Theil–Sen slope per week with a bootstrap
/// interval.
///
/// slope = median over session pairs i < j with dᵢ ≠ dⱼ of (vⱼ − vᵢ)/(dⱼ − dᵢ) × 7, days d, values v
/// (Sen 1968). The interval resamples sessions with replacement (2000 draws, seeded from the
/// inputs) and takes the 2.5th and 97.5th percentiles of the slopes of draws with at least two
/// distinct days. At least three sessions are needed.
public struct Trend: Hashable, Sendable, Codable {
    /// Change per week, in the metric's unit.
    public var slopePerWeek: Double
    public var ciLow: Double
    public var ciHigh: Double
    public var sessions: Int

    public init?(days: [Double], values: [Double], resamples: Int = 2000) {
        guard days.count == values.count, days.count >= 3, let slope = Self.theilSen(days: days, values: values) else { return nil }
        var generator = SeededGenerator(seed: SeededGenerator.seed(from: days + values))
        var slopes: [Double] = []
        slopes.reserveCapacity(resamples)
        for _ in 0..<resamples {
            var d: [Double] = [], v: [Double] = []
            for _ in days.indices {
                let k = generator.index(below: days.count)
                d.append(days[k]); v.append(values[k])
            }
            if let s = Self.theilSen(days: d, values: v) { slopes.append(s) }
        }
        let interval = ChangeEstimator().interval(slopes.isEmpty ? [slope] : slopes)
        slopePerWeek = slope
        ciLow = interval.low
        ciHigh = interval.high
        sessions = days.count
    }

    /// The Theil–Sen slope per week, or nil without two distinct days.
    public static func theilSen(days: [Double], values: [Double]) -> Double? {
        var slopes: [Double] = []
        for i in days.indices {
            for j in days.indices where j > i && days[j] != days[i] {
                slopes.append((values[j] - values[i]) / (days[j] - days[i]) * 7)
            }
        }
        guard !slopes.isEmpty else { return nil }
        slopes.sort()
        let mid = slopes.count / 2
        return slopes.count % 2 == 1 ? slopes[mid] : (slopes[mid - 1] + slopes[mid]) / 2
    }
}
