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
    /// The treatment claims the metrics stand for, in report order; empty when the analyzer declares
    /// none (``reportedClaims`` then makes one from the analyzer itself).
    public var claims: [ClaimDescriptor]
    /// The coarsest resolution that still resolves what the analyzer measures, pixels per
    /// millimetre; nil measures every photo at its own resolution.
    ///
    /// When a pair's scale is known and finer, the pipeline gives the analyzer the pair reduced by
    /// 2×2 averaging as often as the scale stays at or above this (``AlignedPair/reduced(levels:parallel:)``):
    /// a 20 px/mm pair reaches an analyzer that works at 10 px/mm at 10 px/mm, a 30 px/mm pair at
    /// 15 px/mm, a 12 px/mm pair as it is. The pair's scale, tiles and mask are those of the reduced
    /// pair; overlays are drawn back at full resolution. Photos of different resolution are thereby
    /// measured at similar resolutions, and large photos at a fraction of the cost.
    public var workingPixelsPerMillimetre: Double?

    public init(id: AnalyzerID, name: String, summary: String, version: String, metrics: [MetricDescriptor],
                claims: [ClaimDescriptor] = [], workingPixelsPerMillimetre: Double? = nil) {
        self.id = id
        self.name = name
        self.summary = summary
        self.version = version
        self.metrics = metrics
        self.claims = claims
        self.workingPixelsPerMillimetre = workingPixelsPerMillimetre
    }

    enum CodingKeys: String, CodingKey { case id, name, summary, version, metrics, claims, workingPixelsPerMillimetre }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(AnalyzerID.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        summary = try c.decode(String.self, forKey: .summary)
        version = try c.decode(String.self, forKey: .version)
        metrics = try c.decode([MetricDescriptor].self, forKey: .metrics)
        claims = try c.decodeIfPresent([ClaimDescriptor].self, forKey: .claims) ?? []
        workingPixelsPerMillimetre = try c.decodeIfPresent(Double.self, forKey: .workingPixelsPerMillimetre)
    }

    /// The claims as reports show them: the declared ones, or, when there are none, one claim named
    /// after the analyzer (its summary as the description) with the first metric that has a
    /// direction as the headline. Empty when every metric is neutral.
    public var reportedClaims: [ClaimDescriptor] {
        if !claims.isEmpty { return claims }
        guard let headline = metrics.first(where: { $0.direction != .neutral }) else { return [] }
        let shortID = id.rawValue.split(separator: ".").last.map(String.init) ?? id.rawValue
        return [ClaimDescriptor(id: shortID, name: name, description: summary, headlineMetric: headline.id,
                                metrics: metrics.map(\.id))]
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
        if let working = descriptor.workingPixelsPerMillimetre, !(working.isFinite && working > 0) {
            throw fail("the working resolution \(working) px/mm is not a positive number")
        }
        var metricIDs = Set<String>()
        for metric in descriptor.metrics {
            guard !metric.id.isEmpty, metric.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
                  metric.id.first!.isLowercase else {
                throw fail("the metric id “\(metric.id)” is not lower camel case")
            }
            guard metricIDs.insert(metric.id).inserted else { throw fail("the metric “\(metric.id)” is declared twice") }
            guard !metric.unit.isEmpty, !metric.description.isEmpty, !metric.name.isEmpty else {
                throw fail("the metric “\(metric.id)” needs a name, a unit and a description")
            }
        }
        var claimIDs = Set<String>()
        for claim in descriptor.claims {
            guard !claim.id.isEmpty, claim.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }), claim.id.first!.isLowercase else {
                throw fail("the claim id “\(claim.id)” is not lower camel case")
            }
            guard claimIDs.insert(claim.id).inserted else { throw fail("the claim “\(claim.id)” is declared twice") }
            guard !claim.name.isEmpty, !claim.description.isEmpty else { throw fail("the claim “\(claim.id)” needs a name and a description") }
            guard let headline = descriptor.metric(claim.headlineMetric), headline.direction != .neutral else {
                throw fail("the claim “\(claim.id)” names “\(claim.headlineMetric)” as its headline, which is not a declared metric with a direction")
            }
            if let unknown = claim.metrics.first(where: { descriptor.metric($0) == nil }) {
                throw fail("the claim “\(claim.id)” lists “\(unknown)”, which is not a declared metric")
            }
        }
    }
}
