import AnalysisKit
import ArgumentParser
import Foundation
import ImageCore
import PoreAnalyzer
import ScarTextureAnalyzer
import Synthesis

/// `skindelta bench texture-export`: writes a synthetic skin photo's L* plane and our GLCM, LBP
/// and blob results on it, for Scripts/crosscheck-texture.py to compare with scikit-image.
struct TextureExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "texture-export",
        abstract: "Export L* of a synthetic photo with our GLCM, LBP and pore-blob results (for the scikit-image crosscheck).",
        shouldDisplay: false
    )

    @Option(help: "Output folder.") var output: String
    @Option(help: "Photo size, WxH.") var size = "640x480"
    @Option(help: "Patient (0-based; tones run from light to dark over 4 patients).") var patient = 0

    struct Export: Encodable {
        var width: Int
        var height: Int
        /// L* as little-endian float32, row-major, in lstar.f32.
        var lStarFile: String
        /// Quantised L* detail (uint8) in levels.u8.
        var levelsFile: String
        var levels: Int
        var glcm: [GLCMEntry]
        var lbpHistogram: [Int]
        var blobs: [[Double]]
        var blobRadiiPixels: [Double]
        struct GLCMEntry: Encodable {
            var distance: Int
            var angleDegrees: Int
            var contrast: Double
            var homogeneity: Double
            var entropy: Double
            var asm: Double
        }
    }

    func run() throws {
        let parts = size.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] >= 64, parts[1] >= 64 else { throw ValidationError("size must be WxH, at least 64x64.") }
        let photoSize = Size(width: parts[0], height: parts[1])
        let synthetic = try SyntheticPair(patient: patient, size: photoSize, afterToBefore: .identity)
        let photo = AnalysisPhoto(rgb: synthetic.before)
        let l = photo.lab.l
        let folder = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var lData = Data(capacity: l.pixelCount * 4)
        for p in l.pixels { withUnsafeBytes(of: p.value.bitPattern.littleEndian) { lData.append(contentsOf: $0) } }
        try lData.write(to: folder.appendingPathComponent("lstar.f32"), options: .atomic)
        // The pore detector's plane: optical density −ln Y of the linear luminance.
        var dData = Data(capacity: l.pixelCount * 4)
        for p in photo.density.pixels { withUnsafeBytes(of: p.value.bitPattern.littleEndian) { dData.append(contentsOf: $0) } }
        try dData.write(to: folder.appendingPathComponent("density.f32"), options: .atomic)

        // GLCM on quantised detail (L* minus a 1 mm low-pass at 20 px/mm), whole image.
        let detail = PlaneMath.combine(l, PlaneMath.blur(l, sigma: 20)) { $0 - $1 }
        let levels = 32
        let spread = Float(PlaneMath.meanAndDeviation(detail, mask: Image(size: l.size, repeating: Gray8(value: 255))).deviation)
        let quantized = TextureFeatures.quantize(detail, low: -3 * spread, high: 3 * spread, levels: levels)
        try Data(quantized).write(to: folder.appendingPathComponent("levels.u8"), options: .atomic)
        var glcm: [Export.GLCMEntry] = []
        for distance in [1, 2, 4, 10] {
            for angle in [0, 45, 90, 135] {
                let radians = Double(angle) * Double.pi / 180
                let dx = Int((Double(distance) * cos(radians)).rounded()), dy = -Int((Double(distance) * sin(radians)).rounded())
                let counts = TextureFeatures.cooccurrence(quantized, size: l.size, mask: nil, levels: levels, dx: dx, dy: dy)
                let p = TextureFeatures.properties(counts, levels: levels)
                glcm.append(.init(distance: distance, angleDegrees: angle, contrast: p.contrast, homogeneity: p.homogeneity,
                                  entropy: p.entropy, asm: p.angularSecondMoment))
            }
        }
        var histogram = [Int](repeating: 0, count: 10)
        for code in TextureFeatures.localBinaryPattern(l) where code >= 0 { histogram[Int(code)] += 1 }

        let analyzer = PoreAnalyzer(settings: .init())
        let everywhere = Image(size: l.size, repeating: Gray8(value: 255))
        let pores = analyzer.detect(photo, mask: everywhere, pixelsPerMillimetre: 20, parallel: true)
        let export = Export(width: l.width, height: l.height, lStarFile: "lstar.f32", levelsFile: "levels.u8", levels: levels,
                            glcm: glcm, lbpHistogram: histogram, blobs: pores.map { [$0.y, $0.x, $0.radius] },
                            blobRadiiPixels: analyzer.radii(pixelsPerMillimetre: 20))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(export).write(to: folder.appendingPathComponent("ours.json"), options: .atomic)
        StandardOutput.write("wrote \(folder.path)/ours.json, lstar.f32, levels.u8\n")
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
