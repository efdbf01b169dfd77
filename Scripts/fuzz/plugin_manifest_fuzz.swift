import Foundation

// libFuzzer target for plugin manifests (`skindelta-plugin.json`): the bytes decoded and checked as
// PluginCatalog does, and the error described as the CLI shows it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    do {
        let manifest = try PluginManifest.decode(Data(bytes: data, count: size), file: "skindelta-plugin.json")
        _ = try? manifest.settings.resolve(nil)
        _ = manifest.descriptor.metrics.count
    } catch {
        _ = error.description
    }
    return 0
}
