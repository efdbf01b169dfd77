public import AnalysisKit

/// A declared metric that has no value for a comparison because its analyzer failed (an
/// out-of-process plugin that crashed, hung or answered garbage, or an analyzer that threw):
/// reported with the reason instead of a number.
public struct FailedMetric: Hashable, Sendable, Codable {
    public var analyzer: String
    public var metric: String
    public var unit: String
    public var direction: MetricDescriptor.Direction
    /// Why the analyzer failed, in one sentence.
    public var reason: String

    public init(analyzer: String, metric: String, unit: String, direction: MetricDescriptor.Direction, reason: String) {
        self.analyzer = analyzer
        self.metric = metric
        self.unit = unit
        self.direction = direction
        self.reason = reason
    }

    /// Every metric of `descriptor`, failed for `reason`.
    public static func all(of descriptor: AnalyzerDescriptor, reason: String) -> [FailedMetric] {
        descriptor.metrics.map {
            FailedMetric(analyzer: descriptor.id.rawValue, metric: $0.id, unit: $0.unit, direction: $0.direction, reason: reason)
        }
    }
}
