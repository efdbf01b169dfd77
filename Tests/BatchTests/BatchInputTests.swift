import Batch
import Foundation
import ImageCodec
import ImageCore
import Testing

@Suite("Batch inputs: folders, manifests and the path policy")
struct BatchInputTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("skindelta-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func photo(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let image = Image(size: Size(width: 16, height: 12), pixels: [RGB8](repeating: RGB8(red: 200, green: 150, blue: 130), count: 192))
        try Data(try PNGEncoder().encode(image)).write(to: url)
    }

    @Test("a folder ROOT/<patient>/<session date>/<photos> is read; bad session names are problems")
    func folderConvention() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.photo(root.appendingPathComponent("P1/2026-03-01/a.png"))
        try Self.photo(root.appendingPathComponent("P1/s02_2026-03-15/b.png"))
        try Self.photo(root.appendingPathComponent("P1/s02_2026-03-15/c.png"))
        try Self.photo(root.appendingPathComponent("P1/march/d.png"))
        try Self.photo(root.appendingPathComponent("P1/2026-02-30/e.png"))
        let input = BatchInput(path: root.path)
        #expect(input.kind == "folder")
        #expect(input.photos.map(\.sessionDate) == ["2026-03-01", "2026-03-15", "2026-03-15"])
        #expect(input.photos.map(\.repeatIndex) == [1, 1, 2])
        #expect(input.problems.count == 2)
        let plan = BatchPlan(photos: input.photos)
        #expect(plan.jobs.map(\.kind) == [.baseline, .repeat])
    }

    @Test("manifest rows: quoted fields, relative paths, and every bad row named with its line")
    func manifest() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let inside = root.appendingPathComponent("set")
        try Self.photo(inside.appendingPathComponent("a.png"))
        try Self.photo(inside.appendingPathComponent("b, with comma.png"))
        try Self.photo(root.appendingPathComponent("outside.png"))
        let csv = """
        patient,sessionDate,photo,view,roi,pixelsPerMillimetre,daysSinceProcedure,repeat
        P1,2026-01-05,a.png,cheek,"rect:1,1,8,8",20,,1
        P1,2026-02-02,"b, with comma.png",cheek,,20,28,1
        P1,2026-02-03,../outside.png,cheek,,,,1
        P1,2026-13-01,a.png,cheek,,,,1
        P1,2026-02-04,missing.png,cheek,,,,1
        P1,2026-02-05,a.png,cheek,,-3,,1
        P1,2026-01-05,b\\, with comma.png,cheek,,,,1

        """
        try Data(csv.utf8).write(to: inside.appendingPathComponent("manifest.csv"))
        let input = BatchInput(path: inside.appendingPathComponent("manifest.csv").path)
        #expect(input.photos.count == 2)
        #expect(input.photos[0].roi?.description == "rect:1,1,8,8")
        #expect(input.photos[1].daysSinceProcedure == 28)
        let reasons = input.problems.map(\.description)
        #expect(reasons.contains { $0.hasPrefix("manifest.csv line 4") && $0.contains("outside the manifest's folder") })
        #expect(reasons.contains { $0.hasPrefix("manifest.csv line 5") && $0.contains("yyyy-MM-dd") })
        #expect(reasons.contains { $0.hasPrefix("manifest.csv line 6") && $0.contains("missing.png") })
        #expect(reasons.contains { $0.hasPrefix("manifest.csv line 7") && $0.contains("pixels per millimetre") })
        #expect(reasons.contains { $0.hasPrefix("manifest.csv line 8") })
        #expect(input.problems.count == 5)
    }

    @Test("a JSON manifest gives the same photos as the CSV one")
    func jsonManifest() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.photo(root.appendingPathComponent("a.png"))
        try Self.photo(root.appendingPathComponent("b.png"))
        let json = #"{"photos": [{"patient": "P1", "sessionDate": "2026-02-02", "photo": "b.png", "pixelsPerMillimetre": 20},"#
            + #" {"patient": "P1", "sessionDate": "2026-01-05", "photo": "a.png", "pixelsPerMillimetre": 20}]}"#
        try Data(json.utf8).write(to: root.appendingPathComponent("m.json"))
        let input = BatchInput(path: root.appendingPathComponent("m.json").path)
        #expect(input.problems.isEmpty)
        #expect(input.photos.map(\.sessionDate) == ["2026-01-05", "2026-02-02"])
        #expect(input.photos.allSatisfy { $0.pixelsPerMillimetre == 20 })
    }

    @Test("a symbolic link may not lead a manifest's path out of its folder")
    func symlinkEscape() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.photo(root.appendingPathComponent("secret/x.png"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("set"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("set/link"), withDestinationURL: root.appendingPathComponent("secret"))
        let policy = PathPolicy(root: root.appendingPathComponent("set").path)
        guard case .failure(let problem) = policy.resolve("link/x.png") else { Issue.record("the link was followed out"); return }
        #expect(problem.reason.contains("outside"))
        #expect(BatchInput.dayNumber("1970-01-01") == 0)
        #expect(BatchInput.dayNumber("2026-03-01")! - BatchInput.dayNumber("2026-02-01")! == 28)
    }
}
