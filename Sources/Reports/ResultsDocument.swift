public import AnalysisKit
public import Scoring

/// Everything a batch found, as `results.json` holds it (schema: `Sources/Reports/results.schema.json`).
///
/// Patients, views, sessions and comparisons are in a fixed order (patient id, view, date), so the
/// same inputs give the same bytes whatever the order of the input or the number of jobs. No path
/// is stored: photos are named by file name (or a pseudonym), with their SHA-256.
public struct ResultsDocument: Hashable, Sendable, Codable {
    /// Bumped when a field changes meaning or disappears; new optional fields keep the number.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var provenance: Provenance
    public var patients: [PatientResults]
    /// Photos and pairs that could not be used, each with the reason.
    public var failures: [Failure]
    /// Remarks on the input that stopped nothing.
    public var remarks: [String]

    public init(provenance: Provenance, patients: [PatientResults], failures: [Failure], remarks: [String]) {
        schemaVersion = Self.currentSchemaVersion
        self.provenance = provenance
        self.patients = patients
        self.failures = failures
        self.remarks = remarks
    }

    public struct Provenance: Hashable, Sendable, Codable {
        public var tool: String
        public var toolVersion: String
        public var analyzers: [AnalyzerRecord]
        /// "folder" or "manifest".
        public var inputKind: String
        public var photos: [PhotoRecord]
        /// Whether patient ids and photo names were replaced by keyed pseudonyms.
        public var pseudonymized: Bool
        /// How many bootstrap draws each interval used, and the interval's level.
        public var bootstrapResamples: Int
        public var confidenceLevel: Double

        public init(tool: String, toolVersion: String, analyzers: [AnalyzerRecord], inputKind: String, photos: [PhotoRecord],
                    pseudonymized: Bool, bootstrapResamples: Int, confidenceLevel: Double) {
            self.tool = tool
            self.toolVersion = toolVersion
            self.analyzers = analyzers
            self.inputKind = inputKind
            self.photos = photos
            self.pseudonymized = pseudonymized
            self.bootstrapResamples = bootstrapResamples
            self.confidenceLevel = confidenceLevel
        }
    }

    public struct AnalyzerRecord: Hashable, Sendable, Codable {
        public var id: String
        public var version: String
        public var settings: SettingsDocument
        public var metrics: [MetricDescriptor]
        /// The claims as the reports show them (``AnalyzerDescriptor/reportedClaims``).
        public var claims: [ClaimDescriptor]?

        public init(id: String, version: String, settings: SettingsDocument, metrics: [MetricDescriptor],
                    claims: [ClaimDescriptor]? = nil) {
            self.id = id
            self.version = version
            self.settings = settings
            self.metrics = metrics
            self.claims = claims
        }
    }

    public struct PhotoRecord: Hashable, Sendable, Codable {
        public var patient: String
        public var sessionDate: String
        public var view: String
        public var repeatIndex: Int
        /// The file name (or its pseudonym); never the path.
        public var name: String
        public var sha256: String
        public var bytes: Int
        /// What the decoder warned of and tolerated because every pixel is intact (libjpeg-turbo's
        /// text, e.g. "Corrupt JPEG data: 4 extraneous bytes before marker 0xdb"); absent for a clean file.
        public var decodeWarnings: [String]?

        public init(patient: String, sessionDate: String, view: String, repeatIndex: Int, name: String, sha256: String, bytes: Int) {
            self.patient = patient
            self.sessionDate = sessionDate
            self.view = view
            self.repeatIndex = repeatIndex
            self.name = name
            self.sha256 = sha256
            self.bytes = bytes
        }
    }

    public struct Failure: Hashable, Sendable, Codable {
        public var patient: String?
        public var sessionDate: String?
        /// The photo blamed (file name or pseudonym), or nil when the input as a whole is concerned.
        public var photo: String?
        public var reason: String
        /// The comparisons this failure cost, e.g. "cheek 2026-02-02 vs 2026-01-05".
        public var comparisons: [String]

        public init(patient: String?, sessionDate: String?, photo: String?, reason: String, comparisons: [String] = []) {
            self.patient = patient
            self.sessionDate = sessionDate
            self.photo = photo
            self.reason = reason
            self.comparisons = comparisons
        }
    }
}

public struct PatientResults: Hashable, Sendable, Codable {
    public var id: String
    public var views: [ViewResults]

    public init(id: String, views: [ViewResults]) {
        self.id = id
        self.views = views
    }
}

public struct ViewResults: Hashable, Sendable, Codable {
    public var view: String
    public var sessions: [SessionResults]
    public var comparisons: [ComparisonResults]
    /// Theil–Sen slope per week of each metric over the sessions (≥ 3 sessions).
    public var trends: [TrendResults]
    /// Measurement noise per metric from repeated captures, when a session has two or more.
    public var reliability: [ReliabilityResults]

    public init(view: String, sessions: [SessionResults], comparisons: [ComparisonResults], trends: [TrendResults],
                reliability: [ReliabilityResults]) {
        self.view = view
        self.sessions = sessions
        self.comparisons = comparisons
        self.trends = trends
        self.reliability = reliability
    }
}

public struct SessionResults: Hashable, Sendable, Codable {
    public var date: String
    /// 0 for the baseline.
    public var index: Int
    /// Days from the baseline.
    public var day: Int
    public var daysSinceProcedure: Int?
    public var photos: [String]

    public init(date: String, index: Int, day: Int, daysSinceProcedure: Int?, photos: [String]) {
        self.date = date
        self.index = index
        self.day = day
        self.daysSinceProcedure = daysSinceProcedure
        self.photos = photos
    }
}

public struct ComparisonResults: Hashable, Sendable, Codable {
    /// "baseline", "previous" or "repeat" (two captures of one session).
    public var kind: String
    public var beforeDate: String
    public var afterDate: String
    public var beforePhoto: String
    public var afterPhoto: String
    public var alignment: AlignmentSummary?
    public var quality: [String: CaptureQuality]
    public var colourCorrection: ColourCorrection?
    /// Empty when the pair could not be compared (see `failure`).
    public var metrics: [MetricComparison]
    /// Declared metrics without a value because their analyzer failed (nil when none did).
    public var failedMetrics: [FailedMetric]?
    public var score: CompositeScore?
    public var warnings: [String]
    /// Analyzer flags, e.g. "postProcedure".
    public var flags: [String]
    public var notes: [String]
    public var failure: String?
    /// How the photos were compared: `registered` (the after photo mapped onto the baseline, both
    /// measured on the same skin) or `unregistered` (no usable registration, whose reason is the
    /// alignment's: each photo measured on its own skin, unpaired intervals); nil when nothing was
    /// compared.
    public var registration: Registration?

    /// How a pair's photos were compared.
    public enum Registration: String, Hashable, Sendable, Codable {
        case registered
        case unregistered
    }

    public init(kind: String, beforeDate: String, afterDate: String, beforePhoto: String, afterPhoto: String,
                alignment: AlignmentSummary?, quality: [String: CaptureQuality], colourCorrection: ColourCorrection?,
                metrics: [MetricComparison], score: CompositeScore?, warnings: [String], flags: [String], notes: [String],
                failure: String?) {
        self.kind = kind
        self.beforeDate = beforeDate
        self.afterDate = afterDate
        self.beforePhoto = beforePhoto
        self.afterPhoto = afterPhoto
        self.alignment = alignment
        self.quality = quality
        self.colourCorrection = colourCorrection
        self.metrics = metrics
        self.score = score
        self.warnings = warnings
        self.flags = flags
        self.notes = notes
        self.failure = failure
    }

    /// A short label, e.g. "2026-02-02 vs 2026-01-05".
    public var label: String { "\(afterDate) vs \(beforeDate)" + (kind == "repeat" ? " (repeat)" : "") }
}
