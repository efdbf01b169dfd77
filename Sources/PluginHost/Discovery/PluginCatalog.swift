public import AnalysisKit
public import Foundation

/// The out-of-process plugins found in a set of folders, read from their manifests without
/// starting anything, and the reasons any were refused.
///
/// Each search path is a plugin's folder (it holds `skindelta-plugin.json`) or a folder of plugin
/// folders. Search paths come from `--plugins` options, then from `SKINDELTA_PLUGIN_PATH`
/// (colon-separated). Plugins are taken in path order, folders by name; a plugin whose id is
/// already taken is refused.
public struct PluginCatalog: Sendable {
    /// A usable plugin.
    public struct Entry: Sendable {
        public var manifest: PluginManifest
        public var folder: URL
    }

    public private(set) var plugins: [Entry] = []
    /// One sentence per refused plugin or unreadable search path.
    public private(set) var problems: [PluginError] = []

    /// The environment variable holding extra search paths.
    public static let environmentVariable = "SKINDELTA_PLUGIN_PATH"

    /// Searches `paths`, then `SKINDELTA_PLUGIN_PATH` from `environment`; ids in `taken` (the
    /// built-in analyzers') are refused.
    public init(paths: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
                taken: Set<AnalyzerID> = []) {
        let extra = (environment[Self.environmentVariable] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        var seen = taken
        var visited = Set<String>()
        for path in paths + extra {
            for folder in Self.pluginFolders(path, problems: &problems) where visited.insert(folder.standardizedFileURL.path).inserted {
                do {
                    let manifest = try PluginManifest.load(folder: folder)
                    guard seen.insert(manifest.id).inserted else {
                        problems.append(.duplicateID(id: manifest.id, folder: folder.path))
                        continue
                    }
                    plugins.append(Entry(manifest: manifest, folder: folder))
                } catch {
                    problems.append(error)
                }
            }
        }
    }

    /// The analyzers of the usable plugins, each with its own worker.
    public func analyzers(hostDescription: String = "skindelta") -> [ExternalAnalyzer] {
        plugins.map { ExternalAnalyzer(manifest: $0.manifest, folder: $0.folder, hostDescription: hostDescription) }
    }

    static func pluginFolders(_ path: String, problems: inout [PluginError]) -> [URL] {
        let url = URL(fileURLWithPath: path)
        let manager = FileManager.default
        if manager.fileExists(atPath: url.appendingPathComponent(PluginManifest.fileName).path) { return [url] }
        guard let names = try? manager.contentsOfDirectory(atPath: url.path) else {
            problems.append(.invalidManifest(file: path, reason: "the plugin folder cannot be read"))
            return []
        }
        let folders = names.sorted().map { url.appendingPathComponent($0) }
            .filter { manager.fileExists(atPath: $0.appendingPathComponent(PluginManifest.fileName).path) }
        if folders.isEmpty {
            problems.append(.invalidManifest(file: path, reason: "no plugin folder (with \(PluginManifest.fileName)) is in it"))
        }
        return folders
    }
}
