import AnalysisKit
import ImageCore
import Testing

@Suite("Pairs reduced to an analyzer's working resolution")
struct ReductionTests {
    @Test("levels: the coarsest power of two that keeps the working resolution; none without a known scale")
    func levels() {
        #expect(AlignedPair.reductionLevels(pixelsPerMillimetre: 20, working: 10) == 1)
        #expect(AlignedPair.reductionLevels(pixelsPerMillimetre: 30, working: 10) == 1)
        #expect(AlignedPair.reductionLevels(pixelsPerMillimetre: 40, working: 10) == 2)
        #expect(AlignedPair.reductionLevels(pixelsPerMillimetre: 20, working: 5) == 2)
        #expect(AlignedPair.reductionLevels(pixelsPerMillimetre: 12, working: 10) == 0)
        #expect(AlignedPair.reductionLevels(pixelsPerMillimetre: 10, working: 10) == 0)
        #expect(AlignedPair.reductionLevels(pixelsPerMillimetre: nil, working: 10) == 0)
        #expect(AlignedPair.reductionLevels(pixelsPerMillimetre: 20, working: nil) == 0)
    }

    static func mask(_ size: Size) -> Image<Gray8> {
        var mask = Image(size: size, repeating: Gray8(value: 0))
        mask.withUnsafeMutableBufferPointer { m in
            for y in 0..<size.height {
                for x in 0..<size.width where (x - 60) * (x - 60) + (y - 45) * (y - 45) < 40 * 40 && (x + y) % 37 != 0 {
                    m[y * size.width + x] = Gray8(value: 255)
                }
            }
        }
        return mask
    }

    @Test("reduced tiles keep their order and partition the reduced image; look-ups agree with their extents", arguments: [1, 2])
    func tiles(levels: Int) {
        let full = Self.mask(Size(width: 123, height: 97))
        let grid = TileGrid(mask: full, pixelsPerMillimetre: 3)
        var reducedMask = full
        for _ in 0..<levels { reducedMask = Kernels.MaskDownsample2x.fast(reducedMask) }
        let reduced = grid.reduced(levels: levels, mask: reducedMask)
        #expect(reduced.tiles.count == grid.tiles.count)
        #expect(reduced.factor == 1 << levels)
        var owner = [Int](repeating: -1, count: reducedMask.pixelCount)
        for (index, tile) in reduced.tiles.enumerated() {
            var count = 0
            for y in tile.y..<(tile.y + tile.height) {
                for x in tile.x..<(tile.x + tile.width) {
                    #expect(owner[y * reducedMask.width + x] == -1)
                    owner[y * reducedMask.width + x] = index
                    #expect(reduced.tileIndex(x: x, y: y) == index)
                    if reducedMask[x: x, y: y].value != 0 { count += 1 }
                }
            }
            #expect(count == tile.maskPixels)
        }
        // A reduced pixel outside every tile is looked up as no tile.
        for y in 0..<reducedMask.height {
            for x in 0..<reducedMask.width where owner[y * reducedMask.width + x] == -1 { #expect(reduced.tileIndex(x: x, y: y) == nil) }
        }
    }

    @Test("a reduced pair averages linear light, halves the scale and keeps only whole blocks of the mask")
    func pair() throws {
        let size = Size(width: 120, height: 90)
        var rgb = Image(size: size, repeating: RGB8(red: 180, green: 130, blue: 110))
        for x in 0..<size.width where x % 2 == 0 { rgb[x: x, y: 10] = RGB8(red: 60, green: 40, blue: 30) }
        let photo = AnalysisPhoto(rgb: rgb)
        let pair = try AlignedPair(before: photo, after: photo, mask: Self.mask(size), pixelsPerMillimetre: 20)
        let half = try pair.reduced(levels: 1)
        #expect(half.before.size == Size(width: 60, height: 45))
        #expect(half.pixelsPerMillimetre == 10)
        #expect(half.tiles.tiles.count == pair.tiles.tiles.count)
        // The block of row 10 and 11 holds one dark and three light pixels: the mean of linear light.
        let expected = (2 * photo.red[x: 1, y: 10].value + photo.red[x: 0, y: 10].value + photo.red[x: 0, y: 11].value) / 4
        #expect(abs(half.before.red[x: 0, y: 5].value - expected) < 1e-6)
        #expect(PlaneMath.count(half.mask) <= PlaneMath.count(pair.mask) / 4)
        #expect(throws: AnalysisError.self) { try pair.reduced(levels: 3) }
    }

    @Test("overlays drawn on a reduced pair come back in full-resolution pixels")
    func overlays() {
        let layer = OverlayLayer(id: "p", photo: .before, content: .points([.init(x: 3, y: 5, radius: 2)]))
        #expect(layer.atFullResolution(fromLevels: 1).content == .points([.init(x: 6.5, y: 10.5, radius: 4)]))
        let outline = OverlayLayer(id: "o", photo: .after, content: .outlines([[[-0.5, -0.5], [1.5, -0.5]]]))
        #expect(outline.atFullResolution(fromLevels: 2).content == .outlines([[[-0.5, -0.5], [7.5, -0.5]]]))
    }
}
