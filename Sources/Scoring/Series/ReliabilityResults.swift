/// A metric's measurement noise from repeated captures (see ``Reliability``), as outputs report it.
public struct ReliabilityResults: Hashable, Sendable, Codable {
    public var analyzer: String
    public var metric: String
    public var unit: String
    public var reliability: Reliability

    public init(analyzer: String, metric: String, unit: String, reliability: Reliability) {
        self.analyzer = analyzer
        self.metric = metric
        self.unit = unit
        self.reliability = reliability
    }
}
