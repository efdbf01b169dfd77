/// A metric's value per object (a spot, a scar) on both photos of a registered pair, for metrics
/// that are a mean or a sum over a few objects.
///
/// Tiles are the wrong sampling unit for such a metric: six spots lie in a handful of 5 mm tiles, and
/// most tiles hold none, so the tiles cannot show how much the value moves between photos. When an
/// analyzer attaches the objects, the change's interval comes from resampling the objects instead
/// (each object's after − before difference, drawn with replacement; see the Scoring module's
/// `ChangeEstimator`), and a verdict needs ``minimumObjects`` objects instead of five tiles.
///
/// Object `i` is the same region of skin on both photos (`before[i]`, `after[i]`), in the metric's
/// unit. With ``Statistic/mean`` the metric is the mean of the values (for example each spot's
/// ΔE*ab against its ring); with ``Statistic/sum`` it is their sum (for example each spot's share of
/// the measured skin, in percent). An object absent from a photo has the value 0 there when the
/// statistic is a sum.
public struct ObjectValues: Hashable, Sendable, Codable {
    /// How the objects' values make up the metric.
    public enum Statistic: String, Hashable, Sendable, Codable {
        case mean
        case sum
    }

    public var statistic: Statistic
    public var before: [Double]
    public var after: [Double]

    public init(statistic: Statistic, before: [Double], after: [Double]) {
        self.statistic = statistic
        self.before = before
        self.after = after
    }

    /// Fewest objects for a verdict on a change resampled over objects.
    public static let minimumObjects = 3

    /// The number of objects.
    public var count: Int { before.count }

    /// The statistic over `values`: their mean or their sum (0 for none).
    public func aggregate(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sum = values.reduce(0, +)
        return statistic == .sum ? sum : sum / Double(values.count)
    }
}
