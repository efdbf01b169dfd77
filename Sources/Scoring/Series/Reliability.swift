/// Measurement noise of a metric from repeated captures within sessions.
///
/// The within-session SD is pooled over sessions with at least two captures:
/// SD_w = √(Σₛ Σᵢ (vₛᵢ − v̄ₛ)² / Σₛ (nₛ − 1)). Then SEM = SD_w (the standard error of one capture)
/// and MDC95 = 1.96·√2·SEM: the smallest change between two single captures that exceeds the
/// noise with 95 % confidence (Weir 2005, doi:10.1519/15184.1).
public struct Reliability: Hashable, Sendable, Codable {
    public var withinSessionSD: Double
    public var sem: Double
    public var mdc95: Double
    /// Degrees of freedom Σ(nₛ − 1).
    public var degreesOfFreedom: Int

    /// `repeats[s]` are the values of one metric from the captures of session s; nil when no session
    /// has two captures.
    public init?(repeats: [[Double]]) {
        var sum = 0.0, df = 0
        for session in repeats where session.count >= 2 {
            let mean = session.reduce(0, +) / Double(session.count)
            sum += session.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            df += session.count - 1
        }
        guard df > 0 else { return nil }
        withinSessionSD = (sum / Double(df)).squareRoot()
        sem = withinSessionSD
        mdc95 = 1.96 * 2.0.squareRoot() * sem
        degreesOfFreedom = df
    }
}
