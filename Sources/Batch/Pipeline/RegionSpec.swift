public import AnalysisKit
import ImageCodec
import ImageCore

/// Where to measure, as a user writes it: `rect:X,Y,W,H`, `poly:X1,Y1;X2,Y2;…` (pixels of the photo,
/// x right, y down, origin at the top-left pixel's centre), or the path of a mask image (PNG or
/// JPEG, non-zero inside, the photo's size).
///
/// Parsed once, where the text comes in (a command-line option or a manifest row); the mask image
/// is read only when the region is used.
public enum RegionSpec: Hashable, Sendable, CustomStringConvertible, Codable {
    // Equal and hashed by the text they were written as.
    /// A rectangle or a polygon, already parsed.
    case shape(RegionOfInterest, text: String)
    /// The path of a mask image.
    case maskImage(path: String)

    /// Parses `text`; a text that is not `rect:` or `poly:` is taken as a mask image's path.
    public init(parsing text: String) throws(PipelineError) {
        if text.hasPrefix("rect:") || text.hasPrefix("poly:") {
            do {
                self = .shape(try RegionOfInterest(parsing: text), text: text)
            } catch {
                throw .unusableRegion(name: text, reason: "\(error)")
            }
        } else {
            self = .maskImage(path: text)
        }
    }

    /// The text the region was written as (a mask's path for a mask).
    public var description: String {
        switch self {
        case .shape(_, let text): text
        case .maskImage(let path): path
        }
    }

    /// The mask image's path, if the region is one.
    public var maskPath: String? {
        if case .maskImage(let path) = self { return path }
        return nil
    }

    /// The region ready to rasterize; a mask image is decoded with `decoder`.
    public func resolved(decoder: ImageDecoder) throws(PipelineError) -> RegionOfInterest {
        switch self {
        case .shape(let region, _):
            return region
        case .maskImage(let path):
            let picture: Image<RGB8>
            do {
                picture = try decoder.decode(contentsOf: path).image.rgb8
            } catch {
                let name = path.split(separator: "/").last.map(String.init) ?? path
                throw .unusableRegion(name: name, reason: "the region mask cannot be read: \(error.error)")
            }
            return .mask(Image(size: picture.size, pixels: picture.pixels.map {
                Gray8(value: $0.red != 0 || $0.green != 0 || $0.blue != 0 ? 255 : 0)
            }))
        }
    }

    public static func == (a: RegionSpec, b: RegionSpec) -> Bool { a.description == b.description && a.maskPath == b.maskPath }

    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try RegionSpec(parsing: text)
        } catch {
            throw Swift.DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
