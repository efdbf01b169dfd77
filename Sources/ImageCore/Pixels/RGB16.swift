/// A 16-bit-per-channel colour pixel; 65535 is full intensity.
@frozen
public struct RGB16: PixelProtocol, Hashable {
    public typealias Sample = UInt16
    public static var channelCount: Int { 3 }

    public var red: UInt16
    public var green: UInt16
    public var blue: UInt16

    /// Creates a pixel from its samples.
    @inlinable
    public init(red: UInt16, green: UInt16, blue: UInt16) {
        self.red = red
        self.green = green
        self.blue = blue
    }
}
