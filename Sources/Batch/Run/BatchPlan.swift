/// The pairs a batch scores: per patient and view, every later session against the baseline and
/// against the previous session (first captures), and every further capture of a session against
/// its first (repeats, for the measurement noise).
public struct BatchPlan: Sendable {
    public struct Job: Hashable, Sendable, Codable {
        /// "baseline", "previous" or "repeat".
        public var kind: String
        public var before: PhotoEntry
        public var after: PhotoEntry

        /// Names the job in the journal and in messages; independent of input order.
        public var key: String {
            "\(before.patient)|\(before.view)|\(kind)|\(before.sessionDate)#\(before.repeatIndex)|\(after.sessionDate)#\(after.repeatIndex)"
        }
    }

    /// One patient's photos of one view, grouped by session date (sorted), captures by repeat index.
    public struct Series: Sendable {
        public var patient: String
        public var view: String
        public var sessions: [(date: String, captures: [PhotoEntry])]
    }

    public var series: [Series]
    public var jobs: [Job]

    public init(photos: [PhotoEntry]) {
        var groups: [String: [PhotoEntry]] = [:]
        for photo in photos { groups["\(photo.patient)\u{0}\(photo.view)", default: []].append(photo) }
        var series: [Series] = [], jobs: [Job] = []
        for key in groups.keys.sorted() {
            let photos = groups[key]!.sorted(by: PhotoEntry.precedes)
            var sessions: [(date: String, captures: [PhotoEntry])] = []
            for photo in photos {
                if sessions.last?.date == photo.sessionDate { sessions[sessions.count - 1].captures.append(photo) }
                else { sessions.append((photo.sessionDate, [photo])) }
            }
            series.append(Series(patient: photos[0].patient, view: photos[0].view, sessions: sessions))
            for (k, session) in sessions.enumerated() {
                if k > 0 {
                    jobs.append(Job(kind: "baseline", before: sessions[0].captures[0], after: session.captures[0]))
                    if k > 1 { jobs.append(Job(kind: "previous", before: sessions[k - 1].captures[0], after: session.captures[0])) }
                }
                for capture in session.captures.dropFirst() {
                    jobs.append(Job(kind: "repeat", before: session.captures[0], after: capture))
                }
            }
        }
        self.series = series
        self.jobs = jobs
    }
}
