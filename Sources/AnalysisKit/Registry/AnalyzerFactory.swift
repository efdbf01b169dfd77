/// An analyzer that is not a Swift type known at build time: described by data and configured at
/// run time, such as an out-of-process plugin read from its manifest.
///
/// The registry treats it like an ``Analyzer`` type: its ``descriptor`` is checked on registration
/// and ``configure(_:)`` turns a settings document into a ``ConfiguredAnalyzer``.
public protocol AnalyzerFactory: Sendable {
    /// Identity, version and declared metrics, read without running anything.
    var descriptor: AnalyzerDescriptor { get }

    /// The analyzer with `document` as its settings (defaults when nil). Refuses unknown members,
    /// members of the wrong type and revisions newer than it knows with
    /// ``AnalysisError/invalidSettings(reason:)``.
    func configure(_ document: SettingsDocument?) throws(AnalysisError) -> ConfiguredAnalyzer
}
