public import ImageCore

/// Texture statistics with scikit-image's conventions, so they can be cross-checked against
/// `skimage.feature.graycomatrix`/`graycoprops` and `local_binary_pattern`.
public enum TextureFeatures {
    /// Haralick properties of a normalised, symmetric grey-level co-occurrence matrix.
    public struct CooccurrenceProperties: Sendable, Equatable {
        /// Σ P(i,j)(i−j)².
        public var contrast: Double
        /// Σ P(i,j)/(1+(i−j)²).
        public var homogeneity: Double
        /// −Σ P(i,j) log₂ P(i,j), bits.
        public var entropy: Double
        /// Σ P(i,j)².
        public var angularSecondMoment: Double
    }

    /// Quantises `plane` to `levels` grey levels: ⌊(v − low)/(high − low)·levels⌋ clamped to
    /// 0…levels−1.
    public static func quantize(_ plane: Image<Gray32>, low: Float, high: Float, levels: Int) -> [UInt8] {
        let scale = Float(levels) / max(high - low, 1e-6)
        return plane.withUnsafeBufferPointer { p in
            p.map { UInt8(clamping: Swift.min(levels - 1, Swift.max(0, Int(((($0.value - low) * scale)).rounded(.down))))) }
        }
    }

    /// The co-occurrence counts for one offset (dx, dy): pairs (p, p + offset) with both pixels in
    /// `mask`, counted symmetrically (i,j and j,i), as `levels × levels` row-major counts. With a
    /// `region` (x, y, width, height), only pairs whose first pixel lies in it are counted.
    public static func cooccurrence(_ levelsPlane: [UInt8], size: Size, mask: [Bool]?, levels: Int, dx: Int, dy: Int,
                                    region: (x: Int, y: Int, width: Int, height: Int)? = nil) -> [Int] {
        var counts = [Int](repeating: 0, count: levels * levels)
        let width = size.width, height = size.height
        let area = region ?? (0, 0, width, height)
        let y0 = Swift.max(area.y, -dy), y1 = Swift.min(area.y + area.height, height - dy)
        let x0 = Swift.max(area.x, -dx), x1 = Swift.min(area.x + area.width, width - dx)
        guard y0 < y1, x0 < x1 else { return counts }
        levelsPlane.withUnsafeBufferPointer { q in
            counts.withUnsafeMutableBufferPointer { c in
                for y in y0..<y1 {
                    let row = y * width, other = (y + dy) * width + dx
                    for x in x0..<x1 {
                        if let mask, !(mask[row + x] && mask[other + x]) { continue }
                        let i = Int(q[row + x]), j = Int(q[other + x])
                        c[i * levels + j] += 1
                        c[j * levels + i] += 1
                    }
                }
            }
        }
        return counts
    }

    /// The co-occurrence counts for one offset over the whole image and over each of `regions`
    /// (disjoint rectangles) at once: the same counts as ``cooccurrence(_:size:mask:levels:dx:dy:region:)``
    /// called once without a region and once per region, from one pass over the image.
    public static func cooccurrences(_ levelsPlane: [UInt8], size: Size, mask: [Bool], levels: Int, dx: Int, dy: Int,
                                     regions: [(x: Int, y: Int, width: Int, height: Int)]) -> (whole: [Int], regions: [[Int]]) {
        cooccurrences(maskedLevels: maskedLevels(levelsPlane, mask: mask, levels: levels), size: size, levels: levels,
                      dx: dx, dy: dy, regions: regions)
    }

    /// `levelsPlane` with every pixel outside `mask` set to `levels` (one past the last grey level),
    /// the input of ``cooccurrences(maskedLevels:size:levels:dx:dy:regions:)``: made once, it serves
    /// every offset.
    public static func maskedLevels(_ levelsPlane: [UInt8], mask: [Bool], levels: Int) -> [UInt8] {
        precondition(levels >= 1 && levels <= 255, "levels must be in 1...255")
        precondition(levelsPlane.count == mask.count, "one mask value per pixel")
        let outside = UInt8(levels)
        return [UInt8](unsafeUninitializedCapacity: levelsPlane.count) { out, initialized in
            levelsPlane.withUnsafeBufferPointer { q in
                mask.withUnsafeBufferPointer { m in
                    for i in 0..<q.count { out[i] = m[i] ? q[i] : outside }
                }
            }
            initialized = levelsPlane.count
        }
    }

    /// The counts of ``cooccurrences(_:size:mask:levels:dx:dy:regions:)`` from a plane made by
    /// ``maskedLevels(_:mask:levels:)``. Each pair is counted once into a (levels + 1)² table, the
    /// extra row and column taking pairs with a pixel outside the mask, without a branch; the
    /// symmetric matrix is that table's top-left `levels × levels` block plus its transpose (equal
    /// to counting i,j and j,i per pair).
    public static func cooccurrences(maskedLevels coded: [UInt8], size: Size, levels: Int, dx: Int, dy: Int,
                                     regions: [(x: Int, y: Int, width: Int, height: Int)]) -> (whole: [Int], regions: [[Int]]) {
        precondition(levels >= 1 && levels <= 255, "levels must be in 1...255")
        precondition(coded.count == size.width * size.height, "one level per pixel")
        let width = size.width, height = size.height, cells = levels * levels
        let stride = levels + 1, table = stride * stride
        // Per row, the regions crossing it, left to right.
        var rowRegions = [[Int32]](repeating: [], count: height)
        for (index, r) in regions.enumerated() where r.width > 0 {
            for y in Swift.max(0, r.y)..<Swift.min(height, r.y + r.height) { rowRegions[y].append(Int32(index)) }
        }
        for y in 0..<height where rowRegions[y].count > 1 {
            rowRegions[y].sort { regions[Int($0)].x < regions[Int($1)].x }
        }
        // Slot 0 counts pairs whose first pixel is in no region; slot k + 1 those in region k.
        // UInt32 counts: a slot holds at most one count per pixel of the image.
        var counts = [UInt32](repeating: 0, count: (regions.count + 1) * table)
        let y0 = Swift.max(0, -dy), y1 = Swift.min(height, height - dy)
        let x0 = Swift.max(0, -dx), x1 = Swift.min(width, width - dx)
        if y0 < y1, x0 < x1 {
            coded.withUnsafeBufferPointer { q in
                counts.withUnsafeMutableBufferPointer { c in
                    func count(_ y: Int, _ from: Int, _ to: Int, _ slot: Int) {
                        guard from < to else { return }
                        let first = q.baseAddress! + y * width, second = q.baseAddress! + (y + dy) * width + dx
                        let base = c.baseAddress! + slot * table
                        for x in from..<to {
                            base[Int(first[x]) &* stride &+ Int(second[x])] &+= 1
                        }
                    }
                    for y in y0..<y1 {
                        var x = x0
                        for index in rowRegions[y] {
                            let r = regions[Int(index)]
                            let start = Swift.min(Swift.max(r.x, x0), x1), end = Swift.min(Swift.max(r.x + r.width, x0), x1)
                            count(y, x, start, 0)
                            count(y, start, end, Int(index) + 1)
                            x = Swift.max(x, end)
                        }
                        count(y, x, x1, 0)
                    }
                }
            }
        }
        var whole = [Int](repeating: 0, count: cells)
        var perRegion: [[Int]] = []
        perRegion.reserveCapacity(regions.count)
        for slot in 0...regions.count {
            let base = slot * table
            var part = [Int](repeating: 0, count: cells)
            for i in 0..<levels {
                for j in 0..<levels {
                    part[i * levels + j] = Int(counts[base + i * stride + j]) + Int(counts[base + j * stride + i])
                }
            }
            for k in 0..<cells { whole[k] += part[k] }
            if slot > 0 { perRegion.append(part) }
        }
        return (whole, perRegion)
    }

    /// Properties of normalised `counts` (NaN-free: an empty matrix gives zeros).
    public static func properties(_ counts: [Int], levels: Int) -> CooccurrenceProperties {
        let total = Double(counts.reduce(0, +))
        guard total > 0 else { return CooccurrenceProperties(contrast: 0, homogeneity: 0, entropy: 0, angularSecondMoment: 0) }
        var contrast = 0.0, homogeneity = 0.0, entropy = 0.0, asm = 0.0
        for i in 0..<levels {
            for j in 0..<levels where counts[i * levels + j] > 0 {
                let p = Double(counts[i * levels + j]) / total
                let d = Double(i - j)
                contrast += p * d * d
                homogeneity += p / (1 + d * d)
                entropy -= p * log2(p)
                asm += p * p
            }
        }
        return CooccurrenceProperties(contrast: contrast, homogeneity: homogeneity, entropy: entropy, angularSecondMoment: asm)
    }

    /// Rotation-invariant uniform LBP with P = 8, R = 1 (scikit-image `method="uniform"`):
    /// neighbours at (r, c) = (−R sin(2πp/P), R cos(2πp/P)) by bilinear interpolation, s = 1
    /// when g_p − g_c ≥ 0; the code is the number of ones when the circular pattern has at most
    /// two 0/1 transitions, else P + 1. Border pixels (outside the image) are not coded (−1).
    ///
    /// The direct definition, one neighbour at a time; ``localBinaryPattern(_:)`` gives the same
    /// codes faster.
    public static func localBinaryPatternReference(_ plane: Image<Gray32>) -> [Int8] {
        let width = plane.width, height = plane.height
        let p = 8
        var offsets: [(dr: Double, dc: Double)] = []
        for k in 0..<p {
            let angle = 2 * Double.pi * Double(k) / Double(p)
            // Rounded to 5 decimals as scikit-image does, so axis neighbours fall exactly on pixels.
            offsets.append(((-sin(angle) * 1e5).rounded() / 1e5, (cos(angle) * 1e5).rounded() / 1e5))
        }
        var codes = [Int8](repeating: -1, count: width * height)
        plane.withUnsafeBufferPointer { v in
            func value(_ r: Int, _ c: Int) -> Double { Double(v[r * width + c].value) }
            guard width >= 3, height >= 3 else { return }
            for r in 1..<(height - 1) {
                for c in 1..<(width - 1) {
                    let centre = value(r, c)
                    var bits: UInt16 = 0
                    for k in 0..<p {
                        let rr = Double(r) + offsets[k].dr, cc = Double(c) + offsets[k].dc
                        let r0 = Int(rr.rounded(.down)), c0 = Int(cc.rounded(.down))
                        let fr = rr - Double(r0), fc = cc - Double(c0)
                        let r1 = Swift.min(r0 + 1, height - 1), c1 = Swift.min(c0 + 1, width - 1)
                        let top = (1 - fc) * value(r0, c0) + fc * value(r0, c1)
                        let bottom = (1 - fc) * value(r1, c0) + fc * value(r1, c1)
                        let sample = (1 - fr) * top + fr * bottom
                        if sample - centre >= 0 { bits |= 1 << k }
                    }
                    let rotated = (bits >> 1) | ((bits & 1) << (p - 1))
                    let transitions = (bits ^ rotated).nonzeroBitCount, ones = bits.nonzeroBitCount
                    codes[r * width + c] = Int8(transitions <= 2 ? ones : p + 1)
                }
            }
        }
        return codes
    }

    /// ``localBinaryPatternReference(_:)`` over unsafe buffers, with each neighbour's integer
    /// offset and interpolation weights taken out of the pixel loop. The four axis neighbours fall
    /// exactly on pixels (their weights are 1 and 0), so their bits are plain comparisons of the
    /// neighbour with the centre; the four diagonal ones are interpolated with the reference's
    /// arithmetic in the same order (double precision, rr = r + dr and fr = rr − ⌊rr⌋ per row, fc
    /// per column), so the codes are identical.
    public static func localBinaryPattern(_ plane: Image<Gray32>) -> [Int8] {
        let width = plane.width, height = plane.height
        let p = 8
        var codes = [Int8](repeating: -1, count: width * height)
        guard width >= 3, height >= 3 else { return codes }
        var dr = [Double](), dc = [Double](), rowStep = [Int](), columnStep = [Int]()
        for k in 0..<p {
            let angle = 2 * Double.pi * Double(k) / Double(p)
            dr.append((-sin(angle) * 1e5).rounded() / 1e5)
            dc.append((cos(angle) * 1e5).rounded() / 1e5)
            // |offset| ≤ 1, so ⌊r + dr⌋ = r + ⌊dr⌋ for every pixel row r.
            rowStep.append(Int(dr[k].rounded(.down)))
            columnStep.append(Int(dc[k].rounded(.down)))
        }
        // The axis neighbours (k = 0, 2, 4, 6) are (r, c + 1), (r − 1, c), (r, c − 1), (r + 1, c).
        precondition([0, 2, 4, 6].allSatisfy { dr[$0] == dr[$0].rounded() && dc[$0] == dc[$0].rounded() })
        let diagonals = [1, 3, 5, 7]
        // fc for every column and diagonal neighbour, as the reference computes it.
        var fcTable = [Double](repeating: 0, count: 4 * width)
        for (d, k) in diagonals.enumerated() {
            for c in 0..<width {
                let cc = Double(c) + dc[k]
                fcTable[d * width + c] = cc - Double(Int(cc.rounded(.down)))
            }
        }
        let step0 = columnStep[1], step1 = columnStep[3], step2 = columnStep[5], step3 = columnStep[7]
        // The rotation-invariant uniform code of each 8-bit pattern: its number of set bits when it
        // has at most two 0/1 transitions around the circle, else p + 1.
        let uniform = (0..<256).map { pattern -> Int8 in
            let bits = UInt16(pattern), rotated = (bits >> 1) | ((bits & 1) << (p - 1))
            return Int8((bits ^ rotated).nonzeroBitCount <= 2 ? bits.nonzeroBitCount : p + 1)
        }
        plane.withUnsafeBufferPointer { source in
            codes.withUnsafeMutableBufferPointer { out in
                fcTable.withUnsafeBufferPointer { fcs in
                    let v = UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: Float.self)
                    let fc0 = fcs.baseAddress!, fc1 = fc0 + width, fc2 = fc1 + width, fc3 = fc2 + width
                    for r in 1..<(height - 1) {
                        var fr = (0.0, 0.0, 0.0, 0.0), top = (0, 0, 0, 0), bottom = (0, 0, 0, 0)
                        func row(_ k: Int) -> (Double, Int, Int) {
                            let rr = Double(r) + dr[k], r0 = r + rowStep[k]
                            return (rr - Double(r0), r0 * width, Swift.min(r0 + 1, height - 1) * width)
                        }
                        (fr.0, top.0, bottom.0) = row(1)
                        (fr.1, top.1, bottom.1) = row(3)
                        (fr.2, top.2, bottom.2) = row(5)
                        (fr.3, top.3, bottom.3) = row(7)
                        let centreRow = v + r * width, above = centreRow - width, below = centreRow + width
                        @inline(__always) func sample(_ c: Int, _ step: Int, _ fc: Double, _ f: Double, _ t: Int, _ b: Int) -> Double {
                            let c0 = c + step, c1 = Swift.min(c0 + 1, width - 1)
                            let upper = (1 - fc) * Double(v[t + c0]) + fc * Double(v[t + c1])
                            let lower = (1 - fc) * Double(v[b + c0]) + fc * Double(v[b + c1])
                            return (1 - f) * upper + f * lower
                        }
                        // Eight columns at a time: the same double-precision arithmetic per lane
                        // (every interior column has c₀ + 1 ≤ width − 1, so no clamp is needed there).
                        var c = 1
                        while c + 8 <= width - 1 {
                            typealias D = SIMD8<Double>
                            typealias F = SIMD8<Float>
                            @inline(__always) func floats(_ p: UnsafePointer<Float>) -> F { UnsafeRawPointer(p).loadUnaligned(as: F.self) }
                            @inline(__always) func doubles(_ p: UnsafePointer<Float>) -> D { D(floats(p)) }
                            @inline(__always) func diagonal(_ step: Int, _ fcs: UnsafePointer<Double>, _ f: Double, _ t: Int, _ b: Int) -> D {
                                let fc = UnsafeRawPointer(fcs + c).loadUnaligned(as: D.self), one = D(repeating: 1)
                                let c0 = c + step
                                let upper = (one - fc) * doubles(v + t + c0) + fc * doubles(v + t + c0 + 1)
                                let lower = (one - fc) * doubles(v + b + c0) + fc * doubles(v + b + c0 + 1)
                                return (one - D(repeating: f)) * upper + D(repeating: f) * lower
                            }
                            let centreFloats = floats(centreRow + c), centre = D(centreFloats)
                            let zero = D(repeating: 0)
                            // Axis bits from float comparisons, diagonal bits from double ones.
                            var axis = SIMD8<Int32>(repeating: 0), diagonals = SIMD8<Int64>(repeating: 0)
                            axis.replace(with: axis | 1, where: floats(centreRow + c + 1) .>= centreFloats)
                            axis.replace(with: axis | (1 << 2), where: floats(above + c) .>= centreFloats)
                            axis.replace(with: axis | (1 << 4), where: floats(centreRow + c - 1) .>= centreFloats)
                            axis.replace(with: axis | (1 << 6), where: floats(below + c) .>= centreFloats)
                            diagonals.replace(with: diagonals | (1 << 1), where: diagonal(step0, fc0, fr.0, top.0, bottom.0) - centre .>= zero)
                            diagonals.replace(with: diagonals | (1 << 3), where: diagonal(step1, fc1, fr.1, top.1, bottom.1) - centre .>= zero)
                            diagonals.replace(with: diagonals | (1 << 5), where: diagonal(step2, fc2, fr.2, top.2, bottom.2) - centre .>= zero)
                            diagonals.replace(with: diagonals | (1 << 7), where: diagonal(step3, fc3, fr.3, top.3, bottom.3) - centre .>= zero)
                            for lane in 0..<8 { out[r * width + c + lane] = uniform[Int(axis[lane]) | Int(diagonals[lane])] }
                            c += 8
                        }
                        while c < width - 1 {
                            defer { c += 1 }
                            let centreValue = centreRow[c], centre = Double(centreValue)
                            var bits: UInt16 = 0
                            if centreRow[c + 1] >= centreValue { bits |= 1 }
                            if above[c] >= centreValue { bits |= 1 << 2 }
                            if centreRow[c - 1] >= centreValue { bits |= 1 << 4 }
                            if below[c] >= centreValue { bits |= 1 << 6 }
                            if sample(c, step0, fc0[c], fr.0, top.0, bottom.0) - centre >= 0 { bits |= 1 << 1 }
                            if sample(c, step1, fc1[c], fr.1, top.1, bottom.1) - centre >= 0 { bits |= 1 << 3 }
                            if sample(c, step2, fc2[c], fr.2, top.2, bottom.2) - centre >= 0 { bits |= 1 << 5 }
                            if sample(c, step3, fc3[c], fr.3, top.3, bottom.3) - centre >= 0 { bits |= 1 << 7 }
                            out[r * width + c] = uniform[Int(bits)]
                        }
                    }
                }
            }
        }
        return codes
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
