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

@Suite("Image storage for large buffers")
struct LargeImageStorageTests {
    @Test("buffers of 4 MiB and more are mapped, aligned, copy-on-write and freed like small ones")
    func largeBuffers() {
        let size = Size(width: 1501, height: 1001)  // 4.5 MB of RGB8, odd sides
        var image = Image(size: size, repeating: RGB8(red: 10, green: 20, blue: 30))
        image.withUnsafeMutableBufferPointer { buffer in
            #expect(Int(bitPattern: buffer.baseAddress) % 64 == 0)
            for i in stride(from: 0, to: buffer.count, by: 997) { buffer[i] = RGB8(red: UInt8(i & 0xFF), green: 1, blue: 2) }
        }
        let copy = image
        image[x: 1500, y: 1000] = RGB8(red: 255, green: 255, blue: 255)
        #expect(copy[x: 1500, y: 1000] == RGB8(red: 10, green: 20, blue: 30))
        #expect(image[x: 997 % 1501, y: 0] == RGB8(red: UInt8(997 & 0xFF), green: 1, blue: 2))
        #expect(copy[x: 997 % 1501, y: 0] == RGB8(red: UInt8(997 & 0xFF), green: 1, blue: 2))
        for _ in 0..<20 {  // repeated map/unmap must not leak or fail
            let temporary = Image(size: size, repeating: Gray16(value: 7))
            #expect(temporary[x: 1500, y: 1000].value == 7)
        }
    }

    @Test("image memory counts the pixels held, and its peak is at least what is held")
    func imageMemory() {
        // Other tests allocate and free at the same time: only lower bounds hold.
        let image = Image(size: Size(width: 2048, height: 1024), repeating: Gray32(value: 1))
        #expect(ImageMemory.liveBytes >= 8 << 20)
        #expect(ImageMemory.peakBytes >= 8 << 20)
        #expect(image[x: 2047, y: 1023].value == 1)
    }
}
