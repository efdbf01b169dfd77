@_spi(Testing) import ImageCodec
import ImageCore
import Testing

/// JPEGs that libjpeg-turbo decodes with a warning. Stray bytes between markers leave every pixel
/// intact (cameras and phone apps write such files): they decode to the same pixels as the clean
/// file, with the warning recorded. Entropy data cut short or damaged still fails.
@Suite("JPEG warnings: tolerated when pixels are intact")
struct JPEGWarningTests {
    static let picture = Fixtures.smoothRGB(Size(width: 96, height: 64))

    /// Offsets of every `FF xx` marker (xx not 00 and not FF) in `bytes`.
    static func markers(_ bytes: [UInt8], _ code: (UInt8) -> Bool) -> [Int] {
        (0..<(bytes.count - 1)).filter { bytes[$0] == 0xFF && code(bytes[$0 + 1]) }
    }

    @Test("stray bytes before the quantisation table marker: same pixels, the warning recorded", arguments: [1, 4, 5])
    func extraneousBeforeMarker(count: Int) throws {
        let clean = try JPEGEncoder(quality: 90).encode(Self.picture)
        let dqt = try #require(Self.markers(clean) { $0 == 0xDB }.first)
        var damaged = clean
        damaged.insert(contentsOf: [UInt8](repeating: 0x00, count: count), at: dqt)
        let expected = try ImageDecoder().decode(clean)
        let decoded = try ImageDecoder().decode(damaged)
        #expect(decoded.image == expected.image)
        #expect(expected.info.warnings.isEmpty)
        #expect(decoded.info.warnings == ["Corrupt JPEG data: \(count) extraneous bytes before marker 0xdb"])
        let header = try damaged.withUnsafeBytes { raw in try ImageDecoder().readInfo(raw) }
        #expect(header.warnings == decoded.info.warnings)
    }

    @Test("stray bytes before a restart marker, after a whole interval: same pixels, the warning recorded")
    func extraneousBeforeRestart() throws {
        let clean = try JPEGEncoder(quality: 90, restartIntervalRows: 1).encode(Self.picture)
        let restart = try #require(Self.markers(clean) { (0xD0...0xD7).contains($0) }.first)
        var damaged = clean
        damaged.insert(contentsOf: [UInt8](repeating: 0x00, count: 1214), at: restart)
        let decoded = try ImageDecoder().decode(damaged)
        #expect(decoded.image == (try ImageDecoder().decode(clean)).image)
        #expect(decoded.info.warnings.count == 1)
        #expect(decoded.info.warnings.first?.contains("extraneous bytes before marker 0xd") == true, "\(decoded.info.warnings)")
    }

    @Test("entropy data cut short inside an interval, or a lost restart marker, still fails")
    func damagedEntropyDataFails() throws {
        let clean = try JPEGEncoder(quality: 90, restartIntervalRows: 1).encode(Self.picture)
        let restarts = Self.markers(clean) { (0xD0...0xD7).contains($0) }
        #expect(restarts.count >= 2)
        // Half of the first interval's entropy data removed: the decoder meets the marker early.
        let start = try #require(Self.markers(clean) { $0 == 0xDA }.first)
        var cut = clean
        cut.removeSubrange((start + 20)..<((start + 20 + restarts[0]) / 2))
        #expect(throws: (any Error).self) { _ = try ImageDecoder().decode(cut) }
        // A restart marker overwritten: the decoder must resynchronise, which loses pixels.
        var lost = clean
        lost[restarts[1] + 1] = 0xD5 == lost[restarts[1] + 1] ? 0xD6 : 0xD5
        #expect(throws: (any Error).self) { _ = try ImageDecoder().decode(lost) }
    }
}
