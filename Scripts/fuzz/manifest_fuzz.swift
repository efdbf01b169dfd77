import Foundation

// libFuzzer target for the batch manifest readers: the bytes as a CSV and as a JSON manifest.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    _ = try? ManifestReader.csvRows(bytes)
    _ = try? ManifestReader.jsonRows(bytes)
    return 0
}
