public import AnalysisKit
public import Foundation

/// An out-of-process plugin as an analyzer: its manifest's declaration, its settings schema, and
/// one shared ``PluginWorker`` behind every configuration.
public struct ExternalAnalyzer: AnalyzerFactory {
    public let manifest: PluginManifest
    public let folder: URL
    public let worker: PluginWorker

    public init(manifest: PluginManifest, folder: URL, hostDescription: String = "skindelta") {
        self.manifest = manifest
        self.folder = folder
        worker = PluginWorker(manifest: manifest, folder: folder, hostDescription: hostDescription)
    }

    public var descriptor: AnalyzerDescriptor { manifest.descriptor }

    public func configure(_ document: SettingsDocument?) throws(AnalysisError) -> ConfiguredAnalyzer {
        let settings: SettingsDocument
        do {
            settings = try manifest.settings.resolve(document)
        } catch {
            if case .invalidSettings(let reason) = error { throw .invalidSettings(reason: "\(manifest.id): \(reason)") }
            throw error
        }
        let worker = worker
        return ConfiguredAnalyzer(descriptor: descriptor, settings: settings) { pair, _ in
            try worker.analyze(pair, settings: settings)
        }
    }
}
