extension Kernels {
    /// CIELAB planes (D65) to 8-bit sRGB, for overlays and reports: Lab → XYZ → linear sRGB,
    /// clipped to 0...1, then encoded with rounding to the nearest code.
    public enum LabToRGB {
        /// Exact definition in double precision (``ColorSpace/linear(fromL:a:b:)``,
        /// ``ColorSpace/sRGB8(fromLinear:)``).
        public static func reference(_ lab: LabPlanes) -> Image<RGB8> {
            let l = lab.l.pixels, a = lab.a.pixels, b = lab.b.pixels
            return Image(size: lab.size, pixels: l.indices.map { i in
                let rgb = ColorSpace.linear(fromL: Double(l[i].value), a: Double(a[i].value), b: Double(b[i].value))
                return RGB8(red: ColorSpace.sRGB8(fromLinear: rgb.red), green: ColorSpace.sRGB8(fromLinear: rgb.green),
                            blue: ColorSpace.sRGB8(fromLinear: rgb.blue))
            })
        }

        /// Single precision with the 8-bit encoding done by table look-up (no power function): an
        /// 8192-bin table over 0...1 gives the code at the start of the value's bin, and at most a
        /// step or two through ``ColorSpace/sRGB8Thresholds`` finishes it exactly. Rows on all cores.
        ///
        /// Tolerance against ``reference(_:)``: each channel within 1 code (single-precision colour
        /// arithmetic can land on the other side of a rounding threshold); round trips of 8-bit sRGB
        /// through ``RGBToLab/fast(_:parallel:)`` and back are exact for over 99 % of colours.
        /// Results do not depend on `parallel`.
        public static func fast(_ lab: LabPlanes, parallel: Bool = true) -> Image<RGB8> {
            var output = Image<RGB8>.uninitialized(size: lab.size)
            let m = ColorSpace.xyzToLinearSRGB, white = ColorSpace.whiteD65
            let matrix = (0..<3).flatMap { r in [Float(m[r][0] * white.x), Float(m[r][1] * white.y), Float(m[r][2] * white.z)] }
            let w = lab.size.width
            lab.l.withUnsafeBufferPointer { lBuffer in
                lab.a.withUnsafeBufferPointer { aBuffer in
                    lab.b.withUnsafeBufferPointer { bBuffer in
                        output.withUnsafeMutableBufferPointer { out in
                            ColorSpace.sRGB8Thresholds.withUnsafeBufferPointer { thresholds in
                                matrix.withUnsafeBufferPointer { matrix in
                                  startCodes.withUnsafeBufferPointer { starts in
                                    let job = UncheckedSendable((
                                        UnsafeRawPointer(lBuffer.baseAddress!).assumingMemoryBound(to: Float.self),
                                        UnsafeRawPointer(aBuffer.baseAddress!).assumingMemoryBound(to: Float.self),
                                        UnsafeRawPointer(bBuffer.baseAddress!).assumingMemoryBound(to: Float.self),
                                        UnsafeMutableRawPointer(out.baseAddress!).assumingMemoryBound(to: UInt8.self),
                                        thresholds.baseAddress!, matrix.baseAddress!, starts.baseAddress!))
                                    RowBands.forEach(rowCount: lab.size.height, parallel: parallel) { rows in
                                        let (l, a, b, out, thresholds, m, starts) = job.value
                                        for i in (rows.lowerBound &* w)..<(rows.upperBound &* w) {
                                            let fy = (l[i] + 16) * (1 / 116), fx = fy + a[i] * (1 / 500), fz = fy - b[i] * (1 / 200)
                                            let x = inverseF(fx), y = inverseF(fy), z = inverseF(fz)
                                            out[i &* 3] = encode(m[0] * x + m[1] * y + m[2] * z, thresholds, starts)
                                            out[i &* 3 &+ 1] = encode(m[3] * x + m[4] * y + m[5] * z, thresholds, starts)
                                            out[i &* 3 &+ 2] = encode(m[6] * x + m[7] * y + m[8] * z, thresholds, starts)
                                        }
                                    }
                                  }
                                }
                            }
                        }
                    }
                }
            }
            return output
        }

        @inline(__always)
        static func inverseF(_ f: Float) -> Float {
            f > Float(6.0 / 29.0) ? f * f * f : Float(3 * 36.0 / 841.0) * (f - Float(4.0 / 29.0))
        }

        static let bins = 8192

        /// For each bin i, the code of linear value i/bins: the number of thresholds ≤ i/bins.
        static let startCodes: [UInt8] = (0..<bins).map { i in
            UInt8(ColorSpace.sRGB8Thresholds.filter { $0 <= Float(i) / Float(bins) }.count)
        }

        /// The number of thresholds ≤ v, i.e. the rounded 8-bit code (NaN encodes as 0).
        @inline(__always)
        static func encode(_ v: Float, _ thresholds: UnsafePointer<Float>, _ starts: UnsafePointer<UInt8>) -> UInt8 {
            guard v > 0 else { return 0 }
            guard v < 1 else { return 255 }
            var code = Int(starts[Int(v * Float(bins))])
            while code < 255 && thresholds[code] <= v { code &+= 1 }
            return UInt8(code)
        }
    }
}
