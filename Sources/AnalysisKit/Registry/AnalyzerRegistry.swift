/// The analyzers a run may use, registered explicitly and checked before any photo is read.
///
/// Registration refuses an id that is not reverse-DNS, a version that is not semantic, a metric
/// list that is empty or repeats an id, and two analyzers with one id. ``configure(_:only:)``
/// refuses settings for unknown analyzers and unknown settings members.
public struct AnalyzerRegistry: Sendable {
    private let types: [any Analyzer.Type]
    /// The descriptors in registration order.
    public let descriptors: [AnalyzerDescriptor]

    public init(_ types: [any Analyzer.Type]) throws(AnalysisError) {
        var seen = Set<AnalyzerID>()
        for type in types {
            let descriptor = type.descriptor
            try Self.check(descriptor)
            guard seen.insert(descriptor.id).inserted else { throw .duplicateID(descriptor.id) }
        }
        self.types = types
        descriptors = types.map { $0.descriptor }
    }

    /// The descriptor with `id`.
    public func descriptor(_ id: AnalyzerID) -> AnalyzerDescriptor? { descriptors.first { $0.id == id } }

    /// The default settings document of every analyzer, by id.
    public func defaultSettings() throws(AnalysisError) -> [AnalyzerID: SettingsDocument] {
        var out: [AnalyzerID: SettingsDocument] = [:]
        for analyzer in try configure() { out[analyzer.descriptor.id] = analyzer.settings }
        return out
    }

    /// Instantiates the analyzers (all, or those in `only`, in registration order) with `settings`
    /// documents by id (defaults where none is given).
    public func configure(_ settings: [AnalyzerID: SettingsDocument] = [:], only: [AnalyzerID]? = nil)
        throws(AnalysisError) -> [ConfiguredAnalyzer] {
        let known = Set(descriptors.map(\.id))
        if let unknown = (Array(settings.keys) + (only ?? [])).sorted().first(where: { !known.contains($0) }) {
            throw .unknownAnalyzer(unknown.rawValue)
        }
        var out: [ConfiguredAnalyzer] = []
        for type in types where only?.contains(type.descriptor.id) ?? true {
            out.append(try Self.instantiate(type, settings[type.descriptor.id]))
        }
        return out
    }

    private static func instantiate<A: Analyzer>(_ type: A.Type, _ document: SettingsDocument?) throws(AnalysisError) -> ConfiguredAnalyzer {
        try ConfiguredAnalyzer(type, document: document)
    }

    static func check(_ descriptor: AnalyzerDescriptor) throws(AnalysisError) {
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
