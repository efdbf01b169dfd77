#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Properties of one connected component, in pixel coordinates (x right, y down, origin at the
/// centre of the top-left pixel).
///
/// Moments are of the pixel set: area n = Σ1, centroid (x̄, ȳ) = (Σx/n, Σy/n), central second
/// moments μ₂₀ = Σ(x−x̄)²/n, μ₀₂ = Σ(y−ȳ)²/n, μ₁₁ = Σ(x−x̄)(y−ȳ)/n in pixels². The ellipse with the
/// same second moments has axis lengths 4√λ₁ and 4√λ₂ (λ the eigenvalues of [[μ₂₀, μ₁₁], [μ₁₁, μ₀₂]]),
/// the convention of scikit-image's `regionprops` and MATLAB.
public struct Region: Sendable, Equatable, Codable {
    /// The component's label (1-based).
    public var label: Int
    /// Pixel count.
    public var area: Int
    /// Leftmost and rightmost column, inclusive.
    public var minX: Int, maxX: Int
    /// Top and bottom row, inclusive.
    public var minY: Int, maxY: Int
    /// Centroid x̄, ȳ in pixels.
    public var centroidX: Double, centroidY: Double
    /// Central second moments per pixel, in pixels².
    public var mu20: Double, mu02: Double, mu11: Double

    /// Major and minor axis lengths of the moment ellipse (4√λ), in pixels.
    public var axisLengths: (major: Double, minor: Double) {
        let mean = (mu20 + mu02) / 2, spread = (((mu20 - mu02) / 2) * ((mu20 - mu02) / 2) + mu11 * mu11).squareRoot()
        return (4 * (mean + spread).squareRoot(), 4 * Swift.max(0, mean - spread).squareRoot())
    }

    /// Major / minor axis length: 1 for a disk, large for a line; infinity for a one-pixel-wide line.
    public var elongation: Double {
        let axes = axisLengths
        return axes.minor > 0 ? axes.major / axes.minor : .infinity
    }

    /// Angle of the major axis from +x towards +y, in radians, in (−π/2, π/2].
    public var orientation: Double { 0.5 * atan2(2 * mu11, mu20 - mu02) }

    /// Integer moment sums of runs (exact in Int64 for pictures up to 2³¹ pixels a side).
    struct Accumulator {
        var area = 0, sumX = 0, sumY = 0, sumXX = 0, sumYY = 0, sumXY = 0
        var minX = Int.max, maxX = Int.min, minY = Int.max, maxY = Int.min

        /// Adds the pixels x0..<x1 of row y.
        mutating func addRun(y: Int, x0: Int, x1: Int) {
            let n = x1 - x0
            // Σx = n(x0 + x1 − 1)/2, Σx² = S(x1 − 1) − S(x0 − 1) with S(k) = k(k+1)(2k+1)/6.
            let sx = n * (x0 + x1 - 1) / 2
            func squares(_ k: Int) -> Int { k < 0 ? 0 : k * (k + 1) * (2 * k + 1) / 6 }
            area += n
            sumX += sx
            sumY += n * y
            sumXX += squares(x1 - 1) - squares(x0 - 1)
            sumYY += n * y * y
            sumXY += sx * y
            minX = Swift.min(minX, x0); maxX = Swift.max(maxX, x1 - 1)
            minY = Swift.min(minY, y); maxY = Swift.max(maxY, y)
        }

        func region(label: Int) -> Region {
            let n = Double(area)
            let cx = Double(sumX) / n, cy = Double(sumY) / n
            return Region(label: label, area: area, minX: minX, maxX: maxX, minY: minY, maxY: maxY,
                          centroidX: cx, centroidY: cy,
                          mu20: Double(sumXX) / n - cx * cx, mu02: Double(sumYY) / n - cy * cy,
                          mu11: Double(sumXY) / n - cx * cy)
        }
    }
}
