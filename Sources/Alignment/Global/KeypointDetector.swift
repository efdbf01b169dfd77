import ImageCore
import Foundation

/// Scale-invariant blobs with oriented patch descriptors, for the global stage of alignment.
///
/// - Detection: local maxima over position and scale of the scale-normalised determinant of the
///   Hessian, σ⁴(LxxLyy − Lxy²) (central differences of the image blurred to σ), at σ = 1.6·2^(i/3) px (Lindeberg 1998 [1]; the detector of SURF [2]),
///   with a quadratic fit for sub-pixel position; the strongest are kept per cell of a 6×6 grid so
///   that they spread over the photo.
/// - Orientation: the peak of a 36-bin histogram of gradient directions around the blob (after
///   removing their weighted mean, a light gradient), weighted by gradient magnitude and a Gaussian
///   of 1.5σ (Lowe 2004 [3]); secondary peaks above 80 % give
///   extra keypoints.
/// - Descriptor: 8×8 samples of the image smoothed at σ, spaced 1.5σ apart along the keypoint's
///   axes, minus their best-fitting plane (mean and ramp) and divided by their norm (multi-scale oriented patches, Brown, Szeliski
///   and Winder 2005 [4]); invariant to gain and offset, and through the scale and angle to
///   rotation and zoom.
///
/// [1] T. Lindeberg, "Feature detection with automatic scale selection", IJCV 30 (1998).
/// [2] H. Bay et al., "SURF: Speeded up robust features", CVIU 110 (2008).
/// [3] D. G. Lowe, "Distinctive image features from scale-invariant keypoints", IJCV 60 (2004).
/// [4] M. Brown, R. Szeliski, S. Winder, "Multi-image matching using multi-scale oriented patches",
///     CVPR 2005.
enum KeypointDetector {
    static let descriptorSide = 8
    static let descriptorLength = descriptorSide * descriptorSide
    /// Scales σᵢ = 1.6·2^(i/3), i = 0..<scaleCount.
    static let scaleCount = 7
    static let gridCells = 6

    static func sigma(_ i: Int) -> Double { 1.6 * pow(2, Double(i) / 3) }

    /// Keypoints over three octaves: scales σ = 2…5.1 px on `image` and, in `image`'s pixels,
    /// σ = 6.4…10.2 px from `half` (the next pyramid level, pixel x at 2x + 0.5 of `image`), so
    /// that zooms of 0.6–1.6× still leave a wide band of scales seen in both photos.
    static func detect(_ image: Image<Gray32>, half: Image<Gray32>, maximumCount: Int = 500) -> KeypointSet {
        var set = detect(image, scales: 1...5, maximumCount: maximumCount * 3 / 4)
        let coarse = detect(half, scales: 3...5, maximumCount: maximumCount / 4)
        for point in coarse.points {
            set.points.append(Keypoint(x: 2 * point.x + 0.5, y: 2 * point.y + 0.5, sigma: 2 * point.sigma,
                                       angle: point.angle, response: point.response))
        }
        set.descriptors += coarse.descriptors
        return set
    }

    /// Up to `maximumCount` keypoints of `image` at the scale indices `scales` (within 1...5).
    static func detect(_ image: Image<Gray32>, scales: ClosedRange<Int>, maximumCount: Int) -> KeypointSet {
        let w = image.width, h = image.height
        guard w >= 24, h >= 24 else { return KeypointSet() }
        // Scale space by incremental blurring; the Hessian by central differences of each level.
        var smoothed: [[Float]] = []
        var responses: [[Float]] = []
        var current = image
        var currentSigma = 0.0
        for i in 0..<scaleCount {
            let s = sigma(i)
            current = Kernels.GaussianBlur.fast(current, sigma: (s * s - currentSigma * currentSigma).squareRoot(), parallel: false)
            currentSigma = s
            let plane = current.pixels.map(\.value)
            smoothed.append(plane)
            let norm = Float(s * s * s * s)
            var response = [Float](repeating: 0, count: w * h)
            for y in 1..<(h - 1) {
                for x in 1..<(w - 1) {
                    let p = y * w + x
                    let c = plane[p]
                    let xx = plane[p + 1] - 2 * c + plane[p - 1]
                    let yy = plane[p + w] - 2 * c + plane[p - w]
                    let xy = 0.25 * ((plane[p + w + 1] - plane[p + w - 1]) - (plane[p - w + 1] - plane[p - w - 1]))
                    response[p] = norm * (xx * yy - xy * xy)
                }
            }
            responses.append(response)
        }

        // Local maxima over 3×3×3, away from the border by the descriptor's reach.
        var candidates: [(Keypoint, Int)] = []
        for i in scales.clamped(to: 1...(scaleCount - 2)) {
            let s = sigma(i)
            let margin = Int((1.5 * Double(descriptorSide) / 2 * s * 1.42).rounded(.up)) + 2
            guard 2 * margin < min(w, h) else { continue }
            let below = responses[i - 1], here = responses[i], above = responses[i + 1]
            for y in margin..<(h - margin) {
                for x in margin..<(w - margin) {
                    let p = y * w + x
                    let v = here[p]
                    guard v > 0 else { continue }
                    var isMaximum = true
                    scan: for dy in -1...1 {
                        for dx in -1...1 {
                            let q = p + dy * w + dx
                            if below[q] >= v || above[q] >= v || (q != p && here[q] >= v) {
                                isMaximum = false
                                break scan
                            }
                        }
                    }
                    guard isMaximum else { continue }
                    // Quadratic fit for the sub-pixel position.
                    let dxx = here[p + 1] - 2 * v + here[p - 1]
                    let dyy = here[p + w] - 2 * v + here[p - w]
                    let gx = (here[p + 1] - here[p - 1]) / 2, gy = (here[p + w] - here[p - w]) / 2
                    let ox = dxx < 0 ? max(-0.5, min(0.5, -gx / dxx)) : 0
                    let oy = dyy < 0 ? max(-0.5, min(0.5, -gy / dyy)) : 0
                    let dss = above[p] - 2 * v + below[p]
                    let gs = (above[p] - below[p]) / 2
                    let os = dss < 0 ? max(-0.5, min(0.5, -gs / dss)) : 0
                    let point = Keypoint(x: Double(x) + Double(ox), y: Double(y) + Double(oy),
                                         sigma: s * pow(2, Double(os) / 3), angle: 0, response: v)
                    candidates.append((point, i))
                }
            }
        }
        guard !candidates.isEmpty else { return KeypointSet() }

        // Spread: the strongest per grid cell first, then the rest by strength.
        let perCell = max(1, maximumCount / (gridCells * gridCells))
        var cells = [[(Keypoint, Int)]](repeating: [], count: gridCells * gridCells)
        for candidate in candidates {
            let cx = min(gridCells - 1, Int(candidate.0.x * Double(gridCells) / Double(w)))
            let cy = min(gridCells - 1, Int(candidate.0.y * Double(gridCells) / Double(h)))
            cells[cy * gridCells + cx].append(candidate)
        }
        var chosen: [(Keypoint, Int)] = []
        for cell in cells {
            chosen += cell.sorted { ($0.0.response, $0.0.x, $0.0.y) > ($1.0.response, $1.0.x, $1.0.y) }.prefix(perCell)
        }

        var set = KeypointSet()
        for (point, i) in chosen {
            let plane = smoothed[i]
            for angle in orientations(plane, width: w, height: h, point: point) {
                var oriented = point
                oriented.angle = angle
                guard let descriptor = describe(plane, width: w, height: h, point: oriented) else { continue }
                set.points.append(oriented)
                set.descriptors += descriptor
            }
        }
        return set
    }

    /// Bilinear sample of a plane (clamped to its border).
    @inline(__always)
    static func sample(_ plane: [Float], width w: Int, height h: Int, x: Double, y: Double) -> Float {
        let cx = min(max(x, 0), Double(w - 1)), cy = min(max(y, 0), Double(h - 1))
        let x0 = min(Int(cx), w - 2), y0 = min(Int(cy), h - 2)
        let fx = Float(cx - Double(x0)), fy = Float(cy - Double(y0))
        let p = y0 * w + x0
        let top = plane[p] + fx * (plane[p + 1] - plane[p])
        let bottom = plane[p + w] + fx * (plane[p + w + 1] - plane[p + w])
        return top + fy * (bottom - top)
    }

    /// Dominant gradient directions around `point` (radians).
    static func orientations(_ plane: [Float], width w: Int, height h: Int, point: Keypoint) -> [Double] {
        let bins = 36
        var histogram = [Double](repeating: 0, count: bins)
        let sigmaWindow = 1.5 * point.sigma
        let radius = 3 * sigmaWindow
        let step = max(1, point.sigma / 2)
        // Gradients around the point; their weighted mean (a light gradient across the patch) is
        // removed before the directions are counted.
        var samples: [(gx: Double, gy: Double, weight: Double)] = []
        var dy = -radius
        while dy <= radius {
            var dx = -radius
            while dx <= radius {
                let r2 = dx * dx + dy * dy
                if r2 <= radius * radius {
                    let x = point.x + dx, y = point.y + dy
                    let gx = Double(sample(plane, width: w, height: h, x: x + 1, y: y) - sample(plane, width: w, height: h, x: x - 1, y: y))
                    let gy = Double(sample(plane, width: w, height: h, x: x, y: y + 1) - sample(plane, width: w, height: h, x: x, y: y - 1))
                    samples.append((gx, gy, exp(-r2 / (2 * sigmaWindow * sigmaWindow))))
                }
                dx += step
            }
            dy += step
        }
        let totalWeight = samples.reduce(0) { $0 + $1.weight }
        let meanX = samples.reduce(0) { $0 + $1.weight * $1.gx } / max(totalWeight, 1e-12)
        let meanY = samples.reduce(0) { $0 + $1.weight * $1.gy } / max(totalWeight, 1e-12)
        for sample in samples {
            let gx = sample.gx - meanX, gy = sample.gy - meanY
            var angle = atan2(gy, gx)
            if angle < 0 { angle += 2 * Double.pi }
            let bin = min(bins - 1, Int(angle / (2 * Double.pi) * Double(bins)))
            histogram[bin] += sample.weight * (gx * gx + gy * gy).squareRoot()
        }
        // Smooth the circular histogram twice with [1 1 1]/3.
        for _ in 0..<2 {
            histogram = (0..<bins).map { (histogram[($0 + bins - 1) % bins] + histogram[$0] + histogram[($0 + 1) % bins]) / 3 }
        }
        guard let peak = histogram.max(), peak > 0 else { return [] }
        var angles: [Double] = []
        for b in 0..<bins {
            let left = histogram[(b + bins - 1) % bins], right = histogram[(b + 1) % bins], v = histogram[b]
            guard v >= 0.8 * peak, v > left, v >= right else { continue }
            let denominator = left - 2 * v + right
            let offset = denominator < 0 ? 0.5 * (left - right) / denominator : 0
            angles.append((Double(b) + 0.5 + offset) * 2 * Double.pi / Double(bins))
            if angles.count == 2 { break }
        }
        return angles
    }

    /// The normalised patch descriptor, or nil for a flat patch.
    static func describe(_ plane: [Float], width w: Int, height h: Int, point: Keypoint) -> [Float]? {
        let spacing = 1.5 * point.sigma
        let c = cos(point.angle) * spacing, s = sin(point.angle) * spacing
        var values = [Float](repeating: 0, count: descriptorLength)
        var mean: Float = 0
        for j in 0..<descriptorSide {
            let v = Double(j) - Double(descriptorSide - 1) / 2
            for i in 0..<descriptorSide {
                let u = Double(i) - Double(descriptorSide - 1) / 2
                let x = point.x + u * c - v * s, y = point.y + u * s + v * c
                let value = sample(plane, width: w, height: h, x: x, y: y)
                values[j * descriptorSide + i] = value
                mean += value
            }
        }
        mean /= Float(descriptorLength)
        // Remove the best-fitting plane (mean and linear ramp): a smooth light gradient across the
        // patch must not change the descriptor. u and v are symmetric, so the fit is separable.
        var slopeU: Float = 0, slopeV: Float = 0, moment: Float = 0
        let centre = Float(descriptorSide - 1) / 2
        for j in 0..<descriptorSide {
            for i in 0..<descriptorSide {
                let u = Float(i) - centre, v = Float(j) - centre
                let value = values[j * descriptorSide + i] - mean
                slopeU += value * u
                slopeV += value * v
                moment += u * u
            }
        }
        slopeU /= moment
        slopeV /= moment
        var norm: Float = 0
        for j in 0..<descriptorSide {
            for i in 0..<descriptorSide {
                let k = j * descriptorSide + i
                values[k] -= mean + slopeU * (Float(i) - centre) + slopeV * (Float(j) - centre)
                norm += values[k] * values[k]
            }
        }
        guard norm > 1e-12 else { return nil }
        let scale = 1 / norm.squareRoot()
        return values.map { $0 * scale }
    }
}
