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

extension AnalyzerDescriptor {
    /// Checks the declaration: a reverse-DNS id, a semantic version, a name and summary, and at least
    /// one metric, each with a lower-camel-case id declared once, a unit and a description.
    public func validate() throws(AnalysisError) {
        let descriptor = self
        let id = descriptor.id.rawValue
        func fail(_ reason: String) -> AnalysisError { .invalidDescriptor(id: id, reason: reason) }
        guard AnalyzerID.isValid(id) else { throw fail("the id is not reverse-DNS (like org.example.texture)") }
        guard AnalyzerDescriptor.isSemanticVersion(descriptor.version) else {
            throw fail("the version “\(descriptor.version)” is not MAJOR.MINOR.PATCH")
        }
        guard !descriptor.name.isEmpty, !descriptor.summary.isEmpty else { throw fail("the name and summary must not be empty") }
        guard !descriptor.metrics.isEmpty else { throw fail("it declares no metrics") }
        var metricIDs = Set<String>()
        for metric in descriptor.metrics {
            guard !metric.id.isEmpty, metric.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
                  metric.id.first!.isLowercase else {
                throw fail("the metric id “\(metric.id)” is not lower camel case")
            }
            guard metricIDs.insert(metric.id).inserted else { throw fail("the metric “\(metric.id)” is declared twice") }
            guard !metric.unit.isEmpty, !metric.description.isEmpty else {
                throw fail("the metric “\(metric.id)” needs a unit and a description")
            }
        }
    }
}
