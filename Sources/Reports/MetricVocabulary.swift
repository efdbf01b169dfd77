public import AnalysisKit

/// What the reports call each metric and claim: display names, descriptions and the claims in
/// report order, read from a results document's analyzer records (so a page says what the run that
/// made the numbers declared, plugins included).
public struct MetricVocabulary: Sendable {
    /// One claim of one analyzer.
    public struct Claim: Hashable, Sendable {
        public var analyzer: String
        public var descriptor: ClaimDescriptor
        /// The headline metric's declaration, when the analyzer declared it.
        public var headline: MetricDescriptor?

        /// A key unique in the run: "analyzer/claim".
        public var key: String { "\(analyzer)/\(descriptor.id)" }
    }

    /// Every claim, analyzers in run order and each analyzer's claims in its order.
    public let claims: [Claim]
    private let metrics: [String: MetricDescriptor]
    private let claimOfMetric: [String: Int]

    public init(analyzers: [ResultsDocument.AnalyzerRecord]) {
        var claims: [Claim] = []
        var metrics: [String: MetricDescriptor] = [:]
        var claimOfMetric: [String: Int] = [:]
        for record in analyzers {
            for metric in record.metrics { metrics["\(record.id)/\(metric.id)"] = metric }
            let declared = record.claims ?? AnalyzerDescriptor(id: AnalyzerID(stringLiteral: record.id), name: Self.displayName(record.id),
                                                               summary: "Metrics of \(record.id).", version: record.version,
                                                               metrics: record.metrics).reportedClaims
            for claim in declared {
                for metric in claim.metrics where claimOfMetric["\(record.id)/\(metric)"] == nil {
                    claimOfMetric["\(record.id)/\(metric)"] = claims.count
                }
                claims.append(Claim(analyzer: record.id, descriptor: claim, headline: metrics["\(record.id)/\(claim.headlineMetric)"]))
            }
        }
        self.claims = claims
        self.metrics = metrics
        self.claimOfMetric = claimOfMetric
    }

    /// The declaration of `metric` of `analyzer`, when the run recorded it.
    public func descriptor(analyzer: String, metric: String) -> MetricDescriptor? { metrics["\(analyzer)/\(metric)"] }

    /// The display name of a metric ("Pore density"); the metric's id when none was declared.
    public func label(analyzer: String, metric: String) -> String {
        guard let name = metrics["\(analyzer)/\(metric)"]?.name, !name.isEmpty else { return metric }
        return name
    }

    /// The claim a metric belongs to, if any.
    public func claim(analyzer: String, metric: String) -> Claim? {
        claimOfMetric["\(analyzer)/\(metric)"].map { claims[$0] }
    }

    /// A name for an analyzer that declared none: its id's last part, capitalised ("Redness").
    static func displayName(_ analyzer: String) -> String {
        let last = analyzer.split(separator: ".").last.map(String.init) ?? analyzer
        return last.prefix(1).uppercased() + last.dropFirst().replacingOccurrences(of: "-", with: " ")
    }

    /// The analyzer id without the built-in prefix `org.skindelta.`.
    public static func shortName(_ analyzer: String) -> String {
        analyzer.hasPrefix("org.skindelta.") ? String(analyzer.dropFirst("org.skindelta.".count)) : analyzer
    }
}
