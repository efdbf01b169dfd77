public import Foundation
public import ImageCore

/// A synthetic data set rendered photo by photo, with its ground truth and its manifest; the
/// caller encodes and writes the files (this module writes nothing).
///
/// Layout the paths follow: `<patient>/s<NN>_<yyyy-MM-dd>/<patient>_s<NN>_r<R>` (the caller adds
/// `.jpg` or `.png`), the folder convention the batch command reads, with `ground_truth.json`
/// (``encodeJSON(_:)``) and `manifest.csv` (``manifest(_:)``) at the top.
public struct SyntheticDataSet: Sendable {
    public let plan: SynthesisPlan
    /// Render on all cores. The pixels do not depend on it.
    public var parallel: Bool

    public init(plan: SynthesisPlan, parallel: Bool = true) {
        self.plan = plan
        self.parallel = parallel
    }

    /// Renders every photo in order and hands it to `photo` with its relative path without an
    /// extension; returns the ground truth.
    public func render(_ photo: (_ stem: String, _ image: Image<RGB8>) throws(SynthesisError) -> Void) throws(SynthesisError) -> GroundTruth {
        let options = plan.options
        var patients: [PatientTruth] = []
        for course in plan.patients {
            var sessions: [SessionTruth] = []
            for (state, photos) in zip(course.sessions, course.photos) {
                let rendered = SessionRendering(patient: course.patient, state: state, photos: photos, options: options,
                                                parallel: parallel)
                for (capture, image) in zip(photos, rendered.images) { try photo(capture.stem, image) }
                sessions.append(rendered.truth)
            }
            let p = course.patient
            patients.append(PatientTruth(
                id: p.id, itaDegrees: TruthBuilder.round(p.itaDegrees, 4),
                baseLab: [p.baseLStar, p.baseAStar, p.baseBStar].map { TruthBuilder.round($0, 4) },
                pixelsPerMillimetre: p.pixelsPerMillimetre,
                skinEllipse: [p.skinCentreX, p.skinCentreY, p.skinRadiusX, p.skinRadiusY].map { TruthBuilder.round($0, 2) },
                sessions: sessions))
        }
        return GroundTruth(schemaVersion: 1, generator: "skindelta synth", options: options, patients: patients)
    }

    /// The ground truth as compact JSON with sorted keys (byte-stable), one trailing newline.
    public static func encodeJSON(_ truth: GroundTruth) throws(SynthesisError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            var data = try encoder.encode(truth)
            data.append(0x0A)
            return data
        } catch {
            throw .writeFailed(path: "ground_truth.json", reason: "\(error)")
        }
    }

    /// `manifest.csv`: one row per photo with the columns the batch manifest reader takes.
    public static func manifest(_ truth: GroundTruth) -> String {
        var text = "patient,sessionDate,photo,view,roi,pixelsPerMillimetre,daysSinceProcedure,repeat\n"
        for patient in truth.patients {
            for session in patient.sessions {
                for photo in session.photos {
                    let days = session.state.daysSinceProcedure.map(String.init) ?? ""
                    text += "\(patient.id),\(session.state.date),\(photo.file),cheek,,\(photo.pixelsPerMillimetre),\(days),\(photo.repeatIndex)\n"
                }
            }
        }
        return text
    }
}
