import AnalysisKit
import Foundation
import ImageCore
import Testing

/// A minimal analyzer for registry and settings tests: the mean L* of the masked skin.
struct MeanLightness: Analyzer {
    struct Settings: AnalyzerSettings {
        static let revision = 2
        var offset = 0.0
        var label = "plain"

        /// Revision 1 called `offset` `bias`.
        static func migrate(_ members: [String: JSONValue], from revision: Int) throws -> [String: JSONValue] {
            var members = members
            if revision == 1, let bias = members.removeValue(forKey: "bias") { members["offset"] = bias }
            return members
        }
    }

    static let descriptor = AnalyzerDescriptor(
        id: "org.example.mean-lightness", name: "Mean lightness", summary: "Mean L* of the skin.", version: "1.2.0",
        metrics: [MetricDescriptor(id: "meanL", name: "Mean L*", unit: "L*", direction: .higherIsBetter, description: "Mean L* plus the offset.")])

    let settings: Settings
    init(settings: Settings) { self.settings = settings }

    func analyze(_ pair: AlignedPair, in context: AnalysisContext) throws -> AnalysisResult {
        var result = AnalysisResult()
        result.record("meanL", pair.photos.map { photo in
            (PlaneMath.meanAndDeviation(photo.lab.l, mask: pair.mask).mean + settings.offset, pair.tiles.means(photo.lab.l, mask: pair.mask))
        })
        return result
    }
}

struct SameID: Analyzer {
    struct Settings: AnalyzerSettings { static let revision = 1 }
    static let descriptor = AnalyzerDescriptor(id: "org.example.mean-lightness", name: "Other", summary: "Clashes.", version: "1.0.0",
                                               metrics: MeanLightness.descriptor.metrics)
    init(settings: Settings) {}
    func analyze(_ pair: AlignedPair, in context: AnalysisContext) throws -> AnalysisResult { AnalysisResult() }
}

struct BadVersion: Analyzer {
    struct Settings: AnalyzerSettings { static let revision = 1 }
    static let descriptor = AnalyzerDescriptor(id: "org.example.bad", name: "Bad", summary: "Bad version.", version: "1.0",
                                               metrics: MeanLightness.descriptor.metrics)
    init(settings: Settings) {}
    func analyze(_ pair: AlignedPair, in context: AnalysisContext) throws -> AnalysisResult { AnalysisResult() }
}

/// Reports nothing: its result breaks its declaration.
struct Forgetful: Analyzer {
    struct Settings: AnalyzerSettings { static let revision = 1 }
    static let descriptor = AnalyzerDescriptor(id: "org.example.forgetful", name: "Forgetful", summary: "Reports nothing.",
                                               version: "0.1.0", metrics: MeanLightness.descriptor.metrics)
    init(settings: Settings) {}
    func analyze(_ pair: AlignedPair, in context: AnalysisContext) throws -> AnalysisResult { AnalysisResult() }
}

@Suite("Analyzer registry and settings")
struct RegistryTests {
    static func photo(lightness: UInt8) -> AnalysisPhoto {
        AnalysisPhoto(rgb: Image(size: Size(width: 64, height: 48), repeating: RGB8(red: lightness, green: lightness, blue: lightness)))
    }

    static func pair(after: UInt8? = 120) throws -> AlignedPair {
        let before = photo(lightness: 100)
        return try AlignedPair(before: before, after: after.map { photo(lightness: $0) },
                               mask: Image(size: before.size, repeating: Gray8(value: 255)), pixelsPerMillimetre: nil)
    }

    @Test("ids must be reverse-DNS")
    func ids() {
        #expect(AnalyzerID(validating: "org.skindelta.pores") != nil)
        #expect(AnalyzerID(validating: "pores") == nil)
        #expect(AnalyzerID(validating: "Org.Example.x") == nil)
        #expect(AnalyzerID(validating: "org..x") == nil)
        #expect(AnalyzerID(validating: "org.9x") == nil)
    }

    @Test("duplicate ids and bad descriptors are refused before anything runs")
    func refusals() {
        #expect(throws: AnalysisError.duplicateID("org.example.mean-lightness")) {
            try AnalyzerRegistry([MeanLightness.self, SameID.self])
        }
        #expect(throws: AnalysisError.invalidDescriptor(id: "org.example.bad", reason: "the version “1.0” is not MAJOR.MINOR.PATCH")) {
            try AnalyzerRegistry([BadVersion.self])
        }
    }

    @Test("unknown settings members and unknown analyzers are refused")
    func unknownSettings() throws {
        let registry = try AnalyzerRegistry([MeanLightness.self])
        let id: AnalyzerID = "org.example.mean-lightness"
        #expect(throws: AnalysisError.self) {
            try registry.configure([id: SettingsDocument(revision: 2, members: ["ofset": .number(1)])])
        }
        #expect(throws: AnalysisError.unknownAnalyzer("org.example.other")) {
            try registry.configure(["org.example.other": SettingsDocument(revision: 1)])
        }
        #expect(throws: AnalysisError.self) {
            try registry.configure([id: SettingsDocument(revision: 3)])
        }
        #expect(throws: AnalysisError.self) {
            try registry.configure([id: SettingsDocument(revision: 2, members: ["offset": .string("one")])])
        }
    }

    @Test("settings: defaults fill gaps, older revisions migrate, the document round-trips")
    func settings() throws {
        let registry = try AnalyzerRegistry([MeanLightness.self])
        let id: AnalyzerID = "org.example.mean-lightness"
        let migrated = try registry.configure([id: SettingsDocument(revision: 1, members: ["bias": .number(5)])])[0]
        #expect(migrated.settings == SettingsDocument(revision: 2, members: ["offset": .number(5), "label": .string("plain")]))
        let data = try JSONEncoder().encode(migrated.settings)
        let decoded = try JSONDecoder().decode(SettingsDocument.self, from: data)
        #expect(try decoded.decode(MeanLightness.Settings.self) == MeanLightness.Settings(offset: 5, label: "plain"))

        let pair = try Self.pair()
        let plain = try registry.configure()[0].run(pair)
        let shifted = try migrated.run(pair)
        #expect(abs(shifted.values[0].before - plain.values[0].before - 5) < 1e-9)
        #expect(plain.values[0].after! > plain.values[0].before)
        #expect(plain.tiles[0].before.count == pair.tiles.tiles.count)
    }

    @Test("a result that breaks its declaration is refused with the analyzer's id")
    func invalidResult() throws {
        let registry = try AnalyzerRegistry([Forgetful.self])
        #expect(throws: AnalysisError.self) { try registry.configure()[0].run(try Self.pair()) }
        do {
            _ = try registry.configure()[0].run(try Self.pair())
        } catch {
            #expect(String(describing: error).contains("org.example.forgetful"))
        }
    }

    @Test("a single photo gives before values only")
    func singlePhoto() throws {
        let result = try AnalyzerRegistry([MeanLightness.self]).configure()[0].run(try Self.pair(after: nil))
        #expect(result.values[0].after == nil && result.tiles[0].after == nil)
    }

    @Test("too little skin is refused with a reason")
    func tooLittleSkin() {
        let before = Self.photo(lightness: 100)
        #expect(throws: AnalysisError.self) {
            try AlignedPair(before: before, after: nil, mask: Image(size: before.size, repeating: Gray8(value: 0)), pixelsPerMillimetre: nil)
        }
    }
}
