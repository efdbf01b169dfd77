import ImageCodec
import ImageCore

extension DecodedImage {
    /// Every sample in row-major, channel-interleaved order, widened to `Int`.
    var samples: [Int] {
        func flat<P: PixelProtocol>(_ image: Image<P>, _ sampleType: P.Sample.Type) -> [Int] where P.Sample: BinaryInteger {
            image.withUnsafeBufferPointer { pixels in
                UnsafeRawBufferPointer(pixels).withMemoryRebound(to: P.Sample.self) { $0.map { Int($0) } }
            }
        }
        switch self {
        case .gray8(let image): return flat(image, UInt8.self)
        case .grayAlpha8(let image): return flat(image, UInt8.self)
        case .rgb8(let image): return flat(image, UInt8.self)
        case .rgba8(let image): return flat(image, UInt8.self)
        case .gray16(let image): return flat(image, UInt16.self)
        case .grayAlpha16(let image): return flat(image, UInt16.self)
        case .rgb16(let image): return flat(image, UInt16.self)
        case .rgba16(let image): return flat(image, UInt16.self)
        }
    }

    var rgb8: Image<RGB8>? {
        if case .rgb8(let image) = self { return image }
        return nil
    }

    var gray8: Image<Gray8>? {
        if case .gray8(let image) = self { return image }
        return nil
    }
}
