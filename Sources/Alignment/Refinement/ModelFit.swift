import ImageCore

/// Least-squares fit of a simpler model to a transform, over a 17×17 grid spanning a frame,
/// restricted to the points that the transform maps into a second frame (the overlap: outside it
/// a general model is not constrained by any pixel).
enum ModelFit {
    /// `transform` (from `size` pixels to `targetSize` pixels) approximated by `model` (similarity
    /// or affine), and the largest distance between the two on the grid points in the overlap, in
    /// target pixels; nil when fewer than 9 grid points overlap.
    static func fit(_ transform: ProjectiveTransform, model: MotionModel, over size: Size, into targetSize: Size)
        -> (transform: ProjectiveTransform, deviation: Double)? {
        var source: [(Double, Double)] = [], target: [(Double, Double)] = []
        for j in 0...16 {
            for i in 0...16 {
                let x = Double(i) / 16 * Double(size.width - 1), y = Double(j) / 16 * Double(size.height - 1)
                guard let p = transform.apply(x: x, y: y), p.x >= 0, p.y >= 0,
                      p.x <= Double(targetSize.width - 1), p.y <= Double(targetSize.height - 1) else { continue }
                source.append((x, y))
                target.append((p.x, p.y))
            }
        }
        guard source.count >= 9 else { return nil }
        let fitted: ProjectiveTransform
        switch model {
        case .similarity:
            guard let s = GlobalMatcher.leastSquares(source, target) else { return nil }
            fitted = s.transform
        case .affine:
            // Normal equations for x' = a·x + b·y + c (and y' likewise), shared 3×3 system.
            var m = [Double](repeating: 0, count: 9), bx = [0.0, 0, 0], by = [0.0, 0, 0]
            for k in 0..<source.count {
                let v = [source[k].0, source[k].1, 1]
                for a in 0..<3 {
                    for b in 0..<3 { m[a * 3 + b] += v[a] * v[b] }
                    bx[a] += v[a] * target[k].0
                    by[a] += v[a] * target[k].1
                }
            }
            guard let x = SmallMatrix.solve(m, bx, n: 3), let y = SmallMatrix.solve(m, by, n: 3) else { return nil }
            fitted = .affine(a: x[0], b: x[1], c: x[2], d: y[0], e: y[1], f: y[2])
        case .homography:
            fitted = transform
        }
        var deviation = 0.0
        for k in 0..<source.count {
            guard let p = fitted.apply(x: source[k].0, y: source[k].1) else { return nil }
            deviation = max(deviation, ((p.x - target[k].0) * (p.x - target[k].0) + (p.y - target[k].1) * (p.y - target[k].1)).squareRoot())
        }
        return (fitted, deviation)
    }
}
