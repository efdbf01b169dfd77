extension Kernels {
    /// Binary morphology with a disk of radius r pixels: the structuring element is every offset
    /// with dx² + dy² ≤ r². Masks are 0 (outside) or non-zero (inside); results are 0 or 255.
    ///
    /// Dilation marks pixels within distance r of the mask; erosion keeps pixels whose whole disk
    /// lies in the mask, where pixels beyond the image edge count as inside (an edge does not erode
    /// the mask, as in OpenCV's default). Opening = erosion then dilation (removes specks smaller than
    /// the disk); closing = dilation then erosion (fills gaps).
    public enum Morphology {
        /// The operation.
        public enum Operation: String, Sendable, CaseIterable {
            case erode, dilate, open, close
        }

        /// Brute force over the disk. O(n·r²); for tests.
        public static func reference(_ mask: Image<Gray8>, _ operation: Operation, radius: Int) -> Image<Gray8> {
            switch operation {
            case .dilate: return bruteForce(mask, radius: radius, dilate: true)
            case .erode: return bruteForce(mask, radius: radius, dilate: false)
            case .open: return bruteForce(bruteForce(mask, radius: radius, dilate: false), radius: radius, dilate: true)
            case .close: return bruteForce(bruteForce(mask, radius: radius, dilate: true), radius: radius, dilate: false)
            }
        }

        private static func bruteForce(_ mask: Image<Gray8>, radius r: Int, dilate: Bool) -> Image<Gray8> {
            let w = mask.width, h = mask.height
            return Image(size: mask.size, pixels: (0..<(w * h)).map { i in
                let x = i % w, y = i / w
                var hit = !dilate
                for dy in -r...r {
                    for dx in -r...r where dx * dx + dy * dy <= r * r {
                        let xx = x + dx, yy = y + dy
                        guard xx >= 0, xx < w, yy >= 0, yy < h else { continue }
                        let inside = mask[x: xx, y: yy].value != 0
                        if dilate && inside { hit = true }
                        if !dilate && !inside { hit = false }
                    }
                }
                return Gray8(value: hit ? 255 : 0)
            })
        }

        /// The disk as the union of its rows: for each row offset dy, the half-width
        /// ⌊√(r² − dy²)⌋. Each mask row is first turned into the horizontal distance to its nearest
        /// set pixel (two sweeps); a pixel is then in the dilation when, for some |dy| ≤ r, the row
        /// dy away has a set pixel within that half-width. The comparisons run on row bands over all
        /// cores; cost O(n·r) with a tiny constant. Equal to
        /// ``reference(_:_:radius:)`` exactly.
        public static func fast(_ mask: Image<Gray8>, _ operation: Operation, radius: Int,
                                parallel: Bool = true) -> Image<Gray8> {
            precondition(radius >= 0, "radius must not be negative")
            switch operation {
            case .dilate: return dilate(mask, radius: radius, complement: false, parallel: parallel)
            case .erode: return dilate(mask, radius: radius, complement: true, parallel: parallel)
            case .open:
                return dilate(dilate(mask, radius: radius, complement: true, parallel: parallel), radius: radius,
                              complement: false, parallel: parallel)
            case .close:
                return dilate(dilate(mask, radius: radius, complement: false, parallel: parallel), radius: radius,
                              complement: true, parallel: parallel)
            }
        }

        /// Dilation of the mask, or (complement) erosion computed as the complement of the
        /// dilation of the complement.
        private static func dilate(_ mask: Image<Gray8>, radius r: Int, complement: Bool, parallel: Bool) -> Image<Gray8> {
            let w = mask.width, h = mask.height
            let halfWidths = (0...r).map { dy in
                var a = 0
                while (a + 1) * (a + 1) + dy * dy <= r * r { a += 1 }
                return UInt16(a)
            }
            let distances = UnsafeMutablePointer<UInt16>.allocate(capacity: w * h)
            defer { distances.deallocate() }
            var output = Image<Gray8>.uninitialized(size: mask.size)
            mask.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    halfWidths.withUnsafeBufferPointer { halfWidths in
                        let job = UncheckedSendable((
                            UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: UInt8.self),
                            UnsafeMutableRawPointer(target.baseAddress!).assumingMemoryBound(to: UInt8.self),
                            distances, halfWidths.baseAddress!))
                        RowBands.forEach(rowCount: h, parallel: parallel) { rows in
                            let (m, _, d, _) = job.value
                            for y in rows {
                                let row = m + y &* w, out = d + y &* w
                                // Branch-free sweeps (random masks would defeat branch prediction):
                                // distances saturate at 65535, which is beyond any radius in use.
                                let selector: UInt8 = complement ? 0 : 1
                                var last = -65_536
                                for x in 0..<w {
                                    last = (row[x] != 0 ? 1 : 0) == selector ? x : last
                                    out[x] = UInt16(truncatingIfNeeded: Swift.min(x &- last, 65_535))
                                }
                                last = Int.max / 2
                                var x = w &- 1
                                while x >= 0 {
                                    last = (row[x] != 0 ? 1 : 0) == selector ? x : last
                                    out[x] = Swift.min(out[x], UInt16(truncatingIfNeeded: Swift.min(last &- x, 65_535)))
                                    x &-= 1
                                }
                            }
                        }
                        let on: UInt8 = complement ? 0 : 255, off: UInt8 = complement ? 255 : 0
                        RowBands.forEach(rowCount: h, parallel: parallel) { rows in
                            let (_, out, d, halfWidths) = job.value
                            // margin[x] = min over dy of (distance in row y+dy − half-width at dy);
                            // the pixel is hit when it is ≤ 0. Plain min loops vectorize well.
                            let margin = UnsafeMutablePointer<Int32>.allocate(capacity: w)
                            defer { margin.deallocate() }
                            for y in rows {
                                margin.update(repeating: Int32.max, count: w)
                                for dy in Swift.max(-r, -y)...Swift.min(r, h &- 1 &- y) {
                                    let limit = Int32(halfWidths[dy < 0 ? -dy : dy])
                                    let row = d + (y &+ dy) &* w
                                    for x in 0..<w { margin[x] = Swift.min(margin[x], Int32(row[x]) &- limit) }
                                }
                                let target = out + y &* w
                                for x in 0..<w { target[x] = margin[x] <= 0 ? on : off }
                            }
                        }
                    }
                }
            }
            return output
        }
    }
}
