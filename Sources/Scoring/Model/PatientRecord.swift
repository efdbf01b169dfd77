/// A patient's course as the scoring stage sees it: sessions in time order, each with its captures.
///
/// Dates are `yyyy-MM-dd`; a session's index is its position in the course (0 = baseline).
/// Captures of one session share a view (the region photographed, e.g. "left-cheek"); several
/// captures of one view in a session are repeats, used for the measurement noise.
public struct PatientRecord: Hashable, Sendable, Codable {
    public struct Capture: Hashable, Sendable, Codable {
        /// The photo, as the user named it (reports show only its file name).
        public var photo: String
        public var view: String
        public var repeatIndex: Int

        public init(photo: String, view: String = "default", repeatIndex: Int = 0) {
            self.photo = photo
            self.view = view
            self.repeatIndex = repeatIndex
        }
    }

    public struct Session: Hashable, Sendable, Codable {
        public var date: String
        public var index: Int
        /// Days since the last procedure before this session's photos, if known.
        public var daysSinceProcedure: Int?
        /// Free treatment notes (needle depth, product).
        public var notes: String?
        public var captures: [Capture]

        public init(date: String, index: Int, daysSinceProcedure: Int? = nil, notes: String? = nil, captures: [Capture]) {
            self.date = date
            self.index = index
            self.daysSinceProcedure = daysSinceProcedure
            self.notes = notes
            self.captures = captures
        }
    }

    public var id: String
    public var sessions: [Session]

    public init(id: String, sessions: [Session]) {
        self.id = id
        self.sessions = sessions.sorted { ($0.date, $0.index) < ($1.date, $1.index) }
    }

    /// The comparisons to make for `view`: every later session against the baseline and against
    /// the previous session (the same pair once when the previous session is the baseline), using
    /// each session's first capture.
    public func comparisons(view: String) -> [(before: Session, after: Session, kind: ComparisonKind)] {
        let withView = sessions.filter { $0.captures.contains { $0.view == view } }
        return ComparisonPlanner.plan(sessions: withView.map { [$0] }).filter { $0.kind != .repeat }.map { ($0.before, $0.after, $0.kind) }
    }

    /// The views photographed, in first-seen order.
    public var views: [String] {
        var seen: [String] = []
        for capture in sessions.flatMap(\.captures) where !seen.contains(capture.view) { seen.append(capture.view) }
        return seen
    }
}
