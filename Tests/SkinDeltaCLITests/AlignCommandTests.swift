import Foundation
import ImageCodec
import ImageCore
import Testing

/// `skindelta align` on the bundled synthetic sessions, whose true transforms are known.
@Suite("skindelta align")
struct AlignCommandTests {
    static let sessions = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SampleImages/sessions")

    static func photo(_ patient: String, _ session: Int) throws -> String {
        let folder = try FileManager.default.contentsOfDirectory(atPath: sessions.appendingPathComponent(patient).path)
            .sorted()[session]
        return sessions.appendingPathComponent("\(patient)/\(folder)/\(patient)_s0\(session + 1)_r1.jpg").path
    }

    /// The true after → before matrix of a sample photo, from ground_truth.json.
    static func truth(_ patient: String, _ session: Int) throws -> [Double] {
        let data = try Data(contentsOf: sessions.appendingPathComponent("ground_truth.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let patients = try #require(root["patients"] as? [[String: Any]])
        let entry = try #require(patients.first { $0["id"] as? String == patient })
        let sessionList = try #require(entry["sessions"] as? [[String: Any]])
        let photos = try #require(sessionList[session]["photos"] as? [[String: Any]])
        return try #require(photos[0]["baselineFromPhoto"] as? [Double])
    }

    static func cornerError(_ a: [Double], _ b: [Double], width: Double, height: Double) -> Double {
        func map(_ m: [Double], _ x: Double, _ y: Double) -> (Double, Double) {
            let w = m[6] * x + m[7] * y + m[8]
            return ((m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w)
        }
        var sum = 0.0
        for (x, y) in [(0.0, 0.0), (width - 1, 0), (0, height - 1), (width - 1, height - 1)] {
            let p = map(a, x, y), q = map(b, x, y)
            sum += (p.0 - q.0) * (p.0 - q.0) + (p.1 - q.1) * (p.1 - q.1)
        }
        return (sum / 4).squareRoot()
    }

    @Test("--json on a follow-up of the same patient: aligned, exit 0, the matrix within half a pixel of the truth")
    func alignedJSON() throws {
        let result = try CommandLineTests.run(["align", try Self.photo("P001", 0), try Self.photo("P001", 3), "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "aligned")
        #expect(object["reason"] is NSNull)
        #expect(["similarity", "affine", "homography"].contains(object["model"] as? String ?? ""))
        let matrix = try #require(object["matrix"] as? [Double])
        #expect(matrix.count == 9)
        #expect(Self.cornerError(matrix, try Self.truth("P001", 3), width: 1600, height: 1200) < 0.5)
        let correlation = try #require(object["correlation"] as? Double)
        #expect(correlation > 0.45 && correlation <= 1)
        #expect((object["overlap"] as? Double ?? 0) > 0.9)
        #expect((object["residualPixels"] as? Double ?? 0) > 0)
    }

    @Test("Baselines of two different patients: failed with a reason, exit 1")
    func differentPatients() throws {
        let result = try CommandLineTests.run(["align", try Self.photo("P001", 0), try Self.photo("P002", 0), "--json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "failed")
        #expect(!(object["reason"] as? String ?? "").isEmpty)
    }

    @Test("Text output and a checkerboard overlay the size of the before photo")
    func overlay() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skindelta-align-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let overlay = folder.appendingPathComponent("check.png").path
        let result = try CommandLineTests.run(["align", try Self.photo("P003", 0), try Self.photo("P003", 1),
                                               "--model", "affine", "--overlay", overlay])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("verdict:"))
        #expect(result.standardOutput.contains("model:        affine"))
        let picture = try ImageDecoder().decode(contentsOf: overlay)
        #expect(picture.image.size == Size(width: 1600, height: 1200))
    }

    @Test("An unreadable photo is named with the reason and exit 2; a bad overlay name is a usage error")
    func badInput() throws {
        let result = try CommandLineTests.run(["align", "/nonexistent/before.jpg", try Self.photo("P001", 1)])
        #expect(result.status == 2)
        #expect(result.standardError.contains("/nonexistent/before.jpg"))
        let usage = try CommandLineTests.run(["align", try Self.photo("P001", 0), try Self.photo("P001", 1), "--overlay", "x.jpg"])
        #expect(usage.status == 2)
        #expect(usage.standardError.contains(".png"))
    }
}
