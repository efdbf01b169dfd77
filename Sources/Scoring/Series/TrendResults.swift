/// A metric's Theil–Sen trend over a patient's sessions (see ``Trend``), as outputs report it.
public struct TrendResults: Hashable, Sendable, Codable {
    public var analyzer: String
    public var metric: String
    public var unit: String
    public var trend: Trend

    public init(analyzer: String, metric: String, unit: String, trend: Trend) {
        self.analyzer = analyzer
        self.metric = metric
        self.unit = unit
        self.trend = trend
    }
}
