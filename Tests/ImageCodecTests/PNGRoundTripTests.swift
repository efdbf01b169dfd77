@_spi(Testing) import ImageCodec
import ImageCore
import Testing

/// Every PNG colour type × legal bit depth × interlace, with and without tRNS, written by libpng from
/// samples the test chose, decoded, and compared sample by sample with the expansion the PNG
/// specification defines (computed here, independently of libpng's read transforms).
@Suite("PNG round trips")
struct PNGRoundTripTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var model: ColorModel
        var bitDepth: Int
        var interlaced: Bool
        var transparency: Bool
        var testDescription: String { "\(model) \(bitDepth)-bit\(interlaced ? " Adam7" : "")\(transparency ? " tRNS" : "")" }
    }

    static let cases: [Case] = {
        let depths: [(ColorModel, [Int])] = [
            (.gray, [1, 2, 4, 8, 16]), (.rgb, [8, 16]), (.palette, [1, 2, 4, 8]),
            (.grayAlpha, [8, 16]), (.rgba, [8, 16]),
        ]
        var all: [Case] = []
        for (model, bitDepths) in depths {
            for depth in bitDepths {
                for interlaced in [false, true] {
                    for transparency in [false, true] where !transparency || [.gray, .rgb, .palette].contains(model) {
                        all.append(Case(model: model, bitDepth: depth, interlaced: interlaced, transparency: transparency))
                    }
                }
            }
        }
        return all
    }()

    static let sizes = [Size(width: 1, height: 1), Size(width: 13, height: 7), Size(width: 33, height: 18)]

    @Test(arguments: cases, sizes)
    func decodesWhatWasWritten(_ testCase: Case, size: Size) throws {
        var random = Fixtures.Random(seed: UInt64(testCase.bitDepth * 1000 + size.width))
        let fileChannels = [ColorModel.gray: 1, .palette: 1, .grayAlpha: 2, .rgb: 3, .rgba: 4][testCase.model]!
        let maxValue = (1 << testCase.bitDepth) - 1
        let paletteCount = testCase.model == .palette ? min(256, 1 << testCase.bitDepth) : 0
        let palette = (0..<(paletteCount * 3)).map { _ in random.byte() }
        let alphaCount = testCase.transparency && testCase.model == .palette ? max(1, paletteCount / 2) : 0
        let paletteAlpha = (0..<alphaCount).map { _ in UInt16(random.byte()) }

        // File samples, one Int per channel per pixel.
        var samples = (0..<(size.width * size.height * fileChannels)).map { _ in
            testCase.model == .palette ? random.below(paletteCount) : random.below(maxValue + 1)
        }
        // A transparent colour key that actually occurs in the picture (first pixel).
        var key: [Int] = []
        if testCase.transparency && testCase.model != .palette {
            key = Array(samples[0..<fileChannels])
            if size.width * size.height > 1 {  // and a pixel that differs from it
                samples[fileChannels] = (samples[0] + 1) % (maxValue + 1)
            }
        }

        // Pack rows as PNG stores them.
        let rowBytes = (size.width * fileChannels * testCase.bitDepth + 7) / 8
        var packed = [UInt8](repeating: 0, count: rowBytes * size.height)
        for y in 0..<size.height {
            for i in 0..<(size.width * fileChannels) {
                let value = samples[y * size.width * fileChannels + i]
                switch testCase.bitDepth {
                case 16:
                    let native = UInt16(value)
                    withUnsafeBytes(of: native) { bytes in
                        packed[y * rowBytes + 2 * i] = bytes[0]
                        packed[y * rowBytes + 2 * i + 1] = bytes[1]
                    }
                case 8:
                    packed[y * rowBytes + i] = UInt8(value)
                default:
                    let bit = i * testCase.bitDepth
                    let shift = 8 - testCase.bitDepth - bit % 8
                    packed[y * rowBytes + bit / 8] |= UInt8(value << shift)
                }
            }
        }
        let transparency = testCase.model == .palette ? paletteAlpha : key.map { UInt16($0) }
        let encoder = PNGEncoder(isInterlaced: testCase.interlaced)
        let png = try packed.withUnsafeBufferPointer { rows in
            try encoder.encodeRows(rows.baseAddress!, width: size.width, height: size.height, rowBytes: rowBytes,
                                   model: testCase.model, bitDepth: testCase.bitDepth,
                                   palette: palette, transparency: transparency)
        }

        // Expected decoded samples.
        var expected: [Int] = []
        let outputBits = testCase.bitDepth == 16 ? 16 : 8
        let opaque = (1 << outputBits) - 1
        for p in 0..<(size.width * size.height) {
            let pixel = Array(samples[(p * fileChannels)..<((p + 1) * fileChannels)])
            switch testCase.model {
            case .palette:
                let index = pixel[0]
                expected += (0..<3).map { Int(palette[index * 3 + $0]) }
                if alphaCount > 0 { expected.append(index < alphaCount ? Int(paletteAlpha[index]) : 255) }
            case .gray where testCase.bitDepth < 8:
                expected.append(pixel[0] * 255 / maxValue)
                if !key.isEmpty { expected.append(pixel == key ? 0 : 255) }
            default:
                expected += pixel
                if !key.isEmpty { expected.append(pixel == key ? 0 : opaque) }
            }
        }

        let picture = try ImageDecoder().decode(png)
        let expectedChannels = testCase.model == .palette ? (alphaCount > 0 ? 4 : 3) : fileChannels + (key.isEmpty ? 0 : 1)
        #expect(picture.image.size == size)
        #expect(picture.image.channelCount == expectedChannels)
        #expect(picture.image.bitsPerSample == outputBits)
        #expect(picture.info.bitDepth == testCase.bitDepth)
        #expect(picture.info.colorModel == testCase.model)
        #expect(picture.info.isInterlaced == testCase.interlaced)
        #expect(picture.info.hasTransparency == testCase.transparency)
        #expect(picture.image.samples == expected)
    }

    @Test("the public 8- and 16-bit encoders round-trip exactly")
    func publicEncoders() throws {
        let size = Size(width: 17, height: 5)
        let rgb = Fixtures.noiseRGB(size, seed: 7)
        #expect(try ImageDecoder().decode(PNGEncoder().encode(rgb)).image == .rgb8(rgb))
        let gray = Image(size: size, pixels: rgb.pixels.map { Gray8(value: $0.green) })
        #expect(try ImageDecoder().decode(PNGEncoder(compressionLevel: 9).encode(gray)).image == .gray8(gray))
        let rgba = Image(size: size, pixels: rgb.pixels.map { RGBA8(red: $0.red, green: $0.green, blue: $0.blue, alpha: $0.red ^ $0.blue) })
        #expect(try ImageDecoder().decode(PNGEncoder(isInterlaced: true).encode(rgba)).image == .rgba8(rgba))
        let rgb16 = Image(size: size, pixels: rgb.pixels.map {
            RGB16(red: UInt16($0.red) << 8 | UInt16($0.green), green: UInt16($0.blue) * 257, blue: 65535 - UInt16($0.red))
        })
        #expect(try ImageDecoder().decode(PNGEncoder().encode(rgb16)).image == .rgb16(rgb16))
    }
}
