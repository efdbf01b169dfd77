import AnalysisKit
import Foundation
import ImageCore
import Synthesis

/// A rendered synthetic course with its truth, and helpers to measure it, shared by the analyzer
/// tests. Photos are small (20 px/mm) so debug builds stay quick.
struct SyntheticCourse: Sendable {
    let options: SynthesisOptions
    let plan: SynthesisPlan
    /// [patient][session] → photo and truth (first repeat).
    let photos: [[Image<RGB8>]]
    let truths: [[SessionTruth]]

    /// Renders `patients` patients × `sessions` sessions with a fixed camera (no motion or light
    /// change, so photos are aligned) but with sensor noise.
    init(seed: UInt64 = 11, patients: Int = 3, sessions: Int = 3, size: Size = Size(width: 640, height: 480),
         course: TreatmentCourse = TreatmentCourse(postProcedureSessions: []), camera: CameraVariation? = nil) throws {
        var fixed = CameraVariation.fixed
        fixed.readNoise = 0.003
        fixed.shotNoise = 0.0003
        options = SynthesisOptions(seed: seed, patients: patients, sessions: sessions, size: size,
                                   fieldWidthMillimetres: Double(size.width) / 20, course: course, camera: camera ?? fixed)
        plan = try SynthesisPlan(options: options)
        var photos: [[Image<RGB8>]] = [], truths: [[SessionTruth]] = []
        for course in plan.patients {
            var row: [Image<RGB8>] = [], truthRow: [SessionTruth] = []
            for (index, state) in course.sessions.enumerated() {
                let rendering = SessionRendering(patient: course.patient, state: state, photos: course.photos[index],
                                                 options: options)
                row.append(rendering.images[0])
                truthRow.append(rendering.truth)
            }
            photos.append(row)
            truths.append(truthRow)
        }
        self.photos = photos
        self.truths = truths
    }

    var pixelsPerMillimetre: Double { options.pixelsPerMillimetre }

    /// The truth's measurement region (central 70 % × 70 %).
    var region: RegionOfInterest {
        let w = Double(options.size.width), h = Double(options.size.height)
        return .rectangle(x: 0.15 * w, y: 0.15 * h, width: 0.7 * w, height: 0.7 * h)
    }

    /// The prepared pair baseline → `session` of `patient` (single photo when `session` is nil).
    func pair(patient: Int, session: Int?, parallel: Bool = true) throws -> AlignedPair {
        try AlignedPair.prepare(
            before: AnalysisPhoto(rgb: photos[patient][0], parallel: parallel),
            after: session.map { AnalysisPhoto(rgb: photos[patient][$0], parallel: parallel) },
            region: region, pixelsPerMillimetre: pixelsPerMillimetre,
            afterCapture: session.map { CaptureMetadata(daysSinceProcedure: truths[patient][$0].state.daysSinceProcedure) },
            parallel: parallel)
    }

    /// Relative change in percent.
    static func percentChange(_ before: Double, _ after: Double) -> Double { 100 * (after - before) / before }
}

extension SyntheticCourse {
    /// Pixels inside the rendered spots' outlines r(θ) = R·(1 + Σ aₖ cos(kθ + φₖ)) (the generator's
    /// own shape description, rasterized here independently of the analyzer), counted where `mask` is set.
    func spotTruthPixels(patient: Int, mask: Image<Gray8>) -> (spots: Int, pixels: Int) {
        let p = plan.patients[patient].patient
        let ppm = p.pixelsPerMillimetre
        let m = mask.pixels
        var covered = Set<Int>()
        var visible = 0
        for spot in p.spots {
            let reach = spot.radiusMillimetres * ppm * 1.5
            var any = false
            let y0 = max(0, Int(spot.y - reach)), y1 = min(mask.height - 1, Int(spot.y + reach))
            let x0 = max(0, Int(spot.x - reach)), x1 = min(mask.width - 1, Int(spot.x + reach))
            guard y0 <= y1, x0 <= x1 else { continue }
            for y in y0...y1 {
                for x in x0...x1 {
                    let dx = Double(x) - spot.x, dy = Double(y) - spot.y
                    let theta = atan2(dy, dx)
                    let r = spot.radiusMillimetres * ppm * (1 + spot.harmonics.reduce(0) { $0 + $1.amplitude * cos(Double($1.order) * theta + $1.phase) })
                    if dx * dx + dy * dy <= r * r, m[y * mask.width + x].value != 0 {
                        covered.insert(y * mask.width + x)
                        any = true
                    }
                }
            }
            if any { visible += 1 }
        }
        return (visible, covered.count)
    }
}

/// Three patients (light, intermediate, dark skin) over three sessions, rendered once for all
/// analyzer tests.
let sharedCourse = Result { try SyntheticCourse(patients: 4, sessions: 3) }

/// The tone band of a patient, for messages.
func toneBand(_ ita: Double) -> String {
    switch ita {
    case 55...: "very light"
    case 41..<55: "light"
    case 28..<41: "intermediate"
    case 10..<28: "tan"
    case -30..<10: "brown"
    default: "dark"
    }
}
