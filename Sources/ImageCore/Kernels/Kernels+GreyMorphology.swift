extension Kernels {
    /// Grey-level morphology of a float plane with a square of side 2r + 1 pixels: dilation is the
    /// maximum over the square, erosion the minimum, closing = dilation then erosion (fills dark
    /// structures narrower than the square, such as hairs, and keeps everything wider), opening =
    /// erosion then dilation (removes bright ones).
    ///
    /// The square is clipped at the image edge: pixels beyond it do not take part (as padding with
    /// −∞ for a dilation and +∞ for an erosion would). Values are compared, never computed, so
    /// ``fast(_:_:radius:parallel:)`` equals ``reference(_:_:radius:)`` exactly.
    public enum GreyMorphology {
        /// The operation.
        public enum Operation: String, Sendable, CaseIterable {
            case dilate, erode, open, close
        }

        /// Brute force over the square. O(n·r²); for tests.
        public static func reference(_ image: Image<Gray32>, _ operation: Operation, radius: Int) -> Image<Gray32> {
            precondition(radius >= 0, "radius must not be negative")
            func pass(_ source: Image<Gray32>, maximum: Bool) -> Image<Gray32> {
                let w = source.width, h = source.height
                return Image(size: source.size, pixels: (0..<(w * h)).map { i in
                    let x = i % w, y = i / w
                    var best = source.pixels[i].value
                    for yy in Swift.max(0, y - radius)...Swift.min(h - 1, y + radius) {
                        for xx in Swift.max(0, x - radius)...Swift.min(w - 1, x + radius) {
                            let v = source.pixels[yy * w + xx].value
                            best = maximum ? Swift.max(best, v) : Swift.min(best, v)
                        }
                    }
                    return Gray32(value: best)
                })
            }
            guard image.width > 0, image.height > 0 else { return image }
            switch operation {
            case .dilate: return pass(image, maximum: true)
            case .erode: return pass(image, maximum: false)
            case .open: return pass(pass(image, maximum: false), maximum: true)
            case .close: return pass(pass(image, maximum: true), maximum: false)
            }
        }

        /// Separable: a running extreme along each row, then across rows (whole rows at a time,
        /// which vectorizes), on row bands over all cores. O(n·r) with a tiny constant; meant for
        /// small radii (a few pixels).
        public static func fast(_ image: Image<Gray32>, _ operation: Operation, radius: Int,
                                parallel: Bool = true) -> Image<Gray32> {
            precondition(radius >= 0, "radius must not be negative")
            guard image.width > 0, image.height > 0, radius > 0 else { return image }
            switch operation {
            case .dilate: return separable(image, radius: radius, maximum: true, parallel: parallel)
            case .erode: return separable(image, radius: radius, maximum: false, parallel: parallel)
            case .open:
                return separable(separable(image, radius: radius, maximum: false, parallel: parallel), radius: radius,
                                 maximum: true, parallel: parallel)
            case .close:
                return separable(separable(image, radius: radius, maximum: true, parallel: parallel), radius: radius,
                                 maximum: false, parallel: parallel)
            }
        }

        private static func separable(_ image: Image<Gray32>, radius r: Int, maximum: Bool, parallel: Bool) -> Image<Gray32> {
            let w = image.width, h = image.height
            let rows = UnsafeMutablePointer<Float>.allocate(capacity: w * h)
            defer { rows.deallocate() }
            var output = Image<Gray32>.uninitialized(size: image.size)
            image.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    let job = UncheckedSendable((
                        UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: Float.self),
                        UnsafeMutableRawPointer(target.baseAddress!).assumingMemoryBound(to: Float.self),
                        rows))
                    // Along rows: out[x] = extreme of in[max(0, x − r) ... min(w − 1, x + r)].
                    RowBands.forEach(rowCount: h, parallel: parallel) { band in
                        let (input, _, horizontal) = job.value
                        for y in band {
                            let row = input + y &* w, out = horizontal + y &* w
                            out.update(from: row, count: w)
                            for d in 1...r where d < w {
                                if maximum {
                                    for x in 0..<(w &- d) { out[x] = Swift.max(out[x], row[x &+ d]) }
                                    for x in d..<w { out[x] = Swift.max(out[x], row[x &- d]) }
                                } else {
                                    for x in 0..<(w &- d) { out[x] = Swift.min(out[x], row[x &+ d]) }
                                    for x in d..<w { out[x] = Swift.min(out[x], row[x &- d]) }
                                }
                            }
                        }
                    }
                    // Across rows, on the horizontal result.
                    RowBands.forEach(rowCount: h, parallel: parallel) { band in
                        let (_, output, horizontal) = job.value
                        for y in band {
                            let out = output + y &* w
                            out.update(from: horizontal + y &* w, count: w)
                            for dy in Swift.max(-r, -y)...Swift.min(r, h &- 1 &- y) where dy != 0 {
                                let row = horizontal + (y &+ dy) &* w
                                if maximum {
                                    for x in 0..<w { out[x] = Swift.max(out[x], row[x]) }
                                } else {
                                    for x in 0..<w { out[x] = Swift.min(out[x], row[x]) }
                                }
                            }
                        }
                    }
                }
            }
            return output
        }
    }
}
