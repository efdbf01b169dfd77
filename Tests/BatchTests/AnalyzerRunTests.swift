import AnalysisKit
import Batch
import ImageCore
import Testing

@Suite("Analyzer runs at working resolutions")
struct AnalyzerRunTests {
    /// An analyzer declaring `working` px/mm that reports the width of the pair it was given and draws one point
    /// at (2, 3) radius 1 in the pixels it saw.
    static func probe(working: Double?) -> ConfiguredAnalyzer {
        let descriptor = AnalyzerDescriptor(
            id: "org.example.probe", name: "Probe", summary: "Width seen.", version: "1.0.0",
            metrics: [MetricDescriptor(id: "width", name: "Width", unit: "px", direction: .neutral, description: "Width of the pair seen.")],
            workingPixelsPerMillimetre: working)
        return ConfiguredAnalyzer(descriptor: descriptor, settings: SettingsDocument(revision: 1)) { pair, _ in
            var result = AnalysisResult()
            let width = Double(pair.before.size.width)
            result.record("width", pair.photos.map { _ in (width, pair.tiles.tiles.map { _ in width }) })
            result.overlays = [OverlayLayer(id: "p", photo: .before, content: .points([.init(x: 2, y: 3, radius: 1)]))]
            return result
        }
    }

    static func pair(size: Size, maskSide: Int) throws -> AlignedPair {
        let photo = AnalysisPhoto(rgb: Image(size: size, repeating: RGB8(red: 190, green: 140, blue: 120)))
        var mask = Image(size: size, repeating: Gray8(value: 0))
        for y in 0..<maskSide { for x in 0..<maskSide { mask[x: x, y: y] = Gray8(value: 255) } }
        return try AlignedPair(before: photo, after: photo, mask: mask, pixelsPerMillimetre: 20)
    }

    @Test("each analyzer sees the pair at its level, overlays come back in full-resolution pixels")
    func levels() throws {
        let run = AnalyzerRun(analyzers: [Self.probe(working: 10), Self.probe(working: nil), Self.probe(working: 5)])
            .run(on: try Self.pair(size: Size(width: 200, height: 160), maskSide: 160))
        #expect(run.failures.isEmpty && run.notes.isEmpty)
        #expect(run.measured.map { $0.result.value("width")?.before ?? 0 } == [100, 200, 50])
        // The last probe (4× reduced) drew (2, 3) r 1: (9.5, 13.5) r 4 at full resolution.
        #expect(run.overlays["org.example.probe"]?.first?.content == .points([.init(x: 9.5, y: 13.5, radius: 4)]))
    }

    @Test("too little skin at the working resolution: measured at full resolution, and the note says why")
    func fallback() throws {
        let run = AnalyzerRun(analyzers: [Self.probe(working: 5)]).run(on: try Self.pair(size: Size(width: 120, height: 90), maskSide: 40))
        #expect(run.measured.map { $0.result.value("width")?.before ?? 0 } == [120])
        #expect(run.notes.count == 1 && run.notes[0].contains("Probe was measured at full resolution") && run.notes[0].contains("1/4 resolution"))
    }
}
