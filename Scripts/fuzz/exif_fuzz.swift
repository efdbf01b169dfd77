// libFuzzer target for the EXIF reader: the bytes as a TIFF block, and as a PNG or JPEG whose EXIF
// block is found and read, exactly as ImageCodec does after decoding a header.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    _ = ExifMetadata(tiff: bytes)
    if let format = ImageFormat.detect(bytes), let range = MetadataLocator.exifRange(in: bytes, format: format) {
        _ = ExifMetadata(tiff: UnsafeRawBufferPointer(rebasing: bytes[range]))
    }
    return 0
}
