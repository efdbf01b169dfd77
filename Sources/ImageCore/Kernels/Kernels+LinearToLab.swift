extension Kernels {
    /// Linear sRGB planes (0...1, float) to CIELAB planes (D65), with the same formula and vector
    /// code as ``RGBToLab``: linear sRGB → XYZ, then L* = 116 f(Y) − 16, a* = 500 (f(X/Xn) − f(Y)),
    /// b* = 200 (f(Y) − f(Z/Zn)). Values are not clipped, so a colour-corrected plane above 1 still
    /// converts; negative values (noise after a correction) count as 0.
    public enum LinearToLab {
        /// Exact definition in double precision (``ColorSpace``); negative inputs count as 0.
        public static func reference(red: Image<Gray32>, green: Image<Gray32>, blue: Image<Gray32>) -> LabPlanes {
            precondition(red.size == green.size && red.size == blue.size, "planes differ in size")
            let r = red.pixels, g = green.pixels, b = blue.pixels
            var l = [Gray32](), a = [Gray32](), bb = [Gray32]()
            l.reserveCapacity(r.count); a.reserveCapacity(r.count); bb.reserveCapacity(r.count)
            for i in r.indices {
                let lab = ColorSpace.lab(fromLinearRed: Double(max(r[i].value, 0)), green: Double(max(g[i].value, 0)),
                                         blue: Double(max(b[i].value, 0)))
                l.append(Gray32(value: Float(lab.l)))
                a.append(Gray32(value: Float(lab.a)))
                bb.append(Gray32(value: Float(lab.b)))
            }
            return LabPlanes(l: Image(size: red.size, pixels: l), a: Image(size: red.size, pixels: a),
                             b: Image(size: red.size, pixels: bb))
        }

        /// `SIMD8<Float>` version in row bands on all cores. Tolerance against
        /// ``reference(red:green:blue:)``: |ΔL*|, |Δa*|, |Δb*| ≤ 2·10⁻³ for inputs in 0...1.2.
        /// Results do not depend on `parallel`.
        public static func fast(red: Image<Gray32>, green: Image<Gray32>, blue: Image<Gray32>,
                                parallel: Bool = true) -> LabPlanes {
            precondition(red.size == green.size && red.size == blue.size, "planes differ in size")
            var l = Image<Gray32>.uninitialized(size: red.size)
            var a = Image<Gray32>.uninitialized(size: red.size)
            var b = Image<Gray32>.uninitialized(size: red.size)
            let width = red.width
            red.withUnsafeBufferPointer { r in
                green.withUnsafeBufferPointer { g in
                    blue.withUnsafeBufferPointer { bl in
                        l.withUnsafeMutableBufferPointer { lOut in
                            a.withUnsafeMutableBufferPointer { aOut in
                                b.withUnsafeMutableBufferPointer { bOut in
                                    let p = UncheckedSendable((
                                        r: UnsafeRawPointer(r.baseAddress!).assumingMemoryBound(to: Float.self),
                                        g: UnsafeRawPointer(g.baseAddress!).assumingMemoryBound(to: Float.self),
                                        b: UnsafeRawPointer(bl.baseAddress!).assumingMemoryBound(to: Float.self),
                                        l: UnsafeMutableRawPointer(lOut.baseAddress!).assumingMemoryBound(to: Float.self),
                                        a: UnsafeMutableRawPointer(aOut.baseAddress!).assumingMemoryBound(to: Float.self),
                                        bb: UnsafeMutableRawPointer(bOut.baseAddress!).assumingMemoryBound(to: Float.self)))
                                    RowBands.forEach(rowCount: red.height, parallel: parallel) { rows in
                                        let q = p.value
                                        convert(q.r, q.g, q.b, q.l, q.a, q.bb,
                                                from: rows.lowerBound * width, to: rows.upperBound * width)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return LabPlanes(l: l, a: a, b: b)
        }

        static func convert(_ red: UnsafePointer<Float>, _ green: UnsafePointer<Float>, _ blue: UnsafePointer<Float>,
                            _ lOut: UnsafeMutablePointer<Float>, _ aOut: UnsafeMutablePointer<Float>,
                            _ bOut: UnsafeMutablePointer<Float>, from start: Int, to end: Int) {
            let m = ColorSpace.linearSRGBToXYZ, white = ColorSpace.whiteD65
            let m00 = Float(m[0][0] / white.x), m01 = Float(m[0][1] / white.x), m02 = Float(m[0][2] / white.x)
            let m10 = Float(m[1][0]), m11 = Float(m[1][1]), m12 = Float(m[1][2])
            let m20 = Float(m[2][0] / white.z), m21 = Float(m[2][1] / white.z), m22 = Float(m[2][2] / white.z)
            var i = start
            while i < end {
                let lanes = Swift.min(8, end &- i)
                var r = SIMD8<Float>(), g = SIMD8<Float>(), bl = SIMD8<Float>()
                if lanes == 8 {
                    r = loadFloat8(red + i); g = loadFloat8(green + i); bl = loadFloat8(blue + i)
                } else {
                    for lane in 0..<lanes { r[lane] = red[i &+ lane]; g[lane] = green[i &+ lane]; bl[lane] = blue[i &+ lane] }
                }
                r = r.replacing(with: 0, where: r .< 0)
                g = g.replacing(with: 0, where: g .< 0)
                bl = bl.replacing(with: 0, where: bl .< 0)
                let fx = RGBToLab.labF(m00 * r + m01 * g + m02 * bl)
                let fy = RGBToLab.labF(m10 * r + m11 * g + m12 * bl)
                let fz = RGBToLab.labF(m20 * r + m21 * g + m22 * bl)
                let lightness = 116 * fy - 16, redGreen = 500 * (fx - fy), yellowBlue = 200 * (fy - fz)
                for lane in 0..<lanes {
                    lOut[i &+ lane] = lightness[lane]
                    aOut[i &+ lane] = redGreen[lane]
                    bOut[i &+ lane] = yellowBlue[lane]
                }
                i &+= 8
            }
        }

        @inline(__always)
        static func loadFloat8(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
            UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
        }
    }
}
