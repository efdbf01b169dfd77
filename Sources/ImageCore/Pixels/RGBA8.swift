/// An 8-bit-per-channel sRGB-encoded colour pixel with straight (not premultiplied) alpha; alpha 255 is opaque.
@frozen
public struct RGBA8: PixelProtocol, Hashable {
    public typealias Sample = UInt8
    public static var channelCount: Int { 4 }

    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8
    public var alpha: UInt8

    /// Creates a pixel from its samples.
    @inlinable
    public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }
}
