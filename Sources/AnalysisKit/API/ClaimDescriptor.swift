/// A treatment claim an analyzer measures ("pores shrink", "spots fade"), as a clinician reads it:
/// the claim's name, one sentence on what is measured and which way is better, and the metric that
/// stands for it in summaries.
///
/// Reports show one summary card per claim and one index cell per claim, each from the claim's
/// headline metric; the claim's other metrics are the evidence behind it. An analyzer that declares
/// no claim is shown as one claim named after it (``AnalyzerDescriptor/reportedClaims``).
public struct ClaimDescriptor: Hashable, Sendable, Codable {
    /// Short id, unique within the analyzer: lower camel case (`pores`, `darkSpots`).
    public var id: String
    /// Display name ("Dark spots").
    public var name: String
    /// One sentence: what is measured and what better means ("Area of dark spots on the skin; smaller is better.").
    public var description: String
    /// The id of the metric that stands for the claim; it must be declared and not neutral.
    public var headlineMetric: String
    /// Every metric of the claim, the headline included, in report order.
    public var metrics: [String]

    public init(id: String, name: String, description: String, headlineMetric: String, metrics: [String]) {
        self.id = id
        self.name = name
        self.description = description
        self.headlineMetric = headlineMetric
        self.metrics = metrics.contains(headlineMetric) ? metrics : [headlineMetric] + metrics
    }
}
