import ImageCore
import Testing

@Suite("Image")
struct ImageTests {
    @Test("copies share storage until written (copy-on-write)")
    func copyOnWrite() {
        let original = Image(size: Size(width: 4, height: 3), repeating: RGB8(red: 1, green: 2, blue: 3))
        var copy = original
        copy[x: 3, y: 2] = RGB8(red: 9, green: 9, blue: 9)
        #expect(original[x: 3, y: 2] == RGB8(red: 1, green: 2, blue: 3))
        #expect(copy[x: 3, y: 2] == RGB8(red: 9, green: 9, blue: 9))
        #expect(original != copy)
        copy[x: 3, y: 2] = RGB8(red: 1, green: 2, blue: 3)
        #expect(original == copy)
    }

    @Test("row-major layout without padding, 64-byte aligned")
    func layout() {
        var image = Image(size: Size(width: 5, height: 2), pixels: (0..<10).map { Gray16(value: UInt16($0)) })
        #expect(image[x: 4, y: 0].value == 4)
        #expect(image[x: 0, y: 1].value == 5)
        image.withUnsafeMutableBufferPointer { buffer in
            #expect(Int(bitPattern: buffer.baseAddress) % 64 == 0)
            #expect(buffer.count == 10)
            buffer[7] = Gray16(value: 700)
        }
        #expect(image[x: 2, y: 1].value == 700)
        #expect(MemoryLayout<RGB8>.stride == 3)
        #expect(MemoryLayout<RGBA16>.stride == 8)
    }

    @Test("a throwing initializer releases its memory and rethrows")
    func throwingInitializer() {
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            _ = try Image<Gray8>(size: Size(width: 2, height: 2)) { (_: UnsafeMutableBufferPointer<Gray8>) throws(Failure) in throw Failure() }
        }
    }

    @Test("pixel counts that overflow are reported as nil")
    func sizeOverflow() {
        #expect(Size(width: Int.max, height: 2).pixelCount == nil)
        #expect(Size(width: -1, height: 2).pixelCount == nil)
        #expect(Size(width: 100_000, height: 100_000).pixelCount == 10_000_000_000)
    }
}
