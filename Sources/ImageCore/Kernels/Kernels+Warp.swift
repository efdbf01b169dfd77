#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Kernels {
    /// Geometric warp of float planes through a ``ProjectiveTransform``, with a validity mask.
    ///
    /// For every target pixel (x, y) the source position is `sourceFromTarget.apply(x, y)`; the
    /// pixel is valid when that position exists (w > 0) and lies inside the source picture area,
    /// −½ ≤ sx ≤ width − ½ and −½ ≤ sy ≤ height − ½. Valid pixels get the interpolated value (taps
    /// beyond the edge read the nearest edge pixel) and mask 255; invalid pixels get 0 and mask 0.
    /// Resizing is the special case ``ProjectiveTransform/resize(from:to:)``.
    public enum Warp {
        /// The warped planes (same order as the input) and their shared mask.
        public struct Result: Sendable, Equatable {
            public var planes: [Image<Gray32>]
            /// 255 where the target pixel maps inside the source, else 0.
            public var mask: Image<Gray8>
        }

        /// Direct definition in double precision, one pixel and one plane at a time.
        public static func reference(_ image: Image<Gray32>, sourceFromTarget transform: ProjectiveTransform,
                                     outputSize: Size, interpolation: Interpolation) -> Result {
            let w = image.width, h = image.height
            func pixel(_ x: Int, _ y: Int) -> Double {
                Double(image[x: Swift.min(Swift.max(x, 0), w - 1), y: Swift.min(Swift.max(y, 0), h - 1)].value)
            }
            var values = [Gray32](), mask = [Gray8]()
            for y in 0..<outputSize.height {
                for x in 0..<outputSize.width {
                    guard let p = transform.apply(x: Double(x), y: Double(y)),
                          p.x >= -0.5, p.x <= Double(w) - 0.5, p.y >= -0.5, p.y <= Double(h) - 0.5 else {
                        values.append(Gray32(value: 0)); mask.append(Gray8(value: 0)); continue
                    }
                    let x0 = Int(floor(p.x)), y0 = Int(floor(p.y))
                    let fx = p.x - Double(x0), fy = p.y - Double(y0)
                    var sum = 0.0
                    switch interpolation {
                    case .bilinear:
                        sum = (1 - fy) * ((1 - fx) * pixel(x0, y0) + fx * pixel(x0 + 1, y0))
                            + fy * ((1 - fx) * pixel(x0, y0 + 1) + fx * pixel(x0 + 1, y0 + 1))
                    case .bicubic:
                        for j in -1...2 {
                            for i in -1...2 {
                                sum += Interpolation.cubicWeight(Double(i) - fx) * Interpolation.cubicWeight(Double(j) - fy)
                                    * pixel(x0 + i, y0 + j)
                            }
                        }
                    }
                    values.append(Gray32(value: Float(sum)))
                    mask.append(Gray8(value: 255))
                }
            }
            return Result(planes: [Image(size: outputSize, pixels: values)], mask: Image(size: outputSize, pixels: mask))
        }

        /// All `planes` (equal sizes) at once: the source position, validity and weights are
        /// computed once per target pixel and applied to every plane; target rows on all cores.
        /// Positions are computed in double precision exactly as in the reference, weights in single.
        ///
        /// Tolerance against ``reference(_:sourceFromTarget:outputSize:interpolation:)`` per plane:
        /// |Δ| ≤ 2·10⁻⁶ × max |input| (bilinear) or 1·10⁻⁵ × max |input| (bicubic); the masks are
        /// identical. Results do not depend on `parallel`.
        public static func fast(_ planes: [Image<Gray32>], sourceFromTarget transform: ProjectiveTransform,
                                outputSize: Size, interpolation: Interpolation, parallel: Bool = true) -> Result {
            precondition(!planes.isEmpty, "warp needs at least one plane")
            let size = planes[0].size
            precondition(planes.allSatisfy { $0.size == size }, "planes must have equal sizes")
            var outputs = planes.map { _ in Image<Gray32>.uninitialized(size: outputSize) }
            var mask = Image<Gray8>.uninitialized(size: outputSize)
            let sources = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: planes.count)
            let targets = UnsafeMutablePointer<UnsafeMutablePointer<Float>>.allocate(capacity: planes.count)
            defer { sources.deallocate(); targets.deallocate() }
            // The images stay alive (and uniquely owned) for the whole call, so their base
            // addresses are stable while the kernel runs.
            for (i, plane) in planes.enumerated() {
                sources[i] = plane.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: Float.self) }
            }
            for i in outputs.indices {
                targets[i] = outputs[i].withUnsafeMutableBufferPointer {
                    UnsafeMutableRawPointer($0.baseAddress!).assumingMemoryBound(to: Float.self)
                }
            }
            let maskBase = mask.withUnsafeMutableBufferPointer {
                UnsafeMutableRawPointer($0.baseAddress!).assumingMemoryBound(to: UInt8.self)
            }
            let job = Job(sources: sources, targets: targets, mask: maskBase, count: planes.count,
                          sourceWidth: size.width, sourceHeight: size.height, targetWidth: outputSize.width,
                          matrix: (transform.matrix[0], transform.matrix[1], transform.matrix[2], transform.matrix[3],
                                   transform.matrix[4], transform.matrix[5], transform.matrix[6], transform.matrix[7],
                                   transform.matrix[8]))
            withExtendedLifetime(planes) {
                RowBands.forEach(rowCount: outputSize.height, parallel: parallel) { rows in
                    for y in rows {
                        switch interpolation {
                        case .bilinear: bilinearRow(job, y: y)
                        case .bicubic: bicubicRow(job, y: y)
                        }
                    }
                }
            }
            return Result(planes: outputs, mask: mask)
        }

        /// Resizes one plane to `size` (edges aligned; see ``ProjectiveTransform/resize(from:to:)``).
        /// Shrinking by more than 2× aliases: blur first, or use ``GaussianPyramid``.
        public static func resize(_ image: Image<Gray32>, to size: Size, interpolation: Interpolation,
                                  parallel: Bool = true) -> Image<Gray32> {
            fast([image], sourceFromTarget: .resize(from: image.size, to: size), outputSize: size,
                 interpolation: interpolation, parallel: parallel).planes[0]
        }

        struct Job: @unchecked Sendable {
            let sources: UnsafeMutablePointer<UnsafePointer<Float>>
            let targets: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
            let mask: UnsafeMutablePointer<UInt8>
            let count: Int
            let sourceWidth: Int
            let sourceHeight: Int
            let targetWidth: Int
            let matrix: (Double, Double, Double, Double, Double, Double, Double, Double, Double)
            /// The last row is (0, 0, 1): w is exactly 1, so the division is skipped (same result).
            var isAffine: Bool { matrix.6 == 0 && matrix.7 == 0 && matrix.8 == 1 }
        }

        /// The source position of target (x, y), or nil when invalid; the same arithmetic as
        /// ``ProjectiveTransform/apply(x:y:)``.
        @inline(__always)
        static func sourcePosition(_ job: Job, _ x: Int, _ y: Int) -> (Double, Double)? {
            let m = job.matrix, fx = Double(x), fy = Double(y)
            let w = job.isAffine ? 1 : m.6 * fx + m.7 * fy + m.8
            guard w > 0 else { return nil }
            let sx = (m.0 * fx + m.1 * fy + m.2) / w, sy = (m.3 * fx + m.4 * fy + m.5) / w
            guard sx >= -0.5, sx <= Double(job.sourceWidth) - 0.5, sy >= -0.5, sy <= Double(job.sourceHeight) - 0.5 else {
                return nil
            }
            return (sx, sy)
        }

        @inline(__always)
        static func invalid(_ job: Job, _ index: Int) {
            job.mask[index] = 0
            for p in 0..<job.count { job.targets[p][index] = 0 }
        }

        static func bilinearRow(_ job: Job, y: Int) {
            let sw = job.sourceWidth, sh = job.sourceHeight
            for x in 0..<job.targetWidth {
                let index = y &* job.targetWidth &+ x
                guard let (sx, sy) = sourcePosition(job, x, y) else { invalid(job, index); continue }
                let fx0 = sx.rounded(.down), fy0 = sy.rounded(.down)
                let fx = Float(sx - fx0), fy = Float(sy - fy0)
                let x0 = Int(fx0), y0 = Int(fy0)
                let xa = Swift.max(x0, 0), xb = Swift.min(x0 &+ 1, sw &- 1)
                let ya = Swift.max(y0, 0) &* sw, yb = Swift.min(y0 &+ 1, sh &- 1) &* sw
                job.mask[index] = 255
                for p in 0..<job.count {
                    let s = job.sources[p]
                    let top = (1 - fx) * s[ya &+ xa] + fx * s[ya &+ xb]
                    let bottom = (1 - fx) * s[yb &+ xa] + fx * s[yb &+ xb]
                    job.targets[p][index] = (1 - fy) * top + fy * bottom
                }
            }
        }

        static func bicubicRow(_ job: Job, y: Int) {
            let sw = job.sourceWidth, sh = job.sourceHeight
            for x in 0..<job.targetWidth {
                let index = y &* job.targetWidth &+ x
                guard let (sx, sy) = sourcePosition(job, x, y) else { invalid(job, index); continue }
                let fx0 = sx.rounded(.down), fy0 = sy.rounded(.down)
                let x0 = Int(fx0), y0 = Int(fy0)
                let wx = Interpolation.cubicWeights(Float(sx - fx0)), wy = Interpolation.cubicWeights(Float(sy - fy0))
                let c0 = Swift.min(Swift.max(x0 &- 1, 0), sw &- 1), c1 = Swift.min(Swift.max(x0, 0), sw &- 1)
                let c2 = Swift.min(Swift.max(x0 &+ 1, 0), sw &- 1), c3 = Swift.min(Swift.max(x0 &+ 2, 0), sw &- 1)
                let r0 = Swift.min(Swift.max(y0 &- 1, 0), sh &- 1) &* sw, r1 = Swift.min(Swift.max(y0, 0), sh &- 1) &* sw
                let r2 = Swift.min(Swift.max(y0 &+ 1, 0), sh &- 1) &* sw, r3 = Swift.min(Swift.max(y0 &+ 2, 0), sh &- 1) &* sw
                job.mask[index] = 255
                for p in 0..<job.count {
                    let s = job.sources[p]
                    @inline(__always) func row(_ r: Int) -> Float {
                        (wx.0 * s[r &+ c0] + wx.1 * s[r &+ c1]) + (wx.2 * s[r &+ c2] + wx.3 * s[r &+ c3])
                    }
                    job.targets[p][index] = (wy.0 * row(r0) + wy.1 * row(r1)) + (wy.2 * row(r2) + wy.3 * row(r3))
                }
            }
        }
    }
}
