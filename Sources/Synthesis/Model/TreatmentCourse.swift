/// How each claimed benefit of the treatment moves from one session to the next.
///
/// Rates are relative changes per session, compounding: a rate of −0.08 multiplies the quantity by
/// 0.92 at every session after the baseline, so at session k (0 = baseline) it is `(1 + rate)^k`
/// times the baseline value. A rate of 0 makes a course with no true change, for noise studies.
public struct TreatmentCourse: Codable, Sendable, Equatable {
    /// Relative change per session of the number of visible pores (pores close in a fixed random order).
    public var poreCountRate: Double
    /// Relative change per session of every remaining pore's radius.
    public var poreRadiusRate: Double
    /// Relative change per session of every dark spot's melanin contrast.
    public var spotContrastRate: Double
    /// Relative change per session of the scars' micro-texture amplitude (roughness).
    public var scarRoughnessRate: Double
    /// Relative change per session of the scars' depth.
    public var scarDepthRate: Double
    /// Relative change per session of the fine lines' depth.
    public var lineDepthRate: Double
    /// Relative change per session of the redness (haemoglobin) of the patches and of diffuse erythema.
    public var rednessRate: Double
    /// Extra diffuse haemoglobin optical density on a session photographed shortly after a procedure
    /// (0.3 by default: about +5 a* on light skin).
    public var postProcedureErythema: Double
    /// Change of mean lightness per session from brightening, in L* units (applied as less melanin).
    public var brighteningPerSession: Double
    /// Days between sessions.
    public var intervalDays: Int
    /// Sessions (0-based; the baseline is 0) photographed two days after a procedure rather than
    /// just before the next one; their redness spikes.
    public var postProcedureSessions: [Int]

    /// The default course: pores −8 %, spot contrast −10 %, scar roughness −6 %, scar depth −4 %,
    /// line depth −5 %, redness −5 % per session, +0.3 L* per session; session 2 photographed two
    /// days after a procedure; sessions four weeks apart.
    public init(poreCountRate: Double = -0.08, poreRadiusRate: Double = -0.03, spotContrastRate: Double = -0.10,
                scarRoughnessRate: Double = -0.06, scarDepthRate: Double = -0.04, lineDepthRate: Double = -0.05,
                rednessRate: Double = -0.05, postProcedureErythema: Double = 0.3, brighteningPerSession: Double = 0.3,
                intervalDays: Int = 28, postProcedureSessions: [Int] = [2]) {
        self.poreCountRate = poreCountRate
        self.poreRadiusRate = poreRadiusRate
        self.spotContrastRate = spotContrastRate
        self.scarRoughnessRate = scarRoughnessRate
        self.scarDepthRate = scarDepthRate
        self.lineDepthRate = lineDepthRate
        self.rednessRate = rednessRate
        self.postProcedureErythema = postProcedureErythema
        self.brighteningPerSession = brighteningPerSession
        self.intervalDays = intervalDays
        self.postProcedureSessions = postProcedureSessions
    }

    /// A course in which the skin does not change at all (only the photos do).
    public static let unchanged = TreatmentCourse(
        poreCountRate: 0, poreRadiusRate: 0, spotContrastRate: 0, scarRoughnessRate: 0, scarDepthRate: 0,
        lineDepthRate: 0, rednessRate: 0, postProcedureErythema: 0, brighteningPerSession: 0, postProcedureSessions: [])
}
