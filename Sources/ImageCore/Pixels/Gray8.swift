/// An 8-bit gray pixel; 0 is black, 255 white (sRGB-encoded unless stated otherwise).
@frozen
public struct Gray8: PixelProtocol, Hashable {
    public typealias Sample = UInt8
    public static var channelCount: Int { 1 }

    public var value: UInt8

    /// Creates a pixel from its samples.
    @inlinable
    public init(value: UInt8) {
        self.value = value
    }
}
