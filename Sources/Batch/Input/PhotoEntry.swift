/// One photo of a batch: who, when, which view, and how to measure it.
///
/// `path` is where the photo was found; it is used to read the file and never written to an
/// output (reports show ``fileName`` only).
public struct PhotoEntry: Hashable, Sendable, Codable {
    public var patient: String
    /// The session's date, `yyyy-MM-dd`.
    public var sessionDate: String
    /// The view or region photographed (e.g. "left-cheek"); "default" when none is given.
    public var view: String
    /// Repeat index of this photo within its session and view (repeats measure the noise).
    public var repeatIndex: Int
    public var path: String
    /// Region to measure, `rect:X,Y,W,H` or `poly:X1,Y1;…` in the photo's pixels, or a mask
    /// image's resolved path; nil measures all the skin.
    public var roi: RegionSpec?
    /// The photo's scale, pixels per millimetre, when known.
    public var pixelsPerMillimetre: Double?
    /// Days since the last procedure when the photo was taken, when known.
    public var daysSinceProcedure: Int?
    /// Where the entry came from, for messages ("manifest.csv line 4" or a folder).
    public var origin: String

    public init(patient: String, sessionDate: String, view: String = "default", repeatIndex: Int = 1, path: String,
                roi: RegionSpec? = nil, pixelsPerMillimetre: Double? = nil, daysSinceProcedure: Int? = nil, origin: String) {
        self.patient = patient
        self.sessionDate = sessionDate
        self.view = view
        self.repeatIndex = repeatIndex
        self.path = path
        self.roi = roi
        self.pixelsPerMillimetre = pixelsPerMillimetre
        self.daysSinceProcedure = daysSinceProcedure
        self.origin = origin
    }

    /// The photo's file name, the only part of its path that outputs show.
    public var fileName: String { path.split(separator: "/").last.map(String.init) ?? path }

    /// The order every output uses, whatever the input order: patient, view, date, repeat, name.
    public static func precedes(_ a: PhotoEntry, _ b: PhotoEntry) -> Bool {
        (a.patient, a.view, a.sessionDate, a.repeatIndex, a.fileName) < (b.patient, b.view, b.sessionDate, b.repeatIndex, b.fileName)
    }
}

/// Something wrong with a batch's input, found before any pixel is decoded.
public struct InputProblem: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The file, manifest line or folder concerned.
    public var location: String
    public var reason: String

    public init(location: String, reason: String) {
        self.location = location
        self.reason = reason
    }

    public var description: String { "\(location): \(reason)" }
}
