/// The state of a patient's skin at one session: how far each claim has moved from the baseline.
///
/// The course advances continuously with time: at `t = days since baseline / interval` every
/// factor is `(1 + rate)^t` (so 1 at the baseline). Procedures happen at every regular session;
/// a post-procedure session is a check-up two days after the previous regular one.
public struct SessionState: Codable, Sendable, Equatable {
    /// 0 for the baseline.
    public var index: Int
    /// Session date, yyyy-MM-dd.
    public var date: String
    /// Days since the baseline.
    public var day: Int
    /// Days since the last procedure, or nil before the first one (the baseline).
    public var daysSinceProcedure: Int?
    /// Whether the session is a check-up two days after a procedure (expect redness).
    public var isPostProcedure: Bool
    /// Course time t (sessions elapsed, fractional).
    public var courseTime: Double
    /// Fraction of the baseline pores still visible: (1 + poreCountRate)^t.
    public var poreVisibleFraction: Double
    public var poreRadiusFactor: Double
    public var spotContrastFactor: Double
    public var scarRoughnessFactor: Double
    public var scarDepthFactor: Double
    public var lineDepthFactor: Double
    public var rednessFactor: Double
    /// Extra diffuse haemoglobin optical density from a recent procedure.
    public var postProcedureHaemoglobin: Double
    /// Target change of bare-skin lightness from brightening, in L*.
    public var brighteningLStar: Double
    /// Light direction at this session (radians), for the shading of scars, pores and lines.
    public var lightAzimuth: Double
    public var lightElevation: Double

    /// The sessions of `patient` under `options`.
    static func course(for patient: SyntheticPatient, patientIndex: Int, options: SynthesisOptions) -> [SessionState] {
        let course = options.course
        let start = SessionCalendar.day(from: options.startDate) ?? 0
        var random = SeededRandom(seed: options.seed, stream: 8, UInt64(patientIndex))
        var states: [SessionState] = []
        var lastProcedure = 0
        for index in 0..<options.sessions {
            let isCheck = index > 0 && course.postProcedureSessions.contains(index)
            let day = index == 0 ? 0 : lastProcedure + (isCheck ? 2 : course.intervalDays)
            let since: Int? = index == 0 ? nil : day - lastProcedure
            let t = Double(day) / Double(course.intervalDays)
            func factor(_ rate: Double) -> Double { power(1 + rate, t) }
            let spread = options.camera.lightDirectionDegrees * Double.pi / 180
            let jitterAzimuth = index == 0 ? 0 : spread * random.normal()
            let jitterElevation = index == 0 ? 0 : spread / 3 * random.normal()
            states.append(SessionState(
                index: index, date: SessionCalendar.text(fromDay: start + day), day: day, daysSinceProcedure: since,
                isPostProcedure: isCheck, courseTime: t, poreVisibleFraction: factor(course.poreCountRate),
                poreRadiusFactor: factor(course.poreRadiusRate), spotContrastFactor: factor(course.spotContrastRate),
                scarRoughnessFactor: factor(course.scarRoughnessRate), scarDepthFactor: factor(course.scarDepthRate),
                lineDepthFactor: factor(course.lineDepthRate), rednessFactor: factor(course.rednessRate),
                postProcedureHaemoglobin: isCheck ? course.postProcedureErythema : 0,
                brighteningLStar: course.brighteningPerSession * t,
                lightAzimuth: patient.lightAzimuth + jitterAzimuth,
                lightElevation: min(max(patient.lightElevation + jitterElevation, 0.6), 1.2)))
            if !isCheck { lastProcedure = day }
        }
        return states
    }

    /// Whether a pore is open (visible) at this session.
    public func isVisible(_ pore: SyntheticPore) -> Bool { pore.closingRank < poreVisibleFraction }
}
