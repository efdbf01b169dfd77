public import ImageCore

/// Decoded, upright pixels in the narrowest layout that holds the file's data without loss.
///
/// PNG keeps 16-bit samples at 16 bits; palettes expand to RGB (RGBA with tRNS); gray below 8 bits
/// is scaled to 8 bits (`v * 255 / (2^depth - 1)`). JPEG gives ``gray8`` or ``rgb8`` (CMYK and YCCK
/// converted). Samples are as stored in the file: sRGB-encoded, not linearised.
public enum DecodedImage: Sendable, Equatable {
    case gray8(Image<Gray8>)
    case grayAlpha8(Image<GrayAlpha8>)
    case rgb8(Image<RGB8>)
    case rgba8(Image<RGBA8>)
    case gray16(Image<Gray16>)
    case grayAlpha16(Image<GrayAlpha16>)
    case rgb16(Image<RGB16>)
    case rgba16(Image<RGBA16>)

    /// The size in pixels.
    public var size: Size {
        switch self {
        case .gray8(let image): image.size
        case .grayAlpha8(let image): image.size
        case .rgb8(let image): image.size
        case .rgba8(let image): image.size
        case .gray16(let image): image.size
        case .grayAlpha16(let image): image.size
        case .rgb16(let image): image.size
        case .rgba16(let image): image.size
        }
    }

    /// Samples per pixel.
    public var channelCount: Int {
        switch self {
        case .gray8, .gray16: 1
        case .grayAlpha8, .grayAlpha16: 2
        case .rgb8, .rgb16: 3
        case .rgba8, .rgba16: 4
        }
    }

    /// Bits per sample: 8 or 16.
    public var bitsPerSample: Int {
        switch self {
        case .gray8, .grayAlpha8, .rgb8, .rgba8: 8
        case .gray16, .grayAlpha16, .rgb16, .rgba16: 16
        }
    }
}

/// A decoded picture and what its header said.
public struct DecodedPicture: Sendable {
    /// Upright pixels.
    public var image: DecodedImage
    /// Header facts: format, bit depth, orientation applied, capture time.
    public var info: ImageInfo
}
