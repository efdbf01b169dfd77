/// A pixel stored interleaved in an ``Image``: a fixed number of samples of one scalar type.
///
/// Conforming types are plain structs whose stored properties are the samples in order, with no
/// padding, so that a row of pixels is also a row of samples (`RGB8` is three bytes: R, G, B).
public protocol PixelProtocol: BitwiseCopyable, Equatable, Sendable {
    /// The scalar type of one sample.
    associatedtype Sample: BitwiseCopyable & Sendable
    /// Samples per pixel.
    static var channelCount: Int { get }
}
