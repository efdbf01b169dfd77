/// A 16-bit gray pixel with straight alpha; alpha 65535 is opaque.
@frozen
public struct GrayAlpha16: PixelProtocol, Hashable {
    public typealias Sample = UInt16
    public static var channelCount: Int { 2 }

    public var value: UInt16
    public var alpha: UInt16

    /// Creates a pixel from its samples.
    @inlinable
    public init(value: UInt16, alpha: UInt16) {
        self.value = value
        self.alpha = alpha
    }
}
