extension Kernels {
    /// Separable correlation of a float plane with clamp-to-edge borders: a horizontal 1-D filter,
    /// then a vertical one.
    ///
    /// Taps are an odd-length list centred on the middle element: with r = (count − 1)/2,
    /// out(x, y) = Σⱼ v[j] · Σᵢ h[i] · in(clamp(x + i − r), clamp(y + j − r)). This is correlation
    /// (no flip), so a tap list that rises to the right measures a gradient that rises to the right.
    public enum SeparableFilter {
        /// Direct definition in double precision.
        public static func reference(_ image: Image<Gray32>, horizontal: [Double], vertical: [Double]) -> Image<Gray32> {
            precondition(horizontal.count % 2 == 1 && vertical.count % 2 == 1, "tap counts must be odd")
            let rh = horizontal.count / 2, rv = vertical.count / 2
            let w = image.width, h = image.height
            let input = image.pixels.map { Double($0.value) }
            var middle = [Double](repeating: 0, count: w * h)
            for y in 0..<h {
                for x in 0..<w {
                    var sum = 0.0
                    for i in 0..<horizontal.count { sum += horizontal[i] * input[y * w + Swift.min(Swift.max(x + i - rh, 0), w - 1)] }
                    middle[y * w + x] = sum
                }
            }
            var output = [Gray32]()
            output.reserveCapacity(w * h)
            for y in 0..<h {
                for x in 0..<w {
                    var sum = 0.0
                    for j in 0..<vertical.count { sum += vertical[j] * middle[Swift.min(Swift.max(y + j - rv, 0), h - 1) * w + x] }
                    output.append(Gray32(value: Float(sum)))
                }
            }
            return Image(size: image.size, pixels: output)
        }

        /// `SIMD16<Float>` version that never writes the horizontal result to memory: each row band
        /// keeps the last 2r+1 horizontally filtered rows in a ring that stays in cache, and the
        /// vertical pass reads them from there. Symmetric tap lists are summed in mirrored pairs
        /// (half the multiplies). Row bands run on all cores.
        ///
        /// Tolerance against ``reference(_:horizontal:vertical:)``: |Δ| ≤ 2·10⁻⁶ · (Σ|h|)(Σ|v|) ·
        /// max |input| · (tap count), from single-precision sums. Each output row is computed by the
        /// same code whatever the banding, so results do not depend on `parallel`.
        public static func fast(_ image: Image<Gray32>, horizontal: [Float], vertical: [Float],
                                parallel: Bool = true) -> Image<Gray32> {
            var output = Image<Gray32>.uninitialized(size: image.size)
            fast(image, horizontal: horizontal, vertical: vertical, into: &output, parallel: parallel)
            return output
        }

        /// ``fast(_:horizontal:vertical:parallel:)`` writing into `output`, which must have the
        /// input's size (its previous contents are ignored), so a caller can reuse a buffer.
        public static func fast(_ image: Image<Gray32>, horizontal: [Float], vertical: [Float],
                                into output: inout Image<Gray32>, parallel: Bool = true) {
            precondition(horizontal.count % 2 == 1 && vertical.count % 2 == 1, "tap counts must be odd")
            precondition(output.size == image.size, "output size \(output.size) differs from input \(image.size)")
            let w = image.width, h = image.height
            let rv = vertical.count / 2
            let ringRows = vertical.count
            image.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    horizontal.withUnsafeBufferPointer { hTaps in
                        vertical.withUnsafeBufferPointer { vTaps in
                            let job = Job(planes: PlanePointers(source, target),
                                          horizontal: Taps(hTaps), vertical: Taps(vTaps), width: w, height: h)
                            // Few, tall bands: every band recomputes 2r ring rows at its top.
                            let minimumRows = Swift.max(64, 8 * rv)
                            RowBands.forEach(rowCount: h, parallel: parallel, minimumRowsPerBand: minimumRows,
                                             bandsPerCore: 1) { rows in
                                let paddedCount = w &+ 2 &* job.horizontal.radius &+ 16
                                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: paddedCount &+ ringRows &* w)
                                let rowPointers = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: ringRows)
                                defer { scratch.deallocate(); rowPointers.deallocate() }
                                let ring = scratch + paddedCount
                                // Virtual row v (clamped on read) lives in ring slot (v − first) mod ringRows.
                                let first = rows.lowerBound &- rv
                                var nextVirtual = first
                                for y in rows {
                                    while nextVirtual <= y &+ rv {
                                        let sourceRow = Swift.min(Swift.max(nextVirtual, 0), h &- 1)
                                        let slot = (nextVirtual &- first) % ringRows
                                        horizontalRow(job, row: sourceRow, into: ring + slot &* w, padded: scratch)
                                        nextVirtual &+= 1
                                    }
                                    for j in 0..<ringRows {
                                        rowPointers[j] = UnsafePointer(ring + ((y &- rv &+ j &- first) % ringRows) &* w)
                                    }
                                    verticalRow(job, rows: rowPointers, into: job.planes.target + y &* w)
                                }
                            }
                        }
                    }
                }
            }
        }

        /// A tap list as a pointer, with its radius and whether it is mirror-symmetric.
        struct Taps: @unchecked Sendable {
            let base: UnsafePointer<Float>
            let radius: Int
            let isSymmetric: Bool

            init(_ taps: UnsafeBufferPointer<Float>) {
                base = taps.baseAddress!
                radius = taps.count / 2
                isSymmetric = (0..<taps.count).allSatisfy { taps[$0] == taps[taps.count - 1 - $0] }
            }
        }

        struct Job: @unchecked Sendable {
            let planes: PlanePointers
            let horizontal: Taps
            let vertical: Taps
            let width: Int
            let height: Int
        }

        /// One input row, extended by r replicated pixels on each side in `padded`, filtered into `out`.
        @inline(__always)
        static func horizontalRow(_ job: Job, row y: Int, into out: UnsafeMutablePointer<Float>,
                                  padded: UnsafeMutablePointer<Float>) {
            let w = job.width, r = job.horizontal.radius, taps = job.horizontal.base
            let input = job.planes.source + y &* w
            let firstValue = input[0], lastValue = input[w &- 1]
            for i in 0..<r { padded[i] = firstValue; padded[r &+ w &+ i] = lastValue }
            (padded + r).update(from: input, count: w)
            var x = 0
            if job.horizontal.isSymmetric {
                let centre = SIMD16<Float>(repeating: taps[r])
                while x &+ 16 <= w {
                    var sum = centre * load16(padded + (x &+ r))
                    for k in 0..<r {
                        let pair = load16(padded + (x &+ k)) + load16(padded + (x &+ 2 &* r &- k))
                        sum += SIMD16<Float>(repeating: taps[k]) * pair
                    }
                    store16(sum, out + x)
                    x &+= 16
                }
                while x < w {
                    var sum = taps[r] * padded[x &+ r]
                    for k in 0..<r { sum += taps[k] * (padded[x &+ k] + padded[x &+ 2 &* r &- k]) }
                    out[x] = sum
                    x &+= 1
                }
            } else {
                let count = 2 &* r &+ 1
                while x &+ 16 <= w {
                    var sum = SIMD16<Float>()
                    for k in 0..<count { sum += SIMD16<Float>(repeating: taps[k]) * load16(padded + (x &+ k)) }
                    store16(sum, out + x)
                    x &+= 16
                }
                while x < w {
                    var sum: Float = 0
                    for k in 0..<count { sum += taps[k] * padded[x &+ k] }
                    out[x] = sum
                    x &+= 1
                }
            }
        }

        /// One output row from the 2r+1 horizontally filtered rows around it.
        @inline(__always)
        static func verticalRow(_ job: Job, rows: UnsafeMutablePointer<UnsafePointer<Float>>,
                                into out: UnsafeMutablePointer<Float>) {
            let w = job.width, r = job.vertical.radius, taps = job.vertical.base
            var x = 0
            if job.vertical.isSymmetric {
                let centre = SIMD16<Float>(repeating: taps[r])
                while x &+ 16 <= w {
                    var sum = centre * load16(rows[r] + x)
                    for k in 0..<r {
                        sum += SIMD16<Float>(repeating: taps[k]) * (load16(rows[k] + x) + load16(rows[2 &* r &- k] + x))
                    }
                    store16(sum, out + x)
                    x &+= 16
                }
                while x < w {
                    var sum = taps[r] * rows[r][x]
                    for k in 0..<r { sum += taps[k] * (rows[k][x] + rows[2 &* r &- k][x]) }
                    out[x] = sum
                    x &+= 1
                }
            } else {
                let count = 2 &* r &+ 1
                while x &+ 16 <= w {
                    var sum = SIMD16<Float>()
                    for k in 0..<count { sum += SIMD16<Float>(repeating: taps[k]) * load16(rows[k] + x) }
                    store16(sum, out + x)
                    x &+= 16
                }
                while x < w {
                    var sum: Float = 0
                    for k in 0..<count { sum += taps[k] * rows[k][x] }
                    out[x] = sum
                    x &+= 1
                }
            }
        }
    }
}
