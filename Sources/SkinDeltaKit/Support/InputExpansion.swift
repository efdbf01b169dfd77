import Foundation

/// Turns command-line paths into a list of files.
///
/// A file named on the command line is always taken (its format is decided by signature later).
/// A directory is searched recursively, in sorted order, for files ending in `.png`, `.jpg` or
/// `.jpeg` (any case), skipping hidden entries, so that manifests and notes beside photos are left alone.
enum InputExpansion {
    static let photoExtensions: Set<String> = ["png", "jpg", "jpeg"]

    static func files(for paths: [String]) -> [String] {
        var result: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                result.append(path)
                continue
            }
            result += photos(inDirectory: path)
        }
        return result
    }

    static func photos(inDirectory directory: String) -> [String] {
        let manager = FileManager.default
        guard let entries = try? manager.contentsOfDirectory(atPath: directory) else { return [] }
        var found: [String] = []
        for entry in entries.sorted() where !entry.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + entry : directory + "/" + entry
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                found += photos(inDirectory: path)
            } else if photoExtensions.contains((entry as NSString).pathExtension.lowercased()) {
                found.append(path)
            }
        }
        return found
    }
}
