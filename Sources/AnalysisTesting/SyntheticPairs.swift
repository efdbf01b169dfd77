public import AnalysisKit
public import ImageCore
public import Synthesis

/// Synthetic photos of one patient whose true change is known: a baseline and a later session of
/// a treatment course rendered by ``Synthesis`` with a fixed camera (so the pair needs no
/// alignment) and sensor noise, plus the truth of every session.
///
/// Between the baseline and the last session, pores shrink and thin out, dark spots fade, scars
/// flatten, fine lines get shallower and redness falls, at the rates of `course` (per session);
/// see ``SessionTruth`` for the true counts, areas and depths of each photo.
public struct SyntheticPairs: Sendable {
    public let options: SynthesisOptions
    /// The rendered photos, baseline first, one per session.
    public let photos: [Image<RGB8>]
    /// The truth of each session, same order.
    public let truths: [SessionTruth]

    /// Renders `sessions` sessions of one patient at `size`, 20 px/mm (small sizes keep debug
    /// builds quick); no post-procedure session unless `course` says so.
    public init(seed: UInt64 = 17, sessions: Int = 3, size: Size = Size(width: 320, height: 240),
                course: TreatmentCourse = TreatmentCourse(postProcedureSessions: [])) throws {
        var camera = CameraVariation.fixed
        camera.readNoise = 0.003
        camera.shotNoise = 0.0003
        options = SynthesisOptions(seed: seed, patients: 1, sessions: sessions, size: size,
                                   fieldWidthMillimetres: Double(size.width) / 20, course: course, camera: camera)
        let plan = try SynthesisPlan(options: options)
        let patient = plan.patients[0]
        var photos: [Image<RGB8>] = [], truths: [SessionTruth] = []
        for (index, state) in patient.sessions.enumerated() {
            let rendering = SessionRendering(patient: patient.patient, state: state, photos: patient.photos[index], options: options)
            photos.append(rendering.images[0])
            truths.append(rendering.truth)
        }
        self.photos = photos
        self.truths = truths
    }

    public var pixelsPerMillimetre: Double { options.pixelsPerMillimetre }

    /// The central 70 % × 70 % of the frame, inside the rendered skin.
    public var region: RegionOfInterest {
        let w = Double(options.size.width), h = Double(options.size.height)
        return .rectangle(x: 0.15 * w, y: 0.15 * h, width: 0.7 * w, height: 0.7 * h)
    }

    /// The baseline against session `session` (0 gives the baseline against itself: no change).
    public func pair(session: Int, parallel: Bool = true) throws -> AlignedPair {
        try AlignedPair.prepare(
            before: AnalysisPhoto(rgb: photos[0], parallel: parallel), after: AnalysisPhoto(rgb: photos[session], parallel: parallel),
            region: region, pixelsPerMillimetre: pixelsPerMillimetre,
            afterCapture: CaptureMetadata(daysSinceProcedure: truths[session].state.daysSinceProcedure), parallel: parallel)
    }

    /// The baseline alone, as a single-photo measurement.
    public func single(parallel: Bool = true) throws -> AlignedPair {
        try AlignedPair.prepare(before: AnalysisPhoto(rgb: photos[0], parallel: parallel), after: nil, region: region,
                                pixelsPerMillimetre: pixelsPerMillimetre, parallel: parallel)
    }
}
