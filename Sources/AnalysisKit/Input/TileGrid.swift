public import ImageCore

/// Square tiles over the measured area, for per-tile values that the scoring stage resamples
/// (bootstrap over tiles) to put a confidence interval on a change.
///
/// Tiles are ``side`` pixels square, laid from the mask's bounding box's top-left corner, row by
/// row; a tile is kept when at least half of its full square is inside the mask. The side is
/// ``sideMillimetres`` when the scale is known, otherwise an eighth of the mask's shorter
/// bounding-box side (at least 16 px).
public struct TileGrid: Hashable, Sendable, Codable {
    public struct Tile: Hashable, Sendable, Codable {
        /// Top-left pixel and extent, baseline pixels.
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int
        /// Mask pixels inside the tile.
        public var maskPixels: Int
    }

    /// Tile side in millimetres when the scale is known.
    public static let sideMillimetres = 5.0
    /// Tile side, pixels (0 when the mask is empty).
    public let side: Int
    public let tiles: [Tile]
    /// The grid's origin and tile side in full-resolution pixels (equal to ``side`` when ``factor`` is 1).
    let originX: Int, originY: Int, fineSide: Int, columns: Int, rows: Int
    /// Tile index per grid cell, −1 for cells that are not tiles.
    let slots: [Int32]
    /// 2^levels when the grid is laid over a reduced image (see ``reduced(levels:mask:)``): pixel x
    /// of the reduced image is looked up at full-resolution pixel factor·x + factor/2; 1 otherwise.
    public let factor: Int

    public init(mask: Image<Gray8>, pixelsPerMillimetre: Double?) {
        var minX = mask.width, minY = mask.height, maxX = -1, maxY = -1
        mask.withUnsafeBufferPointer { m in
            for y in 0..<mask.height {
                let row = y * mask.width
                for x in 0..<mask.width where m[row + x].value != 0 {
                    minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                }
            }
        }
        guard maxX >= 0 else {
            (side, tiles, originX, originY, fineSide, columns, rows, slots) = (0, [], 0, 0, 0, 0, 0, [])
            factor = 1
            return
        }
        let side: Int
        if let ppm = pixelsPerMillimetre, ppm > 0 {
            side = max(8, Int((Self.sideMillimetres * ppm).rounded()))
        } else {
            side = max(16, min(maxX - minX + 1, maxY - minY + 1) / 8)
        }
        let columns = (maxX - minX) / side + 1, rows = (maxY - minY) / side + 1
        var tiles: [Tile] = []
        var slots = [Int32](repeating: -1, count: columns * rows)
        mask.withUnsafeBufferPointer { m in
            for row in 0..<rows {
                let y = minY + row * side, height = min(side, mask.height - y)
                for column in 0..<columns {
                    let x = minX + column * side, width = min(side, mask.width - x)
                    var count = 0
                    for yy in y..<(y + height) {
                        let base = yy * mask.width
                        for xx in x..<(x + width) where m[base + xx].value != 0 { count += 1 }
                    }
                    if 2 * count >= side * side {
                        slots[row * columns + column] = Int32(tiles.count)
                        tiles.append(Tile(x: x, y: y, width: width, height: height, maskPixels: count))
                    }
                }
            }
        }
        (self.side, self.tiles, originX, originY, fineSide, self.columns, self.rows, self.slots) =
            (side, tiles, minX, minY, side, columns, rows, slots)
        factor = 1
    }

    private init(side: Int, tiles: [Tile], originX: Int, originY: Int, fineSide: Int, columns: Int, rows: Int, slots: [Int32],
                 factor: Int) {
        (self.side, self.tiles, self.originX, self.originY, self.fineSide, self.columns, self.rows, self.slots, self.factor) =
            (side, tiles, originX, originY, fineSide, columns, rows, slots, factor)
    }

    /// The same tiles, in the same order, over `mask`: the image this grid was laid on, reduced
    /// `levels` times by 2×2 averaging (factor f = 2^levels, see `Kernels.Downsample2x`). Reduced
    /// pixel x belongs to the tile holding full-resolution pixel f·x + f/2, so the reduced tiles
    /// partition the reduced image as the full tiles partition the full one; each tile's
    /// ``Tile/maskPixels`` counts `mask`. Per-tile values measured on a reduced pair therefore line
    /// up, tile by tile, with the full grid's. Reduce the full-resolution grid (``factor`` 1): a
    /// reduced grid's extents are already rounded to its own pixels.
    public func reduced(levels: Int, mask: Image<Gray8>) -> TileGrid {
        guard levels > 0 else { return self }
        let f = factor << levels
        // First reduced index X whose look-up pixel f·X + f/2 is at or after full-resolution x.
        func start(_ x: Int, _ limit: Int) -> Int { min(limit, max(0, Int((Double(x - f / 2) / Double(f)).rounded(.up)))) }
        let reducedTiles: [Tile] = mask.withUnsafeBufferPointer { m in
            tiles.map { tile in
                let (x, y, width, height) = (tile.x * factor, tile.y * factor, tile.width * factor, tile.height * factor)
                let x0 = start(x, mask.width), x1 = start(x + width, mask.width)
                let y0 = start(y, mask.height), y1 = start(y + height, mask.height)
                var count = 0
                for yy in y0..<y1 {
                    let base = yy * mask.width
                    for xx in x0..<x1 where m[base + xx].value != 0 { count += 1 }
                }
                return Tile(x: x0, y: y0, width: x1 - x0, height: y1 - y0, maskPixels: count)
            }
        }
        return TileGrid(side: max(1, fineSide / f), tiles: reducedTiles, originX: originX, originY: originY, fineSide: fineSide,
                        columns: columns, rows: rows, slots: slots, factor: f)
    }

    /// The index of the tile holding pixel (x, y), or nil.
    @inlinable
    public func tileIndex(x: Int, y: Int) -> Int? {
        let slot = slotIndex(x: x, y: y)
        return slot >= 0 ? slot : nil
    }

    @usableFromInline
    func slotIndex(x: Int, y: Int) -> Int {
        let x = factor == 1 ? x : x * factor + factor / 2, y = factor == 1 ? y : y * factor + factor / 2
        guard fineSide > 0, x >= originX, y >= originY else { return -1 }
        let column = (x - originX) / fineSide, row = (y - originY) / fineSide
        guard column < columns, row < rows else { return -1 }
        return Int(slots[row * columns + column])
    }

    /// Per tile: the sum, sum of squares and count of `plane` over mask pixels.
    public func sums(_ plane: Image<Gray32>, mask: Image<Gray8>) -> [(sum: Double, sumOfSquares: Double, count: Int)] {
        var out = [(sum: Double, sumOfSquares: Double, count: Int)](repeating: (0, 0, 0), count: tiles.count)
        plane.withUnsafeBufferPointer { p in
            mask.withUnsafeBufferPointer { m in
                for (index, tile) in tiles.enumerated() {
                    var sum = 0.0, squares = 0.0, count = 0
                    for y in tile.y..<(tile.y + tile.height) {
                        var rowSum: Float = 0, rowSquares: Float = 0
                        let base = y * plane.width
                        for x in tile.x..<(tile.x + tile.width) where m[base + x].value != 0 {
                            let v = p[base + x].value
                            rowSum += v; rowSquares += v * v; count += 1
                        }
                        sum += Double(rowSum); squares += Double(rowSquares)
                    }
                    out[index] = (sum, squares, count)
                }
            }
        }
        return out
    }

    /// Per tile: the mean of `plane` over mask pixels (0 for a tile without any).
    public func means(_ plane: Image<Gray32>, mask: Image<Gray8>) -> [Double] {
        sums(plane, mask: mask).map { $0.count > 0 ? $0.sum / Double($0.count) : 0 }
    }

    /// Per tile: the standard deviation of `plane` over mask pixels.
    public func standardDeviations(_ plane: Image<Gray32>, mask: Image<Gray8>) -> [Double] {
        sums(plane, mask: mask).map { s in
            guard s.count > 1 else { return 0 }
            let mean = s.sum / Double(s.count)
            return max(s.sumOfSquares / Double(s.count) - mean * mean, 0).squareRoot()
        }
    }

    /// Per tile: the percentage of mask pixels where `selected` is non-zero.
    public func percentages(_ selected: Image<Gray8>, mask: Image<Gray8>) -> [Double] {
        selected.withUnsafeBufferPointer { s in
            mask.withUnsafeBufferPointer { m in
                tiles.map { tile in
                    var hits = 0, count = 0
                    for y in tile.y..<(tile.y + tile.height) {
                        let base = y * selected.width
                        for x in tile.x..<(tile.x + tile.width) where m[base + x].value != 0 {
                            count += 1
                            if s[base + x].value != 0 { hits += 1 }
                        }
                    }
                    return count > 0 ? 100 * Double(hits) / Double(count) : 0
                }
            }
        }
    }

    /// Per tile: how many of `points` (baseline pixels) fall in it.
    public func counts(_ points: [(x: Double, y: Double)]) -> [Int] {
        var out = [Int](repeating: 0, count: tiles.count)
        for point in points {
            let x = Int(point.x.rounded()), y = Int(point.y.rounded())
            let slot = slotIndex(x: x, y: y)
            if slot >= 0 { out[slot] += 1 }
        }
        return out
    }
}
