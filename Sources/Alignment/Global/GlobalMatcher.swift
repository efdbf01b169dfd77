import ImageCore
import Foundation

/// The global stage: matches keypoints of the two photos and finds the similarity transform that
/// most matches agree on, without a starting guess.
///
/// Matching is nearest neighbour on descriptors with Lowe's ratio test [1] (0.9), limited to pairs
/// whose scale ratio and orientation difference lie within a generous margin of the capture range.
/// The transform comes from RANSAC [2] over one-match hypotheses (each match's own position, scale
/// and angle) and two-match hypotheses (positions only), scored by inlier count within
/// ``inlierThreshold(longSide:)``, then re-fitted by least squares on its inliers. The random draws
/// are seeded by a fixed constant, so results repeat exactly.
///
/// [1] D. G. Lowe, "Distinctive image features from scale-invariant keypoints", IJCV 60 (2004).
/// [2] M. A. Fischler, R. C. Bolles, "Random sample consensus", CACM 24 (1981).
enum GlobalMatcher {
    struct Match: Sendable {
        var after: Int
        var before: Int
    }

    /// A similarity z ↦ αz + β on complex coordinates (x + iy): before = α·after + β.
    struct Similarity: Sendable, Equatable {
        var ar: Double, ai: Double, br: Double, bi: Double

        func apply(_ x: Double, _ y: Double) -> (Double, Double) {
            (ar * x - ai * y + br, ai * x + ar * y + bi)
        }

        var transform: ProjectiveTransform {
            .affine(a: ar, b: -ai, c: br, d: ai, e: ar, f: bi)
        }
    }

    struct Result: Sendable {
        var similarity: Similarity
        var matches: Int
        var inliers: Int
    }

    static func inlierThreshold(longSide: Int) -> Double { max(2, 0.012 * Double(longSide)) }

    /// Matches `after` to `before`, ratio test and range prior.
    static func match(after: KeypointSet, before: KeypointSet, scaleRange: ClosedRange<Double>,
                      maximumRotationDegrees: Double) -> [Match] {
        let n = KeypointDetector.descriptorLength
        guard before.count >= 2 else { return [] }
        let maximumTurn = (maximumRotationDegrees + 20) * Double.pi / 180
        let lowRatio = scaleRange.lowerBound / 1.35, highRatio = scaleRange.upperBound * 1.35
        var matches: [Match] = []
        before.descriptors.withUnsafeBufferPointer { b in
            after.descriptors.withUnsafeBufferPointer { a in
                for i in 0..<after.count {
                    let p = after.points[i]
                    var best: Float = -2, second: Float = -2, bestIndex = -1
                    let ai = a.baseAddress! + i * n
                    for j in 0..<before.count {
                        let q = before.points[j]
                        // before = α·after: the scale ratio is σ_before/σ_after, the turn θ_before − θ_after.
                        let ratio = q.sigma / p.sigma
                        guard ratio >= lowRatio, ratio <= highRatio else { continue }
                        var turn = (q.angle - p.angle).truncatingRemainder(dividingBy: 2 * Double.pi)
                        if turn > Double.pi { turn -= 2 * Double.pi }
                        if turn < -Double.pi { turn += 2 * Double.pi }
                        guard abs(turn) <= maximumTurn else { continue }
                        let bj = b.baseAddress! + j * n
                        var dot: Float = 0
                        for k in 0..<n { dot += ai[k] * bj[k] }
                        if dot > best {
                            second = best
                            best = dot
                            bestIndex = j
                        } else if dot > second {
                            second = dot
                        }
                    }
                    guard bestIndex >= 0 else { continue }
                    // Distances of unit vectors: d² = 2 − 2·dot.
                    let d1 = max(0, 2 - 2 * best), d2 = max(0, 2 - 2 * second)
                    if d1 < 0.81 * d2 && best > 0.5 {
                        matches.append(Match(after: i, before: bestIndex))
                    }
                }
            }
        }
        return matches
    }

    /// RANSAC for the similarity most matches agree on; nil when fewer than 2 matches.
    static func estimate(after: KeypointSet, before: KeypointSet, matches: [Match], threshold: Double) -> Result? {
        guard matches.count >= 2 else { return nil }
        let a = matches.map { (after.points[$0.after].x, after.points[$0.after].y) }
        let b = matches.map { (before.points[$0.before].x, before.points[$0.before].y) }
        let t2 = threshold * threshold

        func inliers(_ s: Similarity) -> [Int] {
            var result: [Int] = []
            for k in 0..<a.count {
                let (x, y) = s.apply(a[k].0, a[k].1)
                let dx = x - b[k].0, dy = y - b[k].1
                if dx * dx + dy * dy <= t2 { result.append(k) }
            }
            return result
        }

        var hypotheses: [Similarity] = []
        for m in matches {
            let p = after.points[m.after], q = before.points[m.before]
            let scale = q.sigma / p.sigma, turn = q.angle - p.angle
            let ar = scale * cos(turn), ai = scale * sin(turn)
            hypotheses.append(Similarity(ar: ar, ai: ai, br: q.x - (ar * p.x - ai * p.y), bi: q.y - (ai * p.x + ar * p.y)))
        }
        var state: UInt64 = 0x5EED_A11C
        func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        for _ in 0..<min(1500, matches.count * (matches.count - 1) / 2) {
            let i = next(a.count)
            var j = next(a.count - 1)
            if j >= i { j += 1 }
            if let s = twoPoint(a[i], a[j], b[i], b[j]) { hypotheses.append(s) }
        }

        var best: Similarity?, bestSet: [Int] = []
        for s in hypotheses {
            let set = inliers(s)
            if set.count > bestSet.count {
                best = s
                bestSet = set
            }
        }
        guard var similarity = best, bestSet.count >= 2 else { return nil }
        for _ in 0..<4 {
            guard let refitted = leastSquares(bestSet.map { a[$0] }, bestSet.map { b[$0] }) else { break }
            let set = inliers(refitted)
            guard set.count >= bestSet.count else { break }
            similarity = refitted
            bestSet = set
        }
        return Result(similarity: similarity, matches: matches.count, inliers: bestSet.count)
    }

    static func twoPoint(_ a1: (Double, Double), _ a2: (Double, Double), _ b1: (Double, Double),
                         _ b2: (Double, Double)) -> Similarity? {
        let dax = a1.0 - a2.0, day = a1.1 - a2.1, dbx = b1.0 - b2.0, dby = b1.1 - b2.1
        let d = dax * dax + day * day
        guard d > 1e-9 else { return nil }
        // α = (b1 − b2)/(a1 − a2) in complex arithmetic.
        let ar = (dbx * dax + dby * day) / d, ai = (dby * dax - dbx * day) / d
        return Similarity(ar: ar, ai: ai, br: b1.0 - (ar * a1.0 - ai * a1.1), bi: b1.1 - (ai * a1.0 + ar * a1.1))
    }

    /// Least-squares similarity mapping `a` onto `b`.
    static func leastSquares(_ a: [(Double, Double)], _ b: [(Double, Double)]) -> Similarity? {
        let n = Double(a.count)
        guard a.count >= 2 else { return nil }
        let ax = a.map(\.0).reduce(0, +) / n, ay = a.map(\.1).reduce(0, +) / n
        let bx = b.map(\.0).reduce(0, +) / n, by = b.map(\.1).reduce(0, +) / n
        var sr = 0.0, si = 0.0, saa = 0.0
        for k in 0..<a.count {
            let ux = a[k].0 - ax, uy = a[k].1 - ay, vx = b[k].0 - bx, vy = b[k].1 - by
            // Σ v·conj(u)
            sr += vx * ux + vy * uy
            si += vy * ux - vx * uy
            saa += ux * ux + uy * uy
        }
        guard saa > 1e-9 else { return nil }
        let ar = sr / saa, ai = si / saa
        return Similarity(ar: ar, ai: ai, br: bx - (ar * ax - ai * ay), bi: by - (ai * ax + ar * ay))
    }
}
