public import ImageCore

/// Pictures for checking an alignment by eye.
public enum AlignmentOverlay {
    /// A checkerboard of `tile`-pixel squares taken alternately from the before photo and the
    /// warped after photo; where the after photo does not reach, the before photo is shown at half
    /// brightness. Edges and features continue across square borders when the alignment is right.
    public static func checkerboard(before: Image<RGB8>, warpedAfter: Image<RGB8>, mask: Image<Gray8>,
                                    tile: Int = 64) -> Image<RGB8> {
        precondition(before.size == warpedAfter.size && before.size == mask.size, "sizes must match")
        let b = before.pixels, a = warpedAfter.pixels, m = mask.pixels
        let w = before.width, side = Swift.max(1, tile)
        var out = [RGB8]()
        out.reserveCapacity(b.count)
        for i in 0..<b.count {
            let x = i % w, y = i / w
            if m[i].value == 0 {
                out.append(RGB8(red: b[i].red / 2, green: b[i].green / 2, blue: b[i].blue / 2))
            } else {
                out.append((x / side + y / side) % 2 == 0 ? b[i] : a[i])
            }
        }
        return Image(size: before.size, pixels: out)
    }

    /// |before − warped after| per channel, amplified by `gain` (where both photos exist; black
    /// elsewhere). Misalignment shows as bright doubled edges; a change of light as a flat tint.
    public static func difference(before: Image<RGB8>, warpedAfter: Image<RGB8>, mask: Image<Gray8>,
                                  gain: Int = 4) -> Image<RGB8> {
        precondition(before.size == warpedAfter.size && before.size == mask.size, "sizes must match")
        let b = before.pixels, a = warpedAfter.pixels, m = mask.pixels
        func d(_ x: UInt8, _ y: UInt8) -> UInt8 { UInt8(Swift.min(255, abs(Int(x) - Int(y)) * gain)) }
        let out = (0..<b.count).map { i in
            m[i].value == 0 ? RGB8(red: 0, green: 0, blue: 0)
                : RGB8(red: d(b[i].red, a[i].red), green: d(b[i].green, a[i].green), blue: d(b[i].blue, a[i].blue))
        }
        return Image(size: before.size, pixels: out)
    }
}
