/// Identity, version and declared outputs of an analyzer. Read before any photo is.
public struct AnalyzerDescriptor: Hashable, Sendable, Codable {
    /// Stable reverse-DNS id (`org.skindelta.pores`).
    public var id: AnalyzerID
    /// Display name ("Pores").
    public var name: String
    /// One line for listings and reports.
    public var summary: String
    /// Semantic version of the algorithm (`1.0.0`); changes that alter numbers bump it.
    public var version: String
    /// Every metric the analyzer reports, in report order.
    public var metrics: [MetricDescriptor]

    public init(id: AnalyzerID, name: String, summary: String, version: String, metrics: [MetricDescriptor]) {
        self.id = id
        self.name = name
        self.summary = summary
        self.version = version
        self.metrics = metrics
    }

    /// The metric called `id`, if declared.
    public func metric(_ id: String) -> MetricDescriptor? { metrics.first { $0.id == id } }

    /// Whether `version` is `MAJOR.MINOR.PATCH` with non-negative integers.
    public static func isSemanticVersion(_ version: String) -> Bool {
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && Int($0) != nil && !$0.hasPrefix("-") }
    }
}
