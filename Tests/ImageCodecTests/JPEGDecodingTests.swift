@_spi(Testing) import ImageCodec
import ImageCore
import Testing

/// JPEG variants written by libjpeg from pictures the test made. Progressive, arithmetic and
/// restart-marker files carry the same quantised coefficients as the baseline file, so they must
/// decode to exactly the same pixels; the baseline itself must be close to the original.
@Suite("JPEG decoding")
struct JPEGDecodingTests {
    static let size = Size(width: 67, height: 45)  // not a multiple of the 16-pixel MCU
    static let picture = Fixtures.smoothRGB(size)

    @Test("baseline decodes close to the original (PSNR above 35 dB at quality 95)")
    func baselineFidelity() throws {
        let bytes = try JPEGEncoder(quality: 95, chromaSubsampling: .none).encode(Self.picture)
        let decoded = try ImageDecoder().decode(bytes)
        #expect(decoded.info.format == .jpeg)
        #expect(decoded.info.colorModel == .yCbCr)
        #expect(decoded.info.bitDepth == 8)
        #expect(decoded.info.channels == 3)
        #expect(decoded.info.isInterlaced == false)
        let image = try #require(decoded.image.rgb8)
        #expect(Fixtures.psnr(image, Self.picture) > 35)
    }

    @Test("progressive, arithmetic and restart-marker files equal the baseline exactly",
          arguments: JPEGEncoder.ChromaSubsampling.allCases)
    func entropyVariantsMatchBaseline(subsampling: JPEGEncoder.ChromaSubsampling) throws {
        let baseline = try ImageDecoder().decode(JPEGEncoder(quality: 85, chromaSubsampling: subsampling).encode(Self.picture))
        let variants: [(String, JPEGEncoder, Bool, Bool)] = [
            ("progressive", JPEGEncoder(quality: 85, chromaSubsampling: subsampling, isProgressive: true), true, false),
            ("arithmetic", JPEGEncoder(quality: 85, chromaSubsampling: subsampling, usesArithmeticCoding: true), false, true),
            ("arithmetic progressive", JPEGEncoder(quality: 85, chromaSubsampling: subsampling, isProgressive: true, usesArithmeticCoding: true), true, true),
            ("restart every row", JPEGEncoder(quality: 85, chromaSubsampling: subsampling, restartIntervalRows: 1), false, false),
        ]
        for (name, encoder, progressive, arithmetic) in variants {
            let decoded = try ImageDecoder().decode(encoder.encode(Self.picture))
            #expect(decoded.image == baseline.image, "\(name)")
            #expect(decoded.info.isInterlaced == progressive, "\(name)")
            #expect(decoded.info.isArithmeticCoded == arithmetic, "\(name)")
        }
    }

    @Test("grayscale JPEG decodes to one channel")
    func grayscale() throws {
        let gray = Image(size: Self.size, pixels: Self.picture.pixels.map { Gray8(value: $0.green) })
        let decoded = try ImageDecoder().decode(JPEGEncoder(quality: 95).encode(gray))
        #expect(decoded.info.colorModel == .gray)
        #expect(decoded.info.channels == 1)
        let image = try #require(decoded.image.gray8)
        let worst = zip(image.pixels, gray.pixels).map { abs(Int($0.value) - Int($1.value)) }.max() ?? 0
        #expect(worst <= 6)
    }

    @Test("CMYK with Adobe's inverted samples converts to the RGB the inks make")
    func adobeInvertedCMYK() throws {
        // Inks chosen per pixel; Adobe files store 255 - ink.
        let size = Size(width: 24, height: 16)
        var stored: [UInt8] = []
        var expected: [RGB8] = []
        for y in 0..<size.height {
            for x in 0..<size.width {
                let c = (x * 10) % 200, m = (y * 12) % 200, yellow = 60, k = x < 12 ? 0 : 80
                stored += [c, m, yellow, k].map { UInt8(255 - $0) }
                func channel(_ ink: Int) -> UInt8 { UInt8(((255 - ink) * (255 - k) + 127) / 255) }
                expected.append(RGB8(red: channel(c), green: channel(m), blue: channel(yellow)))
            }
        }
        let bytes = try JPEGEncoder(quality: 98).encodeCMYK(stored, size: size)
        let decoded = try ImageDecoder().decode(bytes)
        #expect(decoded.info.colorModel == .cmyk || decoded.info.colorModel == .yCCK)
        #expect(decoded.info.channels == 4)
        let image = try #require(decoded.image.rgb8)
        let worst = zip(image.pixels, expected).map { p, q in
            max(abs(Int(p.red) - Int(q.red)), abs(Int(p.green) - Int(q.green)), abs(Int(p.blue) - Int(q.blue)))
        }.max() ?? 0
        #expect(worst <= 8)
    }

    @Test("DCT scaling gives ceil-divided sizes", arguments: [1, 2, 4, 8])
    func scaledDecode(denominator: Int) throws {
        let bytes = try JPEGEncoder().encode(Self.picture)
        let decoded = try ImageDecoder(jpegScaleDenominator: denominator).decode(bytes)
        let expected = Size(width: (Self.size.width + denominator - 1) / denominator,
                            height: (Self.size.height + denominator - 1) / denominator)
        #expect(decoded.image.size == expected)
        #expect(decoded.info.size == expected)
    }

    /// Patches of the SOF0 segment (FF C0, length, precision, ...): offset from the marker, new byte.
    @Test("12-bit and lossless JPEGs are refused as unsupported, not as corrupt",
          arguments: [("12-bit precision", 4, UInt8(12)), ("lossless SOF3 marker", 1, UInt8(0xC3))])
    func unsupportedVariants(name: String, offset: Int, value: UInt8) throws {
        var bytes = try JPEGEncoder().encode(Self.picture)
        let sof = try #require((0..<(bytes.count - 1)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes[sof + offset] = value
        #expect {
            try ImageDecoder().decode(bytes)
        } throws: { error in
            guard case DecodingError.unsupported(.jpeg, _) = error else { return false }
            return true
        }
    }
}
