/// A 16-bit-per-channel colour pixel with straight alpha; alpha 65535 is opaque.
@frozen
public struct RGBA16: PixelProtocol, Hashable {
    public typealias Sample = UInt16
    public static var channelCount: Int { 4 }

    public var red: UInt16
    public var green: UInt16
    public var blue: UInt16
    public var alpha: UInt16

    /// Creates a pixel from its samples.
    @inlinable
    public init(red: UInt16, green: UInt16, blue: UInt16, alpha: UInt16) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }
}
