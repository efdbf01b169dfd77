import Foundation
import Reports

/// What one shard of a batch found (`OUT/partial.json`), everything ``BatchMerger`` needs to write
/// the results a single run would have written: the input as read, the configuration, and every
/// scored pair of the shard's patients with its report images.
///
/// An intermediate file for the machines of one run: unlike the results, it holds the input's
/// paths. It is written atomically, so a shard killed midway leaves none.
struct BatchPartial: Codable, Sendable {
    static let fileName = "partial.json"
    static let currentFormat = "skindelta-partial-1"

    struct Photo: Codable, Sendable, Hashable {
        var path: String
        var sha256: String
        var bytes: Int
        var decodeWarnings: [String]?
    }

    var format = BatchPartial.currentFormat
    /// Nil for a whole batch.
    var shard: Shard?
    var toolVersion: String
    /// Digest of the analyzers' configuration (see the journal).
    var configuration: String
    var input: BatchInput
    var analyzers: [ResultsDocument.AnalyzerRecord]
    var refusedAnalyzers: [String]
    /// A pseudonym of a fixed text under the pseudonym key (nil without pseudonyms), so a merge can
    /// check it was given the same key.
    var keyCheck: String?
    /// Each scored pair by its job key.
    var records: [String: Journal.Record]
    var photos: [Photo]
    /// Photos that could not be opened, path → reason.
    var unreadable: [String: String]

    static func keyCheck(_ key: [UInt8]) -> String { PhotoNames.pseudonym("skindelta pseudonym key check", key: key) }

    func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// The assembler of the pairs of `plan` (all of which `records` holds), for the input's photos
    /// (those of `shard`'s patients when given).
    func assembler(plan: BatchPlan, names: PhotoNames, shard: Shard? = nil) -> ResultsAssembler {
        var shown = input
        if let shard { shown.photos = shard.photos(of: input.photos) }
        return ResultsAssembler(
            input: shown, plan: plan, records: plan.jobs.map { records[$0.key]! },
            digests: Dictionary(self.photos.map { ($0.path, (sha: $0.sha256, bytes: $0.bytes)) }, uniquingKeysWith: { a, _ in a }),
            unreadable: unreadable,
            decodeWarnings: Dictionary(self.photos.compactMap { p in p.decodeWarnings.map { (p.path, $0) } }, uniquingKeysWith: { a, _ in a }),
            names: names, analyzers: analyzers, toolVersion: toolVersion, pseudonymized: keyCheck != nil)
    }
}
