import AnalysisKit
import AnalysisTesting
import Foundation
import ImageCore
@testable import PluginHost
import Testing

@Suite("Plugin workers", .serialized)
struct PluginWorkerTests {
    static let pairs = Result { try SyntheticPairs(sessions: 2) }

    static func analyzer(_ mode: String, timeout: Double = 20) throws -> ConfiguredAnalyzer {
        let folder = try PluginFixtures.folder(manifest: PluginFixtures.manifest(id: "org.example.test-\(mode)", timeoutSeconds: timeout,
                                                                                 mode: mode), script: nil)
        return try ExternalAnalyzer(manifest: PluginManifest.load(folder: folder), folder: folder).configure(nil)
    }

    /// The failure reason of running `analyzer` on the pair, or nil when it succeeded.
    static func failure(_ analyzer: ConfiguredAnalyzer, _ pair: AlignedPair) -> String? {
        do {
            _ = try analyzer.run(pair)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("A worker's values equal the mean L* computed here, per photo and per tile, over several pairs")
    func goodWorker() throws {
        let pairs = try Self.pairs.get()
        let analyzer = try Self.analyzer("good")
        for session in [1, 0, 1] {
            let pair = try pairs.pair(session: session)
            let result = try analyzer.run(pair)
            for (index, photo) in pair.photos.enumerated() {
                var total = 0.0, count = 0
                photo.lab.l.withUnsafeBufferPointer { l in
                    pair.mask.withUnsafeBufferPointer { m in
                        for i in 0..<m.count where m[i].value != 0 { total += Double(l[i].value); count += 1 }
                    }
                }
                let mean = total / Double(count)
                let reported = index == 0 ? result.values[0].before : try #require(result.values[0].after)
                #expect(abs(reported - mean) < 1e-3)
                let tiles = index == 0 ? result.tiles[0].before : try #require(result.tiles[0].after)
                for (a, b) in zip(tiles, pair.tiles.means(photo.lab.l, mask: pair.mask)) { #expect(abs(a - b) < 1e-3) }
            }
            #expect(result.overlays == [OverlayLayer(id: "centre", photo: .before, content: .points([.init(x: 10, y: 10, radius: 3)]))])
        }
    }

    @Test("A crashing worker fails each request with its exit status and last message, and is disabled after three")
    func crashingWorker() throws {
        let pair = try Self.pairs.get().pair(session: 1)
        let analyzer = try Self.analyzer("crash")
        let first = try #require(Self.failure(analyzer, pair))
        #expect(first.contains("analyzer org.example.test-crash failed: the plugin closed its output (exit status 3); its last message: “worker: simulated fault in the analysis”"))
        _ = Self.failure(analyzer, pair)
        let third = try #require(Self.failure(analyzer, pair))
        #expect(third.hasSuffix("disabled for the rest of the run"))
        let fourth = try #require(Self.failure(analyzer, pair))
        #expect(fourth.contains("disabled after 3 failures in a row"))
    }

    @Test("A hanging worker is stopped at its timeout")
    func hangingWorker() throws {
        let pair = try Self.pairs.get().pair(session: 1)
        let analyzer = try Self.analyzer("hang", timeout: 1)
        let start = Date()
        let reason = try #require(Self.failure(analyzer, pair))
        #expect(reason.contains("the plugin did not answer within 1 s"))
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test("A worker writing garbage is named, with the bytes it wrote")
    func garbageWorker() throws {
        let pair = try Self.pairs.get().pair(session: 1)
        let reason = try #require(Self.failure(try Self.analyzer("garbage"), pair))
        #expect(reason.contains("the plugin wrote bytes that are not a protocol frame (starting 48 65 6c 6c 6f 20 66 72 “Hello fr”)"))
    }

    @Test("A worker choosing an unknown protocol version, or another id, is refused")
    func badGreeting() throws {
        let pair = try Self.pairs.get().pair(session: 1)
        let version = try #require(Self.failure(try Self.analyzer("badhello"), pair))
        #expect(version.contains("chose a protocol version this skindelta cannot use: it speaks plugin protocol version 7"))
        let id = try #require(Self.failure(try Self.analyzer("wrongid"), pair))
        #expect(id.contains("introduced itself as “org.example.someone-else”"))
    }

    @Test("A worker's own error reply fails the pair with its reason and keeps the worker")
    func reportedError() throws {
        let pair = try Self.pairs.get().pair(session: 1)
        let analyzer = try Self.analyzer("error")
        for _ in 0..<4 {
            let reason = try #require(Self.failure(analyzer, pair))
            #expect(reason.hasSuffix("failed: the plugin reported: the photo is too dark for this measure"))
        }
    }

    @Test("The conformance suite passes the good worker and fails the crashing one")
    func conformance() throws {
        let pairs = try Self.pairs.get()
        let good = try ExternalAnalyzer(manifest: PluginManifest.load(folder: Self.folder("good")), folder: Self.folder("good"))
        let goodChecks = ConformanceSuite(factory: good).run(pairs: pairs)
        #expect(goodChecks.filter { !$0.passed }.isEmpty)
        let crash = try ExternalAnalyzer(manifest: PluginManifest.load(folder: Self.folder("crash")), folder: Self.folder("crash"))
        let checks = ConformanceSuite(factory: crash).run(pairs: pairs)
        #expect(checks.first { $0.name == "declaration" }?.passed == true)
        #expect(checks.first { $0.name == "result matches declaration" }?.passed == false)
    }

    static func folder(_ mode: String) throws -> URL {
        try PluginFixtures.folder(manifest: PluginFixtures.manifest(id: "org.example.suite-\(mode)", mode: mode), script: nil)
    }
}
