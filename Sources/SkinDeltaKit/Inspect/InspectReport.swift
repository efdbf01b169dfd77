import Foundation
import ImageCodec
import ImageCore

/// One file's line in `skindelta inspect`.
struct InspectReport: Encodable, Equatable {
    var file: String
    var format: String?
    /// Upright width, pixels.
    var width: Int?
    /// Upright height, pixels.
    var height: Int?
    var bitDepth: Int?
    var channels: Int?
    /// EXIF orientation 1–8 (1 when absent).
    var orientation: Int?
    var colorModel: String?
    var interlaced: Bool?
    var captureTime: String?
    var error: String?
    /// Warnings the decoder tolerated (every pixel intact); empty for a clean file.
    var warnings: [String] = []

    init(file: String, info: ImageInfo) {
        self.file = file
        format = info.format.rawValue
        width = info.size.width
        height = info.size.height
        bitDepth = info.bitDepth
        channels = info.channels
        orientation = info.orientation.rawValue
        colorModel = info.colorModel.rawValue
        interlaced = info.isInterlaced
        captureTime = info.exif.captureTime?.description
        warnings = info.warnings
    }

    init(file: String, error: ImageFileError) {
        self.file = file
        self.error = error.description
    }

    enum CodingKeys: String, CodingKey {
        case file, format, width, height, bitDepth, channels, orientation, colorModel, interlaced, captureTime, error, warnings
    }

    /// Every key is always present; absent values are `null`.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(format, forKey: .format)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(bitDepth, forKey: .bitDepth)
        try container.encode(channels, forKey: .channels)
        try container.encode(orientation, forKey: .orientation)
        try container.encode(colorModel, forKey: .colorModel)
        try container.encode(interlaced, forKey: .interlaced)
        try container.encode(captureTime, forKey: .captureTime)
        try container.encode(error, forKey: .error)
        try container.encode(warnings, forKey: .warnings)
    }

    /// A human-readable line, e.g.
    /// `a.jpg: JPEG 4000×3000, 8-bit, 3 channels (yCbCr), orientation 6 (rotate 90° clockwise to view), captured 2026-03-01T10:22:03`.
    var line: String {
        if let error { return error }
        var parts = ["\(format ?? "?") \(width ?? 0)×\(height ?? 0)", "\(bitDepth ?? 0)-bit",
                     "\(channels ?? 0) channel\(channels == 1 ? "" : "s") (\(colorModel ?? "?"))"]
        if let orientation, let value = Orientation(rawValue: orientation) {
            parts.append("orientation \(value)")
        }
        if interlaced == true { parts.append(format == "JPEG" ? "progressive" : "interlaced") }
        if let captureTime { parts.append("captured \(captureTime)") }
        for warning in warnings { parts.append("decoded despite a warning (pixels intact): \(warning)") }
        return "\(file): " + parts.joined(separator: ", ")
    }
}
