/// A 16-bit gray pixel; 0 is black, 65535 white.
@frozen
public struct Gray16: PixelProtocol, Hashable {
    public typealias Sample = UInt16
    public static var channelCount: Int { 1 }

    public var value: UInt16

    /// Creates a pixel from its samples.
    @inlinable
    public init(value: UInt16) {
        self.value = value
    }
}
