import Foundation

/// Writes files so that a reader never sees a partial one under the final name: the bytes go to a
/// hidden temporary file in the same folder, are flushed to disk, and the file is renamed over the
/// final name (an atomic replace on POSIX file systems).
public enum AtomicFile {
    /// Writes `data` to `url` atomically, creating the folder when missing.
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Makes `folder` (with its parents) and proves it can be written by writing and removing a
    /// small file, so that a batch refuses an unusable output folder before any work starts.
    public static func prepareFolder(_ folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try write(Data("skindelta".utf8), to: folder.appendingPathComponent(".skindelta-write-check"))
            try FileManager.default.removeItem(at: folder.appendingPathComponent(".skindelta-write-check"))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            throw CocoaError(.fileWriteNoPermission, userInfo: [
                NSLocalizedDescriptionKey: "the output folder cannot be written (\(reason))", NSFilePathErrorKey: folder.path,
            ])
        }
    }

    /// Removes temporary files a killed run left behind in `folder` (recursively).
    public static func removeLeftovers(in folder: URL) {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return }
        for case let url as URL in walker where url.lastPathComponent.hasPrefix(".") && url.pathExtension == "tmp" {
            try? FileManager.default.removeItem(at: url)
        }
    }
}
