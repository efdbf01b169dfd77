import Foundation
@_spi(Testing) import ImageCodec
import ImageCore

/// Inputs the tests make themselves: seeded noise, hand-built PNG chunks and EXIF blocks.
enum Fixtures {
    /// A SplitMix64 stream: the same seed gives the same bytes everywhere.
    struct Random {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    static func noiseRGB(_ size: Size, seed: UInt64) -> Image<RGB8> {
        var random = Random(seed: seed)
        return Image(size: size, pixels: (0..<(size.width * size.height)).map { _ in
            RGB8(red: random.byte(), green: random.byte(), blue: random.byte())
        })
    }

    /// A smooth colour picture (JPEG-friendly) with an asymmetric feature so orientation errors show.
    static func smoothRGB(_ size: Size) -> Image<RGB8> {
        var pixels: [RGB8] = []
        pixels.reserveCapacity(size.width * size.height)
        for y in 0..<size.height {
            for x in 0..<size.width {
                let fx = Double(x) / Double(max(1, size.width - 1)), fy = Double(y) / Double(max(1, size.height - 1))
                let r = 120 + 80 * fx + 20 * sin(fy * 6)
                let g = 90 + 60 * fy
                let b = 60 + 50 * fx * fy + (x < size.width / 4 && y < size.height / 3 ? 60 : 0)
                pixels.append(RGB8(red: UInt8(r), green: UInt8(g), blue: UInt8(b)))
            }
        }
        return Image(size: size, pixels: pixels)
    }

    /// Peak signal-to-noise ratio in dB between two 8-bit images of equal size.
    static func psnr(_ a: Image<RGB8>, _ b: Image<RGB8>) -> Double {
        var sum = 0.0
        for (p, q) in zip(a.pixels, b.pixels) {
            for (u, v) in [(p.red, q.red), (p.green, q.green), (p.blue, q.blue)] {
                let d = Double(u) - Double(v)
                sum += d * d
            }
        }
        let mse = sum / Double(a.pixelCount * 3)
        return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
    }

    // MARK: - PNG building blocks

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func pngChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc32(typeBytes + data))
    }

    /// Splits a PNG into (type, data) chunks after the signature.
    static func pngChunks(_ png: [UInt8]) -> [(type: String, data: [UInt8])] {
        var chunks: [(String, [UInt8])] = []
        var offset = 8
        while offset + 12 <= png.count {
            let length = Int(png[offset]) << 24 | Int(png[offset + 1]) << 16 | Int(png[offset + 2]) << 8 | Int(png[offset + 3])
            let type = String(decoding: png[(offset + 4)..<(offset + 8)], as: UTF8.self)
            chunks.append((type, Array(png[(offset + 8)..<(offset + 8 + length)])))
            offset += 12 + length
        }
        return chunks
    }

    static func assemblePNG(_ chunks: [(type: String, data: [UInt8])]) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunks.flatMap { pngChunk($0.type, $0.data) }
    }

    /// A PNG with `chunk` inserted right after IHDR.
    static func insertingAfterHeader(_ png: [UInt8], type: String, data: [UInt8]) -> [UInt8] {
        var chunks = pngChunks(png)
        chunks.insert((type, data), at: 1)
        return assemblePNG(chunks)
    }

    // MARK: - EXIF

    /// A TIFF block with IFD0 holding Orientation (when given) and a pointer to an Exif IFD holding
    /// DateTimeOriginal (when given).
    static func exifTIFF(orientation: Int?, dateTime: String? = nil, offset: String? = nil, bigEndian big: Bool = false) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { big ? [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { big ? bigEndian(UInt32(v)) : bigEndian(UInt32(v)).reversed() }
        var ifd0: [[UInt8]] = []
        if let orientation { ifd0.append(u16(0x0112) + u16(3) + u32(1) + u16(orientation) + [0, 0]) }
        let hasExif = dateTime != nil
        let ifd0Size = 2 + 12 * (ifd0.count + (hasExif ? 1 : 0)) + 4
        let exifOffset = 8 + ifd0Size
        if hasExif { ifd0.append(u16(0x8769) + u16(4) + u32(1) + u32(exifOffset)) }
        var out: [UInt8] = (big ? [0x4D, 0x4D] : [0x49, 0x49]) + u16(42) + u32(8)
        out += u16(ifd0.count) + ifd0.flatMap { $0 } + u32(0)
        if let dateTime {
            var strings: [(Int, [UInt8])] = [(0x9003, Array(dateTime.utf8) + [0])]
            if let offset { strings.append((0x9011, Array(offset.utf8) + [0])) }
            var dataOffset = exifOffset + 2 + 12 * strings.count + 4
            var entries: [UInt8] = []
            var data: [UInt8] = []
            for (tag, value) in strings {
                entries += u16(tag) + u16(2) + u32(value.count) + u32(dataOffset)
                data += value
                dataOffset += value.count
            }
            out += u16(strings.count) + entries + u32(0) + data
        }
        return out
    }

    /// A JPEG with an APP1 `Exif\0\0` segment holding `tiff` inserted right after SOI.
    static func insertingExif(intoJPEG jpeg: [UInt8], tiff: [UInt8]) -> [UInt8] {
        let payload = Array("Exif".utf8) + [0, 0] + tiff
        let length = payload.count + 2
        return [0xFF, 0xD8, 0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload + jpeg.dropFirst(2)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("skindelta-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
