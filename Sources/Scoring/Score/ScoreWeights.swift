/// Which metrics make up the composite progress score, and how much each claim counts.
///
/// Each claim is an analyzer; its headline metrics are averaged, then claims are combined with
/// their weights (normalised to sum to 1). The default: equal weights over the five built-in
/// claims, with tone evenness and spot area for pigmentation, pore density, roughness, mean a* and
/// the line depth index.
public struct ScoreWeights: Hashable, Sendable, Codable {
    public struct Claim: Hashable, Sendable, Codable {
        public var analyzer: String
        public var weight: Double
        public var metrics: [String]

        public init(analyzer: String, weight: Double, metrics: [String]) {
            self.analyzer = analyzer
            self.weight = weight
            self.metrics = metrics
        }
    }

    public var claims: [Claim]

    public init(claims: [Claim]) {
        self.claims = claims
    }

    public static let standard = ScoreWeights(claims: [
        Claim(analyzer: "org.skindelta.pigmentation", weight: 1, metrics: ["lStarSD", "spotAreaPercent"]),
        Claim(analyzer: "org.skindelta.pores", weight: 1, metrics: ["density"]),
        Claim(analyzer: "org.skindelta.scar-texture", weight: 1, metrics: ["roughness"]),
        Claim(analyzer: "org.skindelta.redness", weight: 1, metrics: ["meanAStar"]),
        Claim(analyzer: "org.skindelta.fine-lines", weight: 1, metrics: ["depthIndex"]),
    ])
}
