import Foundation
import ImageCore
import Synthesis
import Testing

/// The capture profiles: the same inputs give the same photo, the geometry they report is where
/// the skin truly is, and each session differs in what the profile says it does.
@Suite("Capture profiles")
struct CaptureProfileTests {
    /// A light base with dark discs (radius 6 px) on a 5 × 4 grid, and their centres.
    static func dottedBase() -> (image: Image<RGB8>, centres: [(x: Double, y: Double)]) {
        let size = Size(width: 800, height: 600)
        var centres: [(x: Double, y: Double)] = []
        for j in 0..<4 { for i in 0..<5 { centres.append((250 + Double(i) * 75, 190 + Double(j) * 75)) } }
        let image = Image(size: size, pixels: (0..<(size.width * size.height)).map { k in
            let x = Double(k % size.width), y = Double(k / size.width)
            let dark = centres.contains { ($0.x - x) * ($0.x - x) + ($0.y - y) * ($0.y - y) <= 36 }
            return dark ? RGB8(red: 60, green: 40, blue: 30) : RGB8(red: 200, green: 160, blue: 140)
        })
        return (image, centres)
    }

    /// The darkness-weighted centroid of the dark pixels within 12 px of (x, y).
    static func centroid(_ image: Image<RGB8>, near p: (x: Double, y: Double)) -> (x: Double, y: Double)? {
        var sx = 0.0, sy = 0.0, sw = 0.0
        for y in max(0, Int(p.y) - 12)...min(image.height - 1, Int(p.y) + 12) {
            for x in max(0, Int(p.x) - 12)...min(image.width - 1, Int(p.x) + 12) {
                let w = max(0, 150 - Double(image[x: x, y: y].green))
                sx += w * Double(x); sy += w * Double(y); sw += w
            }
        }
        return sw > 0 ? (sx / sw, sy / sw) : nil
    }

    @Test("the reported geometry puts every disc where it is in the photo, within the stretch the profile reports")
    func geometry() throws {
        let (base, centres) = Self.dottedBase()
        var profile = CaptureProfile.handheldCloseUp
        profile.hairCount = 0
        profile.burnedInDigits = false
        profile.noise = 0
        profile.defocusRange = 0.5...0.5
        profile.vignettingRange = 0...0
        for (stretch, session) in [(0.0, 2), (0.02, 3)] {
            profile.maximumStretch = stretch
            let shot = profile.capture(base, session: session, seed: 5, parallel: false)
            let photoFromBase = try #require(shot.baseFromPhoto.inverse)
            var worst = 0.0, seen = 0
            for c in centres {
                guard let p = photoFromBase.apply(x: c.x, y: c.y), p.x > 15, p.y > 15, p.x < 625, p.y < 465,
                      let found = Self.centroid(shot.image, near: p) else { continue }
                // Where the stretched skin puts the disc: search the photo point whose base position is the centre.
                worst = max(worst, hypot(found.x - p.x, found.y - p.y))
                seen += 1
            }
            #expect(seen >= 8, "stretch \(stretch): \(seen) discs in the frame")
            #expect(worst <= shot.stretchPixels + 0.25, "stretch \(stretch): worst \(worst) px, reported stretch \(shot.stretchPixels) px")
            if stretch == 0 { #expect(shot.stretchPixels < 1e-9) } else { #expect(shot.stretchPixels > 0.1 && shot.stretchPixels < 3) }
        }
    }

    @Test("same inputs, same photo; sessions differ in pose, light and digits; session 0 is the nominal pose")
    func determinism() {
        let (base, _) = Self.dottedBase()
        let profile = CaptureProfile.handheldCloseUp
        let a = profile.capture(base, session: 1, seed: 9, parallel: false), b = profile.capture(base, session: 1, seed: 9, parallel: true)
        #expect(a.image == b.image && a.baseFromPhoto == b.baseFromPhoto)
        let c = profile.capture(base, session: 2, seed: 9, parallel: false)
        #expect(c.image != a.image && c.baseFromPhoto != a.baseFromPhoto)
        let first = profile.capture(base, session: 0, seed: 9, parallel: false)
        #expect(first.rotationDegrees == 0 && first.zoom == 1 && first.stretchPixels < 1e-9)
        for shot in [a, c] {
            #expect(abs(shot.rotationDegrees) <= 15 && profile.zoomRange.contains(shot.zoom) && profile.jpegQualityRange.contains(shot.jpegQuality))
            #expect(profile.defocusRange.contains(shot.defocusSigma))
            // The digits: pure white strokes in the lower-right corner, none elsewhere.
            let corner = (560..<640).flatMap { x in (420..<480).map { y in shot.image[x: x, y: y] } }
            #expect(corner.contains { $0.red >= 240 && $0.green >= 240 && $0.blue >= 240 }, "digits \(shot.digits ?? -1)")
            let rest = (0..<400).flatMap { x in (0..<300).map { y in shot.image[x: x, y: y] } }
            #expect(!rest.contains { $0.red >= 240 && $0.green >= 240 && $0.blue >= 240 })
        }
    }

    @Test("every pose of a profile keeps the frame on a base that is just large enough")
    func staysOnTheBase() {
        let base = Image(size: Size(width: 520, height: 400), repeating: RGB8(red: 200, green: 160, blue: 140))
        for profile in [CaptureProfile.handheldCloseUp, .phoneWithoutRig] {
            let scale = profile.nominalScale(base: base.size)
            for session in 1...6 {
                let shot = profile.capture(base, session: session, seed: 3, parallel: false)
                for (x, y) in [(0.0, 0.0), (639, 0), (0, 479), (639, 479)] {
                    let p = shot.basePosition(x: x, y: y)!
                    #expect(p.x >= 0 && p.y >= 0 && p.x <= 519 && p.y <= 399, "\(profile.name) session \(session): corner at \(p), scale \(scale)")
                }
            }
        }
    }
}
