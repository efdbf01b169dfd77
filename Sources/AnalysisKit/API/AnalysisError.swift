/// Why an analyzer, its settings or its input was refused. Each case reads as one sentence.
public enum AnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The settings document cannot be used.
    case invalidSettings(reason: String)
    /// Two analyzers declare the same id.
    case duplicateID(AnalyzerID)
    /// The descriptor breaks a rule (bad id, version, or a duplicate or unnamed metric).
    case invalidDescriptor(id: String, reason: String)
    /// No analyzer has this id.
    case unknownAnalyzer(String)
    /// The input cannot be measured (too little skin, sizes differ, …).
    case unmeasurable(reason: String)
    /// The analyzer's output breaks its own declaration (an undeclared metric, a tile count mismatch).
    case invalidResult(id: AnalyzerID, reason: String)
    /// The analyzer failed for a reason of its own.
    case failed(id: AnalyzerID, reason: String)

    public var description: String {
        switch self {
        case .invalidSettings(let reason): "invalid settings: \(reason)"
        case .duplicateID(let id): "two analyzers declare the id \(id)"
        case .invalidDescriptor(let id, let reason): "analyzer “\(id)” has an invalid descriptor: \(reason)"
        case .unknownAnalyzer(let id): "no analyzer has the id “\(id)”"
        case .unmeasurable(let reason): "cannot measure: \(reason)"
        case .invalidResult(let id, let reason): "analyzer \(id) returned an invalid result: \(reason)"
        case .failed(let id, let reason): "analyzer \(id) failed: \(reason)"
        }
    }
}
