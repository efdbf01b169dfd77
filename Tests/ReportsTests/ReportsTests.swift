import AnalysisKit
import Foundation
import Reports
import Scoring
import Testing

@Suite("Reports: hashing, CSV and HTML rendering")
struct ReportsTests {
    @Test("SHA-256 and HMAC-SHA-256 match the FIPS 180-4 and RFC 4231 vectors")
    func digests() {
        #expect(SHA256.hex(SHA256.hash(Array("".utf8))) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256.hex(SHA256.hash(Array(long.utf8))) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000))) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        let mac = SHA256.hmac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(SHA256.hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let longKey = SHA256.hmac(key: [UInt8](repeating: 0xaa, count: 131),
                                  message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
        #expect(SHA256.hex(longKey) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    static func document(patient: String, photo: String) -> ResultsDocument {
        let metric = MetricComparison(analyzer: "org.skindelta.redness", metric: "meanAStar", unit: "a*", direction: .lowerIsBetter,
                                      before: 12, after: 11, ciLow: -1.5, ciHigh: -0.5, verdict: .improved, reason: "=cmd|' /C calc'!A0, \"quoted\"")
        let comparison = ComparisonResults(
            kind: "baseline", beforeDate: "2026-01-05", afterDate: "2026-02-02", beforePhoto: photo, afterPhoto: photo,
            alignment: nil, quality: [:], colourCorrection: nil, metrics: [metric],
            score: CompositeScore(value: 8.3, ciLow: 4, ciHigh: 12, verdict: .improved, weights: [:], metrics: []),
            warnings: [], flags: ["postProcedure"], notes: ["A photo was taken 2 days after a procedure"], failure: nil)
        let view = ViewResults(view: "cheek", sessions: [
            SessionResults(date: "2026-01-05", index: 0, day: 0, daysSinceProcedure: nil, photos: [photo]),
            SessionResults(date: "2026-02-02", index: 1, day: 28, daysSinceProcedure: 2, photos: [photo]),
        ], comparisons: [comparison], trends: [], reliability: [])
        return ResultsDocument(
            provenance: .init(tool: "skindelta", toolVersion: "test", analyzers: [], inputKind: "manifest", photos: [],
                              pseudonymized: false, bootstrapResamples: 2000, confidenceLevel: 0.95),
            patients: [PatientResults(id: patient, views: [view])], failures: [], remarks: [])
    }

    @Test("report images travel as base64 in JSON and come back byte for byte; a damaged string is refused")
    func reportImagesCoding() throws {
        let images = ReportImages(before: [1, 2, 3, 4, 5], after: Array(0...255), width: 4, height: 3,
                                  layers: [.init(id: "redness", photo: "before", heatMapPNG: [0x89, 0x50, 0x4E, 0x47]),
                                           .init(id: "pores", photo: "after", circles: [[1, 2, 0.5]])])
        let json = try JSONEncoder().encode(images)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"before\":\"AQIDBAU=\""), "\(text)")
        #expect(try JSONDecoder().decode(ReportImages.self, from: json) == images)
        let damaged = Data(text.replacingOccurrences(of: "AQIDBAU=", with: "not base64!").utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ReportImages.self, from: damaged) }
    }

    @Test("the CSV quotes what needs quoting and defuses spreadsheet formulas")
    func csv() throws {
        let text = String(decoding: TidyCSV.render(Self.document(patient: "A,1", photo: "x.jpg")), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines[0] == Substring(TidyCSV.columns.joined(separator: ",")))
        #expect(lines[1].hasPrefix("\"A,1\",cheek,baseline,2026-01-05,2026-02-02,2,org.skindelta.redness,meanAStar,meanAStar,a*,lowerIsBetter,12.0,11.0,-1.0,"))
        // The last two columns (registration, registrationReason) are empty: the document's comparison does not say.
        #expect(lines[1].hasSuffix("improved,\"'=cmd|' /C calc'!A0, \"\"quoted\"\"\",,"))
        #expect(lines[2].contains("composite,score,Composite score,%"))
    }

    @Test("user text is escaped by the template: a hostile patient id or file name shows as text")
    func escaping() throws {
        let hostile = "<img src=x onerror=alert(1)>"
        let document = Self.document(patient: hostile, photo: hostile + ".jpg")
        let page = String(decoding: try HTMLReport(toolVersion: "t").patientReport(document.patients[0], analyzers: [], failures: [], images: [:]), as: UTF8.self)
        #expect(!page.contains("<img src=x"))
        #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(page.contains("Post-procedure"))
        #expect(page.contains("Content-Security-Policy"))
        let index = String(decoding: try HTMLReport(toolVersion: "t").index(document), as: UTF8.self)
        #expect(!index.contains("<img src=x"))
        #expect(HTMLReport.folderName(forPatient: hostile).hasPrefix("p-"))
        #expect(HTMLReport.folderName(forPatient: "P001") == "P001")
        #expect(HTMLReport.folderName(forPatient: "../etc").hasPrefix("p-"))
    }

    @Test("the page's style and script are exactly the ones the Content-Security-Policy allows")
    func policy() throws {
        let page = String(decoding: try HTMLReport(toolVersion: "t").patientReport(Self.document(patient: "P1", photo: "a.jpg").patients[0],
                                                                                analyzers: [], failures: [], images: [:]), as: UTF8.self)
        func between(_ open: String, _ close: String) -> String? {
            guard let a = page.range(of: open), let b = page.range(of: close, range: a.upperBound..<page.endIndex) else { return nil }
            return String(page[a.upperBound..<b.lowerBound])
        }
        let style = try #require(between("<style>", "</style>")), script = try #require(between("<script>", "</script>"))
        let policy = HTMLReport.contentSecurityPolicy
        #expect(policy.contains("'sha256-" + Data(SHA256.hash(Array(style.utf8))).base64EncodedString() + "'"))
        #expect(policy.contains("'sha256-" + Data(SHA256.hash(Array(script.utf8))).base64EncodedString() + "'"))
        #expect(policy.hasPrefix("default-src 'none'"))
    }
}
