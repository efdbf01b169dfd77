/// What is known about when and how a photo was taken, beyond its pixels.
public struct CaptureMetadata: Hashable, Sendable, Codable {
    /// Session date, `yyyy-MM-dd`, when known.
    public var date: String?
    /// Days since the last procedure (0 = the day of it), or nil when none happened yet or it is unknown.
    public var daysSinceProcedure: Int?

    public init(date: String? = nil, daysSinceProcedure: Int? = nil) {
        self.date = date
        self.daysSinceProcedure = daysSinceProcedure
    }
}
