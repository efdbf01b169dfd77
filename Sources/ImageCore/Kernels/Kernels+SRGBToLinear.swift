extension Kernels {
    /// 8-bit sRGB to three linear-light planes (0...1) through the 256-entry table
    /// ``ColorSpace/linearFromSRGB8`` (IEC 61966-2-1 decoding).
    public enum SRGBToLinear {
        /// Exact definition in double precision, rounded to `Float`.
        public static func reference(_ image: Image<RGB8>) -> (red: Image<Gray32>, green: Image<Gray32>, blue: Image<Gray32>) {
            let pixels = image.pixels
            func plane(_ channel: (RGB8) -> UInt8) -> Image<Gray32> {
                Image(size: image.size, pixels: pixels.map {
                    Gray32(value: Float(ColorSpace.linear(fromSRGB: Double(channel($0)) / 255)))
                })
            }
            return (plane(\.red), plane(\.green), plane(\.blue))
        }

        /// Table look-up in row bands on all cores; equal to ``reference(_:)`` bit for bit.
        public static func fast(_ image: Image<RGB8>, parallel: Bool = true)
            -> (red: Image<Gray32>, green: Image<Gray32>, blue: Image<Gray32>) {
            var red = Image<Gray32>.uninitialized(size: image.size)
            var green = Image<Gray32>.uninitialized(size: image.size)
            var blue = Image<Gray32>.uninitialized(size: image.size)
            let width = image.width
            image.withUnsafeBufferPointer { source in
                red.withUnsafeMutableBufferPointer { r in
                    green.withUnsafeMutableBufferPointer { g in
                        blue.withUnsafeMutableBufferPointer { b in
                            ColorSpace.linearFromSRGB8.withUnsafeBufferPointer { table in
                                let p = UncheckedSendable((
                                    source: UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: UInt8.self),
                                    table: table.baseAddress!,
                                    r: UnsafeMutableRawPointer(r.baseAddress!).assumingMemoryBound(to: Float.self),
                                    g: UnsafeMutableRawPointer(g.baseAddress!).assumingMemoryBound(to: Float.self),
                                    b: UnsafeMutableRawPointer(b.baseAddress!).assumingMemoryBound(to: Float.self)))
                                RowBands.forEach(rowCount: image.height, parallel: parallel) { rows in
                                    let q = p.value
                                    for i in (rows.lowerBound * width)..<(rows.upperBound * width) {
                                        let s = q.source + i &* 3
                                        q.r[i] = q.table[Int(s[0])]
                                        q.g[i] = q.table[Int(s[1])]
                                        q.b[i] = q.table[Int(s[2])]
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return (red, green, blue)
        }
    }
}
