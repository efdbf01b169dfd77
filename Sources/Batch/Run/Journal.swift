import Foundation
import Reports

/// Finished jobs of a batch, one file each under `OUT/.skindelta-journal/`, written atomically, so
/// that a run killed at any moment (even `kill -9`) leaves only whole records. `--resume` reuses a
/// record when its job, its photos' SHA-256 and the analyzers' configuration are unchanged.
struct Journal: Sendable {
    let folder: URL

    init(output: URL) {
        folder = output.appendingPathComponent(".skindelta-journal")
    }

    /// What one job produced.
    struct Record: Codable, Sendable {
        var fingerprint: String
        var comparison: ComparisonResults
        var images: ReportImages?
        /// Photos that could not be read by this job: file name → reason.
        var unreadable: [String: String]
    }

    func url(for fingerprint: String) -> URL {
        folder.appendingPathComponent(fingerprint.prefix(40) + ".json")
    }

    func load(_ fingerprint: String) -> Record? {
        guard let data = FileManager.default.contents(atPath: url(for: fingerprint).path),
              let record = try? JSONDecoder().decode(Record.self, from: data), record.fingerprint == fingerprint else { return nil }
        return record
    }

    func save(_ record: Record) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(try encoder.encode(record), to: url(for: record.fingerprint))
    }

    func clear() {
        try? FileManager.default.removeItem(at: folder)
    }
}
