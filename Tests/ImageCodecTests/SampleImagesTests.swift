import Foundation
import ImageCodec
import ImageCore
import Testing

/// The bundled SampleImages/codec files decode as SampleImages/README.md documents.
@Suite("Bundled sample images")
struct SampleImagesTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SampleImages/codec")

    @Test("every sample decodes upright to 480×360 with its documented variant",
          arguments: [
            ("cheek-baseline.jpg", ImageFormat.jpeg, Orientation.up, false, 8, "2026-03-01T10:15:00"),
            ("cheek-phone-rotated.jpg", .jpeg, .right, false, 8, "2026-03-29T11:02:41"),
            ("cheek-progressive.jpg", .jpeg, .up, true, 8, nil),
            ("cheek-16bit.png", .png, .up, false, 16, nil),
            ("cheek-gray.png", .png, .up, false, 8, nil),
          ] as [(String, ImageFormat, Orientation, Bool, Int, String?)])
    func sample(name: String, format: ImageFormat, orientation: Orientation, interlaced: Bool, bitDepth: Int, captured: String?) throws {
        let picture = try ImageDecoder().decode(contentsOf: Self.folder.appendingPathComponent(name).path)
        #expect(picture.info.format == format)
        #expect(picture.image.size == Size(width: 480, height: 360))
        #expect(picture.info.orientation == orientation)
        #expect(picture.info.isInterlaced == interlaced)
        #expect(picture.info.bitDepth == bitDepth)
        #expect(picture.info.exif.captureTime?.description == captured)
    }
}
