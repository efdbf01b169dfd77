import Foundation
import ImageCodec
import ImageCore
import Testing

@Suite("skindelta batch")
struct BatchCommandTests {
    /// Fast analyzers, so a debug build scores a batch in seconds; the pipeline is the same.
    static let analyzers = "org.skindelta.redness,org.skindelta.pigmentation"
    static let outputs = ["results.json", "results.csv", "index.html", "patients/P001/report.html", "patients/P002/report.html",
                          "patients/P003/report.html"]

    /// 3 patients × 3 sessions, 320×240 at 20 px/mm, with the synthesizer's manifest.
    static func dataSet() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skindelta-batch-\(UUID().uuidString)")
        let made = try CommandLineTests.run(["synth", "--out", folder.appendingPathComponent("data").path, "--patients", "3",
                                             "--sessions", "3", "--size", "320x240", "--field-width", "16", "--quiet"])
        #expect(made.status == 0, "\(made.standardError)")
        return folder
    }

    static func manifestLines(_ data: URL) throws -> [String] {
        try String(contentsOf: data.appendingPathComponent("manifest.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    static func contents(_ out: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        for name in outputs { files[name] = FileManager.default.contents(atPath: out.appendingPathComponent(name).path) }
        return files
    }

    @Test("a corrupt JPEG, a truncated PNG and an unrelated photo: the rest is scored, three failures named (the unrelated photo with --require-registration; without it, compared unregistered and labelled), exit 1")
    func failures() throws {
        let folder = try Self.dataSet()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data")
        var lines = try Self.manifestLines(data)
        func photo(_ patient: String, _ session: Int) -> (index: Int, path: String) {
            let index = lines.firstIndex { $0.hasPrefix(patient + ",") && $0.contains("_s0\(session)_") }!
            return (index, lines[index].split(separator: ",", omittingEmptySubsequences: false)[2].description)
        }
        // 1. P001's second session: a JPEG whose header is garbage.
        let corrupt = data.appendingPathComponent(photo("P001", 2).path)
        var bytes = try Data(contentsOf: corrupt)
        bytes.replaceSubrange(0..<64, with: [UInt8](repeating: 0x5A, count: 64))
        try bytes.write(to: corrupt)
        // 2. P002's second session: a PNG cut in half.
        let (index, path) = photo("P002", 2)
        let picture = try ImageDecoder().decode(contentsOf: data.appendingPathComponent(path).path).image.rgb8
        let png = try PNGEncoder().encode(picture)
        try Data(png.prefix(png.count / 2)).write(to: data.appendingPathComponent("P002/cut.png"))
        lines[index] = lines[index].replacingOccurrences(of: path, with: "P002/cut.png")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: data.appendingPathComponent("manifest.csv"))
        // 3. P003's third session: another patient's skin.
        try FileManager.default.removeItem(at: data.appendingPathComponent(photo("P003", 3).path))
        try FileManager.default.copyItem(at: data.appendingPathComponent(photo("P001", 1).path), to: data.appendingPathComponent(photo("P003", 3).path))

        let validated = try CommandLineTests.run(["validate", data.path])
        #expect(validated.status == 1)
        #expect(validated.standardOutput.contains("problem: manifest.csv line 3"), "\(validated.standardOutput)")

        let out = folder.appendingPathComponent("out")
        let result = try CommandLineTests.run(["batch", data.path, "--out", out.path, "--analyzers", Self.analyzers, "--jobs", "2",
                                               "--require-registration"])
        #expect(result.status == 1, "\(result.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json"))) as? [String: Any])
        let failures = try #require(json["failures"] as? [[String: Any]])
        let reasons = failures.map { "\($0["photo"] ?? "-"): \($0["reason"] ?? "")" }
        #expect(failures.count == 3, "\(reasons)")
        #expect(reasons.contains { $0.contains("manifest.csv line 3") && $0.contains("P001_s02") })
        #expect(reasons.contains { $0.hasPrefix("cut.png") && $0.contains("cannot be decoded") })
        #expect(reasons.contains { $0.hasPrefix("P003_s03") && $0.contains("alignment failed") })
        let printed = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("failed: ") }
        #expect(printed.count == 3)
        // Everything else was scored: P001 s3 vs s1, P002 s3 vs s1, P003 s2 vs s1.
        let patients = try #require(json["patients"] as? [[String: Any]])
        var scored = 0
        for patient in patients {
            for view in patient["views"] as? [[String: Any]] ?? [] {
                for comparison in view["comparisons"] as? [[String: Any]] ?? [] where comparison["failure"] == nil || comparison["failure"] is NSNull {
                    #expect((comparison["metrics"] as? [Any])?.isEmpty == false)
                    scored += 1
                }
            }
        }
        #expect(scored == 3)
        // No path of the input appears in any output.
        for (name, contents) in Self.contents(out) {
            #expect(!String(decoding: contents, as: UTF8.self).contains(folder.path), "\(name) holds an input path")
        }

        // Without --require-registration the unrelated photo's pairs are compared without registration, and say so.
        let open = folder.appendingPathComponent("open")
        let second = try CommandLineTests.run(["batch", data.path, "--out", open.path, "--analyzers", "org.skindelta.redness"])
        #expect(second.status == 1, "\(second.standardError)")
        let reopened = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: open.appendingPathComponent("results.json"))) as? [String: Any])
        #expect((reopened["failures"] as? [Any])?.count == 2)
        var labels: [String: Int] = [:]
        for patient in reopened["patients"] as? [[String: Any]] ?? [] {
            for view in patient["views"] as? [[String: Any]] ?? [] {
                for comparison in view["comparisons"] as? [[String: Any]] ?? [] {
                    labels[comparison["registration"] as? String ?? "none", default: 0] += 1
                }
            }
        }
        #expect(labels["unregistered"] == 2, "\(labels)")
        let csv = String(decoding: try Data(contentsOf: open.appendingPathComponent("results.csv")), as: UTF8.self)
        #expect(csv.split(separator: "\n").first?.hasSuffix(",registration,registrationReason") == true)
        #expect(csv.contains(",unregistered,"))
        let page = String(decoding: try Data(contentsOf: open.appendingPathComponent("patients/P003/report.html")), as: UTF8.self)
        #expect(page.contains("Not registered:") && page.contains("class=\"sbs\""))
        let indexPage = String(decoding: try Data(contentsOf: open.appendingPathComponent("index.html")), as: UTF8.self)
        #expect(indexPage.contains(", not registered)"))
    }

    @Test("the same bytes for --jobs 1 and 2, for a shuffled manifest, and after kill -9 and --resume")
    func determinismAndResume() throws {
        let folder = try Self.dataSet()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data")
        let reference = folder.appendingPathComponent("reference")
        let first = try CommandLineTests.run(["batch", data.path, "--out", reference.path, "--analyzers", Self.analyzers, "--jobs", "2"])
        #expect(first.status == 0, "\(first.standardError)")
        // 9 photos in 9 pairs (each later session against the baseline, the third also against the second): each decoded once.
        #expect(first.standardOutput.contains("3 patients, 9 pairs (0 reused from the journal), 9 photo decodes"), "\(first.standardOutput)")
        let expected = Self.contents(reference)
        #expect(expected.count == Self.outputs.count)
        // Progress (not a terminal: one line per pair) in plan order on two jobs: counted up, patient by patient, in words.
        let progress = first.standardError.split(separator: "\n").filter { $0.hasPrefix("[") }
        #expect(progress.map { String($0.prefix(while: { $0 != "]" })) } == (1...9).map { "[\($0)/9" }, "\(progress)")
        let patients = progress.compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) }
        #expect(patients == patients.sorted() && Set(patients).count == 3, "\(progress)")
        #expect(progress.contains { $0.contains(": 2026-02-02 against the baseline 2026-01-05: scored") }, "\(progress)")
        // The viewer's photos, read back from the journal as each page is written: before and after of every pair.
        let embedded = expected.filter { $0.key.hasSuffix("report.html") }.values
            .map { String(decoding: $0, as: UTF8.self).components(separatedBy: "data:image/jpeg;base64,").count - 1 }
        #expect(embedded.reduce(0, +) == 2 * 9, "\(embedded)")

        // A shuffled manifest (reversed rows) on one job.
        let lines = try Self.manifestLines(data)
        let shuffled = [lines[0]] + lines.dropFirst().reversed()
        try Data((shuffled.joined(separator: "\n") + "\n").utf8).write(to: data.appendingPathComponent("shuffled.csv"))
        let other = folder.appendingPathComponent("shuffled")
        let second = try CommandLineTests.run(["batch", data.appendingPathComponent("shuffled.csv").path, "--out", other.path,
                                               "--analyzers", Self.analyzers, "--jobs", "1"])
        #expect(second.status == 0)
        #expect(Self.contents(other) == expected)

        // Killed with SIGKILL after the first finished pair, then resumed.
        let resumed = folder.appendingPathComponent("resumed")
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = ["batch", data.path, "--out", resumed.path, "--analyzers", Self.analyzers, "--jobs", "1", "--quiet"]
        process.environment = CommandLineTests.childEnvironment()
        try process.run()
        let journal = resumed.appendingPathComponent(".skindelta-journal")
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let records = (try? FileManager.default.contentsOfDirectory(atPath: journal.path))?.filter { $0.hasSuffix(".json") } ?? []
            if !records.isEmpty { break }
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        // Nothing partial under a final name: the outputs are absent (or whole), the journal holds whole records.
        for (name, contents) in Self.contents(resumed) {
            #expect(contents == expected[name], "\(name) is visible before the run finished")
        }
        let records = try FileManager.default.contentsOfDirectory(atPath: journal.path).filter { $0.hasSuffix(".json") }
        #expect(!records.isEmpty)
        for record in records {
            let bytes = try Data(contentsOf: journal.appendingPathComponent(record))
            #expect((try? JSONSerialization.jsonObject(with: bytes)) != nil, "journal record \(record) is partial")
        }
        let third = try CommandLineTests.run(["batch", data.path, "--out", resumed.path, "--analyzers", Self.analyzers, "--resume"])
        #expect(third.status == 0, "\(third.standardError)")
        #expect(third.standardOutput.contains("reused from the journal"))
        #expect(!third.standardOutput.contains("(0 reused"), "\(third.standardOutput)")
        #expect(Self.contents(resumed) == expected)
    }

    @Test("--pseudonymize: no patient id or file name in any output, and the same pseudonyms on every run")
    func pseudonyms() throws {
        let folder = try Self.dataSet()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data")
        var runs: [Data] = []
        for name in ["a", "b"] {
            let out = folder.appendingPathComponent(name)
            let result = try CommandLineTests.run(["batch", data.path, "--out", out.path, "--analyzers", "org.skindelta.redness",
                                                   "--pseudonymize", "--jobs", "2", "--quiet"],
                                                  environment: ["SKINDELTA_PSEUDONYM_KEY": "a test key that is long enough"])
            #expect(result.status == 0, "\(result.standardError)")
            var all = Data()
            let walker = FileManager.default.enumerator(atPath: out.path)
            while let file = walker?.nextObject() as? String {
                #expect(!file.contains("P00"), "\(file) is named after a patient")
                if let bytes = FileManager.default.contents(atPath: out.appendingPathComponent(file).path) { all += bytes }
            }
            let text = String(decoding: all, as: UTF8.self)
            #expect(!text.contains("P001") && !text.contains("P002") && !text.contains("_s01_r1"))
            #expect(text.contains("\"pseudonymized\" : true"))
            runs.append(try Data(contentsOf: out.appendingPathComponent("results.json")))
        }
        #expect(runs[0] == runs[1])
    }

    @Test("a JPEG with stray bytes before a marker is decoded and scored; its warning is in inspect --json, results.json and the remarks")
    func tolerantDecoding() throws {
        let folder = try Self.dataSet()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data")
        let row = try #require(try Self.manifestLines(data).first { $0.hasPrefix("P001,") && $0.contains("_s02_") })
        let path = data.appendingPathComponent(row.split(separator: ",", omittingEmptySubsequences: false)[2].description)
        var bytes = [UInt8](try Data(contentsOf: path))
        let dqt = try #require((2..<(bytes.count - 1)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xDB })
        bytes.insert(contentsOf: [0, 0, 0, 0], at: dqt)
        try Data(bytes).write(to: path)
        let warning = "Corrupt JPEG data: 4 extraneous bytes before marker 0xdb"

        let inspected = try CommandLineTests.run(["inspect", "--json", path.path])
        #expect(inspected.status == 0, "\(inspected.standardOutput)")
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(inspected.standardOutput.utf8)) as? [[String: Any]])
        #expect(reports.first?["warnings"] as? [String] == [warning])

        let out = folder.appendingPathComponent("out")
        let batch = try CommandLineTests.run(["batch", data.path, "--out", out.path, "--analyzers", "org.skindelta.redness", "--quiet"])
        #expect(batch.status == 0, "\(batch.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json"))) as? [String: Any])
        let photos = try #require((document["provenance"] as? [String: Any])?["photos"] as? [[String: Any]])
        let warned = photos.filter { $0["decodeWarnings"] != nil }
        #expect(warned.count == 1)
        #expect(warned.first?["name"] as? String == path.lastPathComponent)
        #expect(warned.first?["decodeWarnings"] as? [String] == [warning])
        #expect((document["remarks"] as? [String])?.contains { $0.hasPrefix(path.lastPathComponent) && $0.hasSuffix(warning) } == true)
        #expect((document["failures"] as? [Any])?.isEmpty == true)
    }

    @Test("an output folder that cannot be made is refused before any pair is scored, in one sentence, exit 2")
    func unusableOutput() throws {
        let folder = try Self.dataSet()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let result = try CommandLineTests.run(["batch", folder.appendingPathComponent("data").path, "--out",
                                               file.appendingPathComponent("out").path, "--analyzers", "org.skindelta.redness"])
        #expect(result.status == 2)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("the output folder cannot be written"), "\(result.standardError)")
        #expect(!result.standardOutput.contains("scored"), "\(result.standardOutput)")
    }

    @Test("--resume recomputes a journal record that is truncated or garbage, and gives the same bytes")
    func damagedJournal() throws {
        let folder = try Self.dataSet()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data")
        let out = folder.appendingPathComponent("out")
        let arguments = ["batch", data.path, "--out", out.path, "--analyzers", "org.skindelta.redness"]
        let first = try CommandLineTests.run(arguments + ["--quiet"])
        #expect(first.status == 0, "\(first.standardError)")
        let expected = Self.contents(out)
        let journal = out.appendingPathComponent(".skindelta-journal")
        let records = try FileManager.default.contentsOfDirectory(atPath: journal.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(records.count == 9)
        let truncated = journal.appendingPathComponent(records[0]), garbage = journal.appendingPathComponent(records[1])
        let bytes = try Data(contentsOf: truncated)
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        try Data([UInt8](repeating: 0xA5, count: 300)).write(to: garbage)
        let resumed = try CommandLineTests.run(arguments + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardOutput.contains("9 pairs (7 reused from the journal)"), "\(resumed.standardOutput)")
        #expect(Self.contents(out) == expected)
    }

    @Test("--shard K/N runs merged by skindelta merge give the bytes of one run, for 2 and 4 shards; a missing shard is named")
    func shardsAndMerge() throws {
        let folder = try Self.dataSet()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data")
        let analyzers = "org.skindelta.redness"
        let single = folder.appendingPathComponent("single")
        let one = try CommandLineTests.run(["batch", data.path, "--out", single.path, "--analyzers", analyzers, "--quiet"])
        #expect(one.status == 0, "\(one.standardError)")
        let expected = Self.contents(single)
        #expect(expected.values.allSatisfy { !$0.isEmpty } && expected.count == Self.outputs.count)
        for count in [2, 4] {
            var parts: [String] = []
            for index in 1...count {
                let part = folder.appendingPathComponent("shard-\(index)-of-\(count)")
                let run = try CommandLineTests.run(["batch", data.path, "--out", part.path, "--analyzers", analyzers,
                                                    "--shard", "\(index)/\(count)", "--jobs", "2"])
                #expect(run.status == 0, "\(run.standardError)")
                #expect(run.standardOutput.contains("shard \(index)/\(count): "), "\(run.standardOutput)")
                #expect(!FileManager.default.fileExists(atPath: part.appendingPathComponent("results.json").path))
                parts.append(part.path)
            }
            let merged = folder.appendingPathComponent("merged-\(count)")
            let merge = try CommandLineTests.run(["merge"] + parts.reversed() + ["--out", merged.path])
            #expect(merge.status == 0, "\(merge.standardError)")
            #expect(Self.contents(merged) == expected, "\(count) shards merged differ from one run")
            if count == 4 {
                let incomplete = try CommandLineTests.run(["merge"] + parts.dropLast() + ["--out", folder.appendingPathComponent("x").path])
                #expect(incomplete.status == 2)
                #expect(incomplete.standardError.contains("shard 4/4 missing"), "\(incomplete.standardError)")
                // A shard run with another skin rule measured other pixels: it is not merged.
                let other = folder.appendingPathComponent("shard-4-of-4-whole-frame")
                let run = try CommandLineTests.run(["batch", data.path, "--out", other.path, "--analyzers", analyzers,
                                                    "--shard", "4/4", "--skin-rule", "whole-frame", "--quiet"])
                #expect(run.status == 0, "\(run.standardError)")
                let mixed = try CommandLineTests.run(["merge"] + parts.dropLast() + [other.path, "--out", folder.appendingPathComponent("z").path])
                #expect(mixed.status == 2)
                #expect(mixed.standardError.contains("--skin-rule"), "\(mixed.standardError)")
            }
        }
        let bad = try CommandLineTests.run(["batch", data.path, "--out", folder.appendingPathComponent("y").path, "--shard", "5/4"])
        #expect(bad.status == 2 && bad.standardError.contains("--shard must be K/N"))
    }

    @Test("skindelta score and the batch say exactly the same of one pair")
    func scoreAgreesWithBatch() throws {
        let folder = try Self.dataSet()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data")
        let out = folder.appendingPathComponent("out")
        let batch = try CommandLineTests.run(["batch", data.path, "--out", out.path, "--analyzers", Self.analyzers, "--quiet"])
        #expect(batch.status == 0, "\(batch.standardError)")
        let rows = try Self.manifestLines(data).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let before = try #require(rows.first { $0[0] == "P002" && $0[2].contains("_s01_") })
        let after = try #require(rows.first { $0[0] == "P002" && $0[2].contains("_s03_") })
        var arguments = ["score", data.appendingPathComponent(before[2]).path, data.appendingPathComponent(after[2]).path, "--json",
                         "--analyzers", Self.analyzers, "--pixels-per-mm", before[5]]
        if !after[6].isEmpty { arguments += ["--days-since-procedure", after[6]] }
        #expect(before[6].isEmpty, "the baseline has no days since a procedure, as score assumes")
        let score = try CommandLineTests.run(arguments)
        #expect(score.status == 0, "\(score.standardError)")
        let scored = try #require(try JSONSerialization.jsonObject(with: Data(score.standardOutput.utf8)) as? NSDictionary)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json"))) as? [String: Any])
        let patients = try #require(document["patients"] as? [[String: Any]])
        let views = try #require(patients.first { $0["id"] as? String == "P002" }?["views"] as? [[String: Any]])
        let comparisons = try #require(views.first?["comparisons"] as? [NSDictionary])
        let inBatch = try #require(comparisons.first {
            $0["kind"] as? String == "baseline" && $0["beforeDate"] as? String == before[1] && $0["afterDate"] as? String == after[1]
        })
        #expect((scored["metrics"] as? NSArray)?.count ?? 0 > 0)
        for key in ["alignment", "metrics", "score", "warnings", "flags", "notes", "quality", "colourCorrection"] {
            #expect((scored[key] as? NSObject) == (inBatch[key] as? NSObject), "\(key) differs between score and the batch")
        }
    }

    @Test("usage errors exit 2 before anything starts")
    func usage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skindelta-batch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = try CommandLineTests.run(["batch", folder.appendingPathComponent("nowhere").path, "--out", folder.path])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("no such file or folder"))
        let data = try Self.dataSet()
        defer { try? FileManager.default.removeItem(at: data) }
        let pseudonyms = try CommandLineTests.run(["batch", "data", "--out", folder.path, "--pseudonymize"], in: data)
        #expect(pseudonyms.status == 2)
        #expect(pseudonyms.standardError.contains("SKINDELTA_PSEUDONYM_KEY"), "\(pseudonyms.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.path), "the output folder was made before the usage error")
    }
}
