import ArgumentParser
import Foundation
import ImageCodec
import ImageCore
import Synthesis

/// `skindelta synth`: writes synthetic session photos with ground truth.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write synthetic skin session photos with their ground truth.",
        discussion: """
            Writes OUT/<patient>/s<NN>_<date>/<patient>_s<NN>_r<R>.jpg for every patient, session and \
            repeated capture, OUT/manifest.csv (patient, session date, photo, scale, days since procedure, \
            repeat) and OUT/ground_truth.json (every feature and the true transform to the baseline photo, \
            per photo; true summary numbers per session). The same options give byte-identical files on \
            any machine and any number of threads.
            """
    )

    @Option(help: "Folder to write (created if missing).") var out: String
    @Option(help: "Random seed.") var seed: UInt64 = SynthesisOptions().seed
    @Option(help: "Number of patients (1...999).") var patients = 3
    @Option(help: "Sessions per patient, the baseline included (1...24).") var sessions = 4
    @Option(help: "Photos per session (repeated captures, 1...10).") var repeats = 1
    @Option(help: "Photo size, WIDTHxHEIGHT pixels.") var size = "1600x1200"
    @Option(help: "Width of the baseline field of view in millimetres (sets pixels per mm).") var fieldWidth = 80.0
    @Option(help: "JPEG quality (1...100).") var quality = 90
    @Flag(help: "Also write every photo as PNG.") var png = false
    @Flag(help: "Keep the skin unchanged across sessions (only camera, light and noise vary).") var noChange = false
    @Flag(help: "Keep the camera and light fixed and add no glare or noise.") var fixedCamera = false
    @Option(help: "Also write a PNG with a crop of the first patient's baseline and last session side by side (the last session mapped onto the baseline frame).")
    var preview: String?
    @Flag(help: "Write into OUT even if it already holds files (they are replaced where names clash, kept otherwise).")
    var overwrite = false
    @Flag(help: "Render on one thread (the output is the same).") var serial = false
    @Flag(help: "Print nothing but errors.") var quiet = false

    func run() throws {
        let parts = size.lowercased().split(separator: "x")
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]) else {
            throw ValidationError("--size must be WIDTHxHEIGHT, e.g. 1600x1200, not \(size).")
        }
        let options = SynthesisOptions(
            seed: seed, patients: patients, sessions: sessions, repeats: repeats, size: Size(width: width, height: height),
            fieldWidthMillimetres: fieldWidth, course: noChange ? .unchanged : TreatmentCourse(),
            camera: fixedCamera ? .fixed : CameraVariation(), jpegQuality: quality, writesPNG: png)
        let plan: SynthesisPlan
        do { plan = try SynthesisPlan(options: options) } catch { throw ValidationError(error.description) }
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        if !overwrite, let existing = try? FileManager.default.contentsOfDirectory(atPath: folder.path), !existing.isEmpty {
            throw ValidationError("\(out) already holds files; choose an empty folder or pass --overwrite.")
        }
        let quiet = quiet
        let truth = try SessionWriter(dataSet: SyntheticDataSet(plan: plan, parallel: !serial)).write(to: folder) { path in
            if !quiet { StandardOutput.write("wrote \(path)\n") }
        }
        if let preview {
            try SynthPreview.write(truth: truth, folder: folder, to: URL(fileURLWithPath: preview))
            if !quiet { StandardOutput.write("wrote \(preview)\n") }
        }
    }
}
