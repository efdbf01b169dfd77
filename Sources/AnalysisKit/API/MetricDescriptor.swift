/// One number an analyzer reports, declared before anything runs.
public struct MetricDescriptor: Hashable, Sendable, Codable {
    /// Which way is an improvement.
    public enum Direction: String, Hashable, Sendable, Codable, CaseIterable {
        case lowerIsBetter
        case higherIsBetter
        /// Neither way is better (a descriptive number such as mean L*); never scored as a change.
        case neutral
    }

    /// Short id, unique within the analyzer: lower camel case (`countPerSquareCentimetre`).
    public var id: String
    /// Display name for tables and reports.
    public var name: String
    /// Unit symbol as printed: "%", "mm²", "/cm²", "ΔE*ab", "L*", "°", "1" for plain numbers.
    public var unit: String
    public var direction: Direction
    /// What the number is and how it is computed, in one or two sentences.
    public var description: String
    /// The smallest change that matters, in percent of the before value: a change below it is
    /// "no meaningful change" even when its interval excludes zero. Nil when not declared.
    /// The built-in values come from the noise-only study `Scripts/noise-study.py` (real photos
    /// re-captured with nothing changed: the 95th percentile of |Δ|, rounded up).
    public var meaningfulChangePercent: Double?
    /// The smallest change that matters in the metric's unit, for metrics whose value can be near
    /// zero (where a percentage of it means nothing): the smallest meaningful change is the larger
    /// of this and ``meaningfulChangePercent`` of the before value. Nil when not declared.
    public var meaningfulChange: Double?
    /// Why the metric needs the same skin at the same pixels in both photos, one sentence; nil when
    /// it needs no pixel correspondence. A pair that could not be registered is still compared on
    /// every metric whose value is nil here (each photo measured on its own skin); the others are
    /// reported with their values but `notScored`, with this sentence in the reason.
    public var needsRegistrationBecause: String?

    public init(id: String, name: String, unit: String, direction: Direction, description: String,
                meaningfulChangePercent: Double? = nil, meaningfulChange: Double? = nil, needsRegistrationBecause: String? = nil) {
        self.id = id
        self.name = name
        self.unit = unit
        self.direction = direction
        self.description = description
        self.meaningfulChangePercent = meaningfulChangePercent
        self.meaningfulChange = meaningfulChange
        self.needsRegistrationBecause = needsRegistrationBecause
    }

    /// The smallest meaningful change from `before`, in the metric's unit: the larger of
    /// ``meaningfulChangePercent`` of |before| and ``meaningfulChange``; nil when neither is declared.
    public func smallestMeaningfulChange(from before: Double) -> Double? {
        let relative = meaningfulChangePercent.map { $0 / 100 * abs(before) }
        switch (relative, meaningfulChange) {
        case let (r?, a?): return max(r, a)
        case let (r?, nil): return r
        case let (nil, a?): return a
        case (nil, nil): return nil
        }
    }
}
