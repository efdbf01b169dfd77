public import Scoring

/// The pairs a batch scores: per patient and view, the comparisons ``ComparisonPlanner`` plans
/// (every later session against the baseline and the previous session, repeats against a
/// session's first capture), and how often each photo is used.
public struct BatchPlan: Sendable {
    public struct Job: Hashable, Sendable, Codable {
        public var kind: ComparisonKind
        public var before: PhotoEntry
        public var after: PhotoEntry

        /// The pair in words, with the names the outputs use: "P001 cheek: 2026-02-04 against the
        /// baseline 2026-01-05" (or "the previous session", or "repeat 2 against capture 1").
        func label(_ names: PhotoNames) -> String {
            let head = "\(names.patient(before.patient)) \(names.view(before.view)): "
            switch kind {
            case .baseline: return head + "\(after.sessionDate) against the baseline \(before.sessionDate)"
            case .previous: return head + "\(after.sessionDate) against the previous session \(before.sessionDate)"
            case .repeat: return head + "\(after.sessionDate) repeat \(after.repeatIndex) against capture \(before.repeatIndex)"
            }
        }

        /// Names the job in the journal and in messages; independent of input order.
        public var key: String {
            "\(before.patient)|\(before.view)|\(kind.rawValue)|\(before.sessionDate)#\(before.repeatIndex)|\(after.sessionDate)#\(after.repeatIndex)"
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

    /// How many jobs each photo (by path) takes part in.
    public var uses: [String: Int] {
        var uses: [String: Int] = [:]
        for job in jobs {
            uses[job.before.path, default: 0] += 1
            uses[job.after.path, default: 0] += 1
        }
        return uses
    }

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
            jobs += ComparisonPlanner.plan(sessions: sessions.map(\.captures)).map { Job(kind: $0.kind, before: $0.before, after: $0.after) }
        }
        self.series = series
        self.jobs = jobs
    }
}
