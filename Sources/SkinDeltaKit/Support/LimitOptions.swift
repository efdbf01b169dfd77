import ArgumentParser
import ImageCodec

/// Command-line overrides of ``DecodingLimits``; each default is the library's default.
struct LimitOptions: ParsableArguments {
    @Option(help: "Refuse images with more pixels than this (width × height).")
    var maxPixels = DecodingLimits.default.maxPixels

    @Option(help: "Refuse images wider or taller than this many pixels.")
    var maxSide = DecodingLimits.default.maxSide

    @Option(help: "Refuse files larger than this many bytes.")
    var maxFileBytes = DecodingLimits.default.maxInputBytes

    @Option(help: "Refuse progressive JPEGs with more scans than this.")
    var maxScans = DecodingLimits.default.maxProgressiveScans

    var decodingLimits: DecodingLimits {
        DecodingLimits(
            maxPixels: maxPixels,
            maxSide: maxSide,
            maxInputBytes: maxFileBytes,
            maxDecodedBytes: max(DecodingLimits.default.maxDecodedBytes, maxPixels.multipliedReportingOverflow(by: 8).overflow ? Int.max : maxPixels * 8),
            maxProgressiveScans: maxScans
        )
    }
}
