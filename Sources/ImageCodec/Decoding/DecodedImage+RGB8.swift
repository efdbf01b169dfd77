public import ImageCore

extension DecodedImage {
    /// The picture as 8-bit RGB, for stages that work on colour photos: grey is copied to all
    /// three channels, alpha is dropped (not composited), and 16-bit samples are rounded to
    /// 8 bits (v·255/65535).
    public var rgb8: Image<RGB8> {
        func narrow(_ v: UInt16) -> UInt8 { UInt8((UInt32(v) * 255 + 32767) / 65535) }
        switch self {
        case .rgb8(let image):
            return image
        case .gray8(let image):
            return Image(size: image.size, pixels: image.pixels.map { RGB8(red: $0.value, green: $0.value, blue: $0.value) })
        case .grayAlpha8(let image):
            return Image(size: image.size, pixels: image.pixels.map { RGB8(red: $0.value, green: $0.value, blue: $0.value) })
        case .rgba8(let image):
            return Image(size: image.size, pixels: image.pixels.map { RGB8(red: $0.red, green: $0.green, blue: $0.blue) })
        case .gray16(let image):
            return Image(size: image.size, pixels: image.pixels.map { let v = narrow($0.value); return RGB8(red: v, green: v, blue: v) })
        case .grayAlpha16(let image):
            return Image(size: image.size, pixels: image.pixels.map { let v = narrow($0.value); return RGB8(red: v, green: v, blue: v) })
        case .rgb16(let image):
            return Image(size: image.size, pixels: image.pixels.map { RGB8(red: narrow($0.red), green: narrow($0.green), blue: narrow($0.blue)) })
        case .rgba16(let image):
            return Image(size: image.size, pixels: image.pixels.map { RGB8(red: narrow($0.red), green: narrow($0.green), blue: narrow($0.blue)) })
        }
    }
}
