public import ImageCore

/// What a file's header says, available without decoding pixels.
public struct ImageInfo: Sendable, Hashable {
    /// The encoded format, recognised by signature.
    public var format: ImageFormat
    /// The upright size, in pixels, after the EXIF orientation (and any DCT scaling) is applied.
    public var size: Size
    /// The size of the raster as stored in the file, in pixels.
    public var storedSize: Size
    /// Bits per sample in the file: 1, 2, 4, 8 or 16 for PNG; 8 (or 12, refused) for JPEG.
    public var bitDepth: Int
    /// Channels in the file: 1 gray or palette, 2 gray+alpha, 3 colour, 4 colour+alpha or CMYK.
    public var channels: Int
    /// How the file stores colour.
    public var colorModel: ColorModel
    /// Whether a PNG has a tRNS chunk (decoded as an alpha channel).
    public var hasTransparency: Bool
    /// Adam7 interlacing (PNG) or progressive coding (JPEG).
    public var isInterlaced: Bool
    /// Arithmetic entropy coding (JPEG).
    public var isArithmeticCoded: Bool
    /// The EXIF orientation; `.up` when absent or invalid.
    public var orientation: Orientation
    /// EXIF fields: orientation as found, capture time.
    public var exif: ExifMetadata
    /// What the codec warned of and tolerated because every pixel is intact (libjpeg-turbo's own
    /// text, e.g. "Corrupt JPEG data: 4 extraneous bytes before marker 0xdb"); empty for a clean
    /// file. From the header alone for ``ImageDecoder/readInfo(contentsOf:)``, from the whole
    /// file after decoding. Warnings that mean damaged pixels are errors instead.
    public var warnings: [String] = []
}
