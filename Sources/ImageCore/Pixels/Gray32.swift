/// A 32-bit floating-point gray sample; the meaning of its range is set by the stage that made it.
@frozen
public struct Gray32: PixelProtocol, Hashable {
    public typealias Sample = Float
    public static var channelCount: Int { 1 }

    public var value: Float

    /// Creates a pixel from its samples.
    @inlinable
    public init(value: Float) {
        self.value = value
    }
}
