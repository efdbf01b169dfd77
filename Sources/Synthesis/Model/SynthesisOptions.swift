public import ImageCore

/// Everything that decides a synthetic data set. The same options give byte-identical output.
public struct SynthesisOptions: Codable, Sendable, Equatable {
    /// Seed of every random choice.
    public var seed: UInt64
    public var patients: Int
    /// Sessions per patient, the baseline included.
    public var sessions: Int
    /// Photos per session (repeated captures for measurement-noise estimates).
    public var repeats: Int
    /// Size of every photo, in pixels.
    public var size: Size
    /// Width of the baseline photo's field of view, in millimetres; sets the scale in pixels per mm.
    public var fieldWidthMillimetres: Double
    public var course: TreatmentCourse
    public var camera: CameraVariation
    /// JPEG quality (1...100) of the written photos.
    public var jpegQuality: Int
    /// Also write each photo as PNG (lossless, no JPEG artefacts).
    public var writesPNG: Bool
    /// Date of the baseline session (ISO 8601, yyyy-MM-dd).
    public var startDate: String

    /// The default set: 3 patients × 4 sessions × 1 photo at 1600×1200, an 80 mm wide field (20 px/mm).
    public init(seed: UInt64 = 20_261_121, patients: Int = 3, sessions: Int = 4, repeats: Int = 1,
                size: Size = Size(width: 1600, height: 1200), fieldWidthMillimetres: Double = 80,
                course: TreatmentCourse = TreatmentCourse(), camera: CameraVariation = CameraVariation(),
                jpegQuality: Int = 90, writesPNG: Bool = false, startDate: String = "2026-01-05") {
        self.seed = seed
        self.patients = patients
        self.sessions = sessions
        self.repeats = repeats
        self.size = size
        self.fieldWidthMillimetres = fieldWidthMillimetres
        self.course = course
        self.camera = camera
        self.jpegQuality = jpegQuality
        self.writesPNG = writesPNG
        self.startDate = startDate
    }

    /// Largest accepted photo side, in pixels.
    public static let maximumSide = 8192
    /// Largest accepted photo area, in pixels (a 24 MP photo; rendering needs about 60 bytes a pixel).
    public static let maximumPixels = 24_000_000

    /// Checks the options before anything is allocated.
    public func validate() throws(SynthesisError) {
        func check(_ condition: Bool, _ reason: String) throws(SynthesisError) {
            if !condition { throw SynthesisError.invalidOption(reason) }
        }
        try check((1...999).contains(patients), "patients must be 1...999, not \(patients)")
        try check((1...24).contains(sessions), "sessions must be 1...24, not \(sessions)")
        try check((1...10).contains(repeats), "repeats must be 1...10, not \(repeats)")
        try check(size.width >= 64 && size.height >= 64, "photos must be at least 64×64 pixels, not \(size)")
        try check(size.width <= Self.maximumSide && size.height <= Self.maximumSide,
                  "a photo side may be at most \(Self.maximumSide) pixels, not \(size)")
        try check(size.width * size.height <= Self.maximumPixels,
                  "a photo may have at most \(Self.maximumPixels) pixels, not \(size.width * size.height)")
        try check(fieldWidthMillimetres >= 5 && fieldWidthMillimetres <= 400,
                  "the field width must be 5...400 mm, not \(fieldWidthMillimetres)")
        try check((1...100).contains(jpegQuality), "JPEG quality must be 1...100, not \(jpegQuality)")
        try check(course.intervalDays >= 1, "sessions must be at least a day apart")
        try check(SessionCalendar.day(from: startDate) != nil, "the start date must be yyyy-MM-dd, not \(startDate)")
        let pixelsPerMillimetre = Double(size.width) / fieldWidthMillimetres
        try check(pixelsPerMillimetre >= 4, "the scale must be at least 4 px/mm to draw pores (it is \(pixelsPerMillimetre))")
    }

    /// Pixels per millimetre of the baseline photo.
    public var pixelsPerMillimetre: Double { Double(size.width) / fieldWidthMillimetres }
}

/// Why synthesis could not run or write.
public enum SynthesisError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidOption(String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidOption(let reason): "Invalid synthesis option: \(reason)."
        case .writeFailed(let path, let reason): "Could not write \(path): \(reason)."
        }
    }
}
