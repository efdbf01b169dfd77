/// An analyzer with its settings decided, ready to run on any number of pairs.
public struct ConfiguredAnalyzer: Sendable {
    public let descriptor: AnalyzerDescriptor
    /// The settings in use, complete and at the current revision (recorded in outputs).
    public let settings: SettingsDocument
    private let body: @Sendable (AlignedPair, AnalysisContext) throws -> AnalysisResult

    /// An analyzer from parts, for ``AnalyzerFactory`` conformances: `settings` is the complete
    /// document in use and `body` measures a pair (its result is checked against `descriptor` by
    /// ``run(_:in:)``).
    public init(descriptor: AnalyzerDescriptor, settings: SettingsDocument,
                body: @escaping @Sendable (AlignedPair, AnalysisContext) throws -> AnalysisResult) {
        self.descriptor = descriptor
        self.settings = settings
        self.body = body
    }

    init<A: Analyzer>(_ type: A.Type, document: SettingsDocument?) throws(AnalysisError) {
        let settings: A.Settings
        do {
            settings = try (document ?? SettingsDocument(revision: A.Settings.revision)).decode(A.Settings.self)
        } catch let error as AnalysisError {
            if case .invalidSettings(let reason) = error {
                throw .invalidSettings(reason: "\(A.descriptor.id): \(reason)")
            }
            throw error
        } catch {
            throw .invalidSettings(reason: "\(A.descriptor.id): \(error)")
        }
        do {
            self.settings = try SettingsDocument(encoding: settings)
        } catch {
            throw .invalidSettings(reason: "\(A.descriptor.id): its settings cannot be encoded (\(error))")
        }
        descriptor = A.descriptor
        let analyzer = A(settings: settings)
        body = { pair, context in try analyzer.analyze(pair, in: context) }
    }

    /// Runs the analyzer and checks its result against the declaration. Any error it throws comes
    /// back as an ``AnalysisError`` naming the analyzer.
    public func run(_ pair: AlignedPair, in context: AnalysisContext = AnalysisContext()) throws(AnalysisError) -> AnalysisResult {
        let result: AnalysisResult
        do {
            result = try body(pair, context)
        } catch let error as AnalysisError {
            switch error {
            case .unmeasurable, .failed, .invalidResult: throw error
            default: throw .failed(id: descriptor.id, reason: error.description)
            }
        } catch {
            throw .failed(id: descriptor.id, reason: String(describing: error))
        }
        try result.validate(against: descriptor, tileCount: pair.tiles.tiles.count, hasAfter: pair.hasAfter)
        return result
    }
}
