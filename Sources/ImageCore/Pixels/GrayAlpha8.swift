/// An 8-bit gray pixel with straight (not premultiplied) alpha; alpha 255 is opaque.
@frozen
public struct GrayAlpha8: PixelProtocol, Hashable {
    public typealias Sample = UInt8
    public static var channelCount: Int { 2 }

    public var value: UInt8
    public var alpha: UInt8

    /// Creates a pixel from its samples.
    @inlinable
    public init(value: UInt8, alpha: UInt8) {
        self.value = value
        self.alpha = alpha
    }
}
