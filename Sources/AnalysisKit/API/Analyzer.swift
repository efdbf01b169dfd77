/// A measurement of one treatment claim on a before photo and an aligned after photo.
///
/// Conforming types declare everything up front in ``descriptor`` and must be deterministic: the
/// same pair and settings give the same result bit for bit, on any number of threads. They never
/// trap on input; they throw ``AnalysisError`` for input they cannot measure.
///
/// ```swift
/// struct Brightness: Analyzer {
///     struct Settings: AnalyzerSettings {
///         static let revision = 1
///         var percentile = 50.0
///     }
///     static let descriptor = AnalyzerDescriptor(
///         id: "org.example.brightness", name: "Brightness", summary: "Median L* of the skin.",
///         version: "1.0.0", metrics: [MetricDescriptor(id: "medianL", name: "Median L*", unit: "L*",
///                                                      direction: .higherIsBetter, description: "…")])
///     let settings: Settings
///     init(settings: Settings) { self.settings = settings }
///     func analyze(_ pair: AlignedPair, in context: AnalysisContext) throws -> AnalysisResult {
///         var result = AnalysisResult()
///         try result.record("medianL", pair.measure { photo in … }, tiles: …)
///         return result
///     }
/// }
/// ```
public protocol Analyzer: Sendable {
    associatedtype Settings: AnalyzerSettings

    /// Identity, version and declared metrics. Read before anything runs.
    static var descriptor: AnalyzerDescriptor { get }

    init(settings: Settings)

    /// Measures both photos of `pair` inside `pair.mask` (only the before photo when the pair is a
    /// single photo).
    func analyze(_ pair: AlignedPair, in context: AnalysisContext) throws -> AnalysisResult
}
