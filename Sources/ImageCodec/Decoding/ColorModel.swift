/// How a file stores colour, before decoding.
public enum ColorModel: String, Sendable, Codable, CaseIterable {
    case gray
    case grayAlpha
    case rgb
    case rgba
    /// PNG indexed colour (decoded to RGB, or RGBA when the palette has transparency).
    case palette
    /// JPEG's usual luma/chroma coding (decoded to RGB).
    case yCbCr
    /// Printing inks (decoded to RGB, honouring Adobe's inverted convention).
    case cmyk
    /// CMYK coded as luma/chroma plus black (decoded to RGB).
    case yCCK
}
