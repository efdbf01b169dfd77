/// The analyzers a run may use, registered explicitly and checked before any photo is read.
///
/// Registration refuses an id that is not reverse-DNS, a version that is not semantic, a metric
/// list that is empty or repeats an id, and two analyzers with one id. ``configure(_:only:)``
/// refuses settings for unknown analyzers and unknown settings members.
public struct AnalyzerRegistry: Sendable {
    private enum Entry: Sendable {
        case type(any Analyzer.Type)
        case factory(any AnalyzerFactory)

        var descriptor: AnalyzerDescriptor {
            switch self {
            case .type(let type): type.descriptor
            case .factory(let factory): factory.descriptor
            }
        }
    }

    private let entries: [Entry]
    /// The descriptors in registration order (Swift types first, then factories).
    public let descriptors: [AnalyzerDescriptor]

    /// Registers Swift analyzer `types`, then `factories` (analyzers described at run time).
    public init(_ types: [any Analyzer.Type], factories: [any AnalyzerFactory] = []) throws(AnalysisError) {
        let entries = types.map(Entry.type) + factories.map(Entry.factory)
        var seen = Set<AnalyzerID>()
        for entry in entries {
            let descriptor = entry.descriptor
            try descriptor.validate()
            guard seen.insert(descriptor.id).inserted else { throw .duplicateID(descriptor.id) }
        }
        self.entries = entries
        descriptors = entries.map(\.descriptor)
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
        for entry in entries where only?.contains(entry.descriptor.id) ?? true {
            let document = settings[entry.descriptor.id]
            switch entry {
            case .type(let type): out.append(try Self.instantiate(type, document))
            case .factory(let factory): out.append(try factory.configure(document))
            }
        }
        return out
    }

    private static func instantiate<A: Analyzer>(_ type: A.Type, _ document: SettingsDocument?) throws(AnalysisError) -> ConfiguredAnalyzer {
        try ConfiguredAnalyzer(type, document: document)
    }
}
