import AnalysisKit
import Foundation
import ImageCore
import Testing

@Suite("Regions, tiles, masks and colour correction")
struct MaskTests {
    @Test("rectangles and polygons cover the pixel centres inside them")
    func regions() throws {
        let size = Size(width: 20, height: 10)
        let rect = try RegionOfInterest(parsing: "rect:2,3,5,4").rasterized(size: size)
        #expect(PlaneMath.count(rect) == 20)
        #expect(rect.pixels[3 * 20 + 2].value == 255 && rect.pixels[3 * 20 + 7].value == 0)
        // A right triangle with legs of 10 px: about half of 100 pixel centres.
        let triangle = try RegionOfInterest(parsing: "poly:0,0;10,0;0,10").rasterized(size: Size(width: 12, height: 12))
        #expect((45...55).contains(PlaneMath.count(triangle)))
        #expect(throws: AnalysisError.self) { try RegionOfInterest(parsing: "rect:1,2,3") }
        #expect(throws: AnalysisError.self) { try RegionOfInterest(parsing: "poly:1,2;3,4") }
        #expect(throws: AnalysisError.self) { try RegionOfInterest(parsing: "circle:1,2,3") }
        #expect(throws: AnalysisError.self) {
            try RegionOfInterest.mask(Image(size: Size(width: 3, height: 3), repeating: Gray8(value: 1))).rasterized(size: size)
        }
    }

    @Test("tiles cover the mask, and tile sums match a direct count")
    func tiles() {
        let size = Size(width: 100, height: 60)
        var mask = Image(size: size, repeating: Gray8(value: 0))
        mask.withUnsafeMutableBufferPointer { m in
            for y in 10..<50 { for x in 5..<95 { m[y * 100 + x] = Gray8(value: 255) } }
        }
        let grid = TileGrid(mask: mask, pixelsPerMillimetre: 2) // 10 px tiles
        #expect(grid.side == 10)
        #expect(grid.tiles.count == 36)
        #expect(grid.tiles.reduce(0) { $0 + $1.maskPixels } == 90 * 40)
        let plane = Image(size: size, pixels: (0..<6000).map { Gray32(value: Float($0 % 100)) })
        let means = grid.means(plane, mask: mask)
        #expect(abs(means[0] - 9.5) < 1e-9)
        #expect(grid.tileIndex(x: 5, y: 10) == 0 && grid.tileIndex(x: 0, y: 0) == nil)
    }

    @Test("the skin mask keeps skin and drops backdrop and glare")
    func skinMask() {
        // Left half skin-coloured, right half a dark blue backdrop, a white glare square on the skin.
        let size = Size(width: 80, height: 60)
        let image = Image<RGB8>(size: size, pixels: (0..<4800).map { i in
            let x = i % 80, y = i / 80
            if x >= 40 { return RGB8(red: 40, green: 50, blue: 70) }
            if (10..<16).contains(x) && (10..<16).contains(y) { return RGB8(red: 255, green: 255, blue: 255) }
            return RGB8(red: 205, green: 160, blue: 135)
        })
        let skin = SkinMask(AnalysisPhoto(rgb: image), pixelsPerMillimetre: 10)
        let m = skin.mask.pixels
        #expect(m[30 * 80 + 30].value == 255)
        #expect(m[30 * 80 + 60].value == 0)
        #expect(m[12 * 80 + 12].value == 0 && m[12 * 80 + 17].value == 0)
        #expect(skin.quality.glarePercent > 0 && skin.quality.clippedPercent > 0)
        #expect(skin.quality.skinPercent > 40 && skin.quality.skinPercent < 50)
    }

    @Test("white clothing beside the skin is neither skin nor glare; a highlight on the skin is glare")
    func whiteClothing() {
        // Left 40 % skin with a white highlight, the rest a white shirt with a dark collar line.
        let size = Size(width: 80, height: 60)
        let image = Image<RGB8>(size: size, pixels: (0..<4800).map { i in
            let x = i % 80, y = i / 80
            if x >= 34 { return x == 34 ? RGB8(red: 60, green: 60, blue: 60) : RGB8(red: 250, green: 250, blue: 248) }
            if (10..<14).contains(x) && (10..<14).contains(y) { return RGB8(red: 255, green: 255, blue: 255) }
            return RGB8(red: 205, green: 160, blue: 135)
        })
        let skin = SkinMask(AnalysisPhoto(rgb: image), pixelsPerMillimetre: 10)
        print("white clothing: glare \(skin.quality.glarePercent) %, skin \(skin.quality.skinPercent) %")
        #expect(skin.quality.glarePercent > 0 && skin.quality.glarePercent < 10)
        #expect(skin.mask.pixels[30 * 80 + 60].value == 0 && skin.mask.pixels[30 * 80 + 20].value == 255)
        #expect(skin.glare.pixels[12 * 80 + 12].value == 255 && skin.glare.pixels[30 * 80 + 60].value == 0)
    }

    @Test("a highlight's soft halo is glare; a lighter patch of skin of the same colour is skin")
    func highlightHalo() {
        // Uniform skin (10 px/mm); on the left a highlight: white light added in linear RGB with a
        // Gaussian profile (σ 12 px); on the right a patch of the skin's own colour, 25 % more light.
        let size = Size(width: 240, height: 160)
        func srgb(_ v: Double) -> UInt8 {
            let c = min(1, max(0, v))
            return UInt8((c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1 / 2.4) - 0.055) * 255 + 0.5)
        }
        let base = (0.60, 0.35, 0.25)
        let image = Image<RGB8>(size: size, pixels: (0..<(240 * 160)).map { i in
            let x = Double(i % 240), y = Double(i / 240)
            let white = 0.9 * exp(-((x - 60) * (x - 60) + (y - 80) * (y - 80)) / (2 * 12 * 12))
            let patch = (x - 180) * (x - 180) + (y - 80) * (y - 80) < 15 * 15 ? 1.25 : 1.0
            return RGB8(red: srgb(base.0 * patch + white), green: srgb(base.1 * patch + white), blue: srgb(base.2 * patch + white))
        })
        let photo = AnalysisPhoto(rgb: image)
        let skin = SkinMask(photo, pixelsPerMillimetre: 10, rule: .colourGate)
        let l = photo.lab.l.pixels.map(\.value)
        let plain = l[80 * 240 + 120]
        // The halo's outer part: L* 4–10 above the skin, too dim for the core's rule.
        let halo = (60..<120).map { 80 * 240 + $0 }.filter { l[$0] - plain > 4 && l[$0] - plain < 10 }
        #expect(!halo.isEmpty)
        for i in halo { #expect(skin.mask.pixels[i].value == 0, "halo pixel \(i % 240) (L* +\(l[i] - plain)) counted as skin") }
        let patchCentre = 80 * 240 + 180
        #expect(l[patchCentre] - plain > 4, "the patch is as light as the halo")
        #expect(skin.mask.pixels[patchCentre].value == 255, "a lighter patch of skin is not glare")
        #expect(skin.mask.pixels[80 * 240 + 120].value == 255)
    }

    @Test("a reference region matches the after photo's colour to the before photo's")
    func colourCorrection() throws {
        let size = Size(width: 80, height: 60)
        let before = Image<RGB8>(size: size, repeating: RGB8(red: 205, green: 160, blue: 135))
        let after = Image<RGB8>(size: size, repeating: RGB8(red: 180, green: 150, blue: 130))
        let pair = try AlignedPair.prepare(before: AnalysisPhoto(rgb: before), after: AnalysisPhoto(rgb: after),
                                           colourReference: .rectangle(x: 0, y: 0, width: 40, height: 60), pixelsPerMillimetre: 10)
        let correction = try #require(pair.colourCorrection)
        #expect(correction.pixels == 2400)
        let corrected = try #require(pair.after)
        #expect(abs(Double(corrected.red.pixels[0].value - pair.before.red.pixels[0].value)) < 1e-5)
        #expect(abs(Double(corrected.lab.a.pixels[100].value - pair.before.lab.a.pixels[100].value)) < 0.01)
        // Without a reference nothing is changed and nothing recorded.
        let plain = try AlignedPair.prepare(before: AnalysisPhoto(rgb: before), after: AnalysisPhoto(rgb: after), pixelsPerMillimetre: 10)
        #expect(plain.colourCorrection == nil)
    }
}
