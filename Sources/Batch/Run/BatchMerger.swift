public import Foundation
public import Reports

/// Merges the partial results of a batch run as shards (`batch --shard K/N`, one per machine)
/// into the results a single run would have written, byte for byte: `results.json`,
/// `results.csv`, `index.html` and the patient pages.
public enum BatchMerger {
    /// Why partial results cannot be merged; one sentence naming the file.
    public struct MergeError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Merges the shards in `parts` (folders holding `partial.json`, or the files) into `output`.
    /// All shards 1…N of one run must be there, once each, from the same input, analyzers and
    /// version; `pseudonymKey` must be the run's key when it was pseudonymized.
    public static func merge(parts: [URL], output: URL, pseudonymKey: [UInt8]?) throws -> ResultsDocument {
        var partials: [(url: URL, partial: BatchPartial)] = []
        for part in parts {
            let url = part.hasDirectoryPath || part.pathExtension != "json" ? part.appendingPathComponent(BatchPartial.fileName) : part
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw MergeError(description: "\(url.path): no partial result there (was the shard run with --shard K/N into that folder?)")
            }
            do {
                let partial = try JSONDecoder().decode(BatchPartial.self, from: data)
                guard partial.format == BatchPartial.currentFormat else {
                    throw MergeError(description: "\(url.path): a partial result of another format (\(partial.format))")
                }
                partials.append((url, partial))
            } catch let error as MergeError {
                throw error
            } catch {
                throw MergeError(description: "\(url.path): not a partial result of skindelta batch --shard (\(error))")
            }
        }
        guard let first = partials.first?.partial, let count = first.shard?.count else {
            throw MergeError(description: "no shard to merge: give the output folders of every batch --shard K/N run")
        }
        var seen = Set<Int>()
        for (url, partial) in partials {
            guard let shard = partial.shard, shard.count == count else {
                throw MergeError(description: "\(url.path): shard \(partial.shard?.description ?? "none") is not one of \(count)")
            }
            guard seen.insert(shard.index).inserted else { throw MergeError(description: "\(url.path): shard \(shard) is given twice") }
            guard partial.input == first.input else {
                throw MergeError(description: "\(url.path): shard \(shard) read a different input than shard \(first.shard!)")
            }
            guard partial.configuration == first.configuration, partial.toolVersion == first.toolVersion,
                  partial.analyzers == first.analyzers, partial.refusedAnalyzers == first.refusedAnalyzers else {
                throw MergeError(description: "\(url.path): shard \(shard) ran other analyzers, settings, options (preview size, --skin-rule, --require-registration) or version than shard \(first.shard!)")
            }
            guard partial.keyCheck == first.keyCheck else {
                throw MergeError(description: "\(url.path): shard \(shard) was pseudonymized differently than shard \(first.shard!)")
            }
        }
        let missing = (1...count).filter { !seen.contains($0) }
        guard missing.isEmpty else {
            throw MergeError(description: "shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) missing")
        }
        if let check = first.keyCheck {
            guard let pseudonymKey, BatchPartial.keyCheck(pseudonymKey) == check else {
                throw MergeError(description: "the shards were pseudonymized: SKINDELTA_PSEUDONYM_KEY must hold the run's key")
            }
        }

        var merged = first
        merged.shard = nil
        merged.records = [:]
        merged.photos = []
        merged.unreadable = [:]
        for (_, partial) in partials {
            merged.records.merge(partial.records) { a, _ in a }
            merged.photos += partial.photos
            merged.unreadable.merge(partial.unreadable) { a, _ in a }
        }
        let usable = merged.input.photos.filter { merged.unreadable[$0.path] == nil }
        let plan = BatchPlan(photos: usable)
        if let job = plan.jobs.first(where: { merged.records[$0.key] == nil }) {
            throw MergeError(description: "the shards hold no result for \(job.key.replacingOccurrences(of: "|", with: " "))")
        }
        let names = PhotoNames(photos: usable, key: first.keyCheck == nil ? nil : pseudonymKey)
        let assembled = merged.assembler(plan: plan, names: names)
        let document = assembled.documentWithRefusals(merged.refusedAnalyzers)
        try AtomicFile.prepareFolder(output)
        try BatchRunner.write(document, images: assembled.images(), to: output, toolVersion: merged.toolVersion)
        return document
    }
}
