import Foundation
import ImageCodec
import ImageCore
@testable import Synthesis
import Testing

/// SampleImages/sessions is exactly what the generator makes with the recorded options.
/// (Scripts/check-sample-images.sh regenerates every photo with the CLI and compares all bytes.)
@Suite("Committed synthetic sessions")
struct SampleImagesTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SampleImages/sessions")

    static func committedTruth() throws -> GroundTruth {
        try JSONDecoder().decode(GroundTruth.self, from: Data(contentsOf: folder.appendingPathComponent("ground_truth.json")))
    }

    @Test("the committed set was made with the default options (the recorded seed)")
    func recordedOptions() throws {
        let truth = try Self.committedTruth()
        #expect(truth.options == SynthesisOptions())
        #expect(truth.options.seed == 20_261_121)
    }

    @Test("every photo's transform, light and feature list is what the generator plans")
    func photoTruthsMatch() throws {
        let truth = try Self.committedTruth()
        let plan = try SynthesisPlan(options: truth.options)
        #expect(truth.patients.count == plan.patients.count)
        for (committed, course) in zip(truth.patients, plan.patients) {
            #expect(committed.id == course.patient.id)
            #expect(committed.sessions.map(\.state) == course.sessions)
            for (session, (state, photos)) in zip(committed.sessions, zip(course.sessions, course.photos)) {
                let expected = photos.map {
                    TruthBuilder.photo(patient: course.patient, state: state, capture: $0, options: truth.options)
                }
                #expect(session.photos == expected, "\(committed.id) session \(state.index)")
            }
        }
        let manifest = try String(contentsOf: Self.folder.appendingPathComponent("manifest.csv"), encoding: .utf8)
        #expect(manifest == SyntheticDataSet.manifest(truth))
    }

    @Test("the baseline session renders to the committed JPEG bytes and summary")
    func baselineBytesMatch() throws {
        let truth = try Self.committedTruth()
        let plan = try SynthesisPlan(options: truth.options)
        let course = plan.patients[0]
        let rendering = SessionRendering(patient: course.patient, state: course.sessions[0], photos: course.photos[0],
                                         options: truth.options)
        #expect(rendering.truth == truth.patients[0].sessions[0])
        let jpeg = try JPEGEncoder(quality: truth.options.jpegQuality).encode(rendering.images[0])
        let committed = try Data(contentsOf: Self.folder.appendingPathComponent(truth.patients[0].sessions[0].photos[0].file))
        #expect(Data(jpeg) == committed)
    }

    @Test("the set is small: every listed photo exists and the whole set stays under 15 MB")
    func sizeBudget() throws {
        let truth = try Self.committedTruth()
        var total = 0
        for photo in truth.patients.flatMap({ $0.sessions.flatMap(\.photos) }) {
            let attributes = try FileManager.default.attributesOfItem(atPath: Self.folder.appendingPathComponent(photo.file).path)
            total += (attributes[.size] as? Int) ?? 0
        }
        let json = try FileManager.default.attributesOfItem(atPath: Self.folder.appendingPathComponent("ground_truth.json").path)
        total += (json[.size] as? Int) ?? 0
        #expect(total < 15_000_000)
    }
}
