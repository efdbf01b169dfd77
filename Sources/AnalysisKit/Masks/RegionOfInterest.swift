public import ImageCore
import Foundation

/// A region of the baseline photo chosen by the user: a rectangle, a polygon or a mask image, in
/// baseline pixels (x right, y down, origin at the top-left pixel's centre). A pixel belongs to a
/// rectangle or polygon when its centre lies inside (even-odd rule for polygons).
public enum RegionOfInterest: Sendable, Equatable, CustomStringConvertible {
    case rectangle(x: Double, y: Double, width: Double, height: Double)
    /// At least three vertices (x, y).
    case polygon([[Double]])
    /// Non-zero pixels are inside; the image must have the baseline photo's size.
    case mask(Image<Gray8>)

    /// Parses `rect:X,Y,W,H` or `poly:X1,Y1;X2,Y2;X3,Y3…` (numbers in baseline pixels).
    /// Mask images are read by the caller and given as ``mask(_:)``.
    public init(parsing text: String) throws(AnalysisError) {
        func numbers(_ part: Substring) throws(AnalysisError) -> [Double] {
            var out: [Double] = []
            for item in part.split(separator: ",", omittingEmptySubsequences: false) {
                guard let value = Double(item.trimmingCharacters(in: .whitespaces)), value.isFinite else {
                    throw .unmeasurable(reason: "the region “\(text)” has “\(item)” where a number belongs")
                }
                out.append(value)
            }
            return out
        }
        if text.hasPrefix("rect:") {
            let v = try numbers(text.dropFirst(5))
            guard v.count == 4, v[2] > 0, v[3] > 0 else {
                throw .unmeasurable(reason: "a rectangle is rect:X,Y,WIDTH,HEIGHT with a positive width and height, not “\(text)”")
            }
            self = .rectangle(x: v[0], y: v[1], width: v[2], height: v[3])
        } else if text.hasPrefix("poly:") {
            var vertices: [[Double]] = []
            for pair in text.dropFirst(5).split(separator: ";") {
                let v = try numbers(pair)
                guard v.count == 2 else { throw .unmeasurable(reason: "a polygon vertex is X,Y, not “\(pair)”") }
                vertices.append(v)
            }
            guard vertices.count >= 3 else { throw .unmeasurable(reason: "a polygon needs at least three vertices: “\(text)”") }
            self = .polygon(vertices)
        } else {
            throw .unmeasurable(reason: "a region is rect:X,Y,W,H or poly:X1,Y1;X2,Y2;…, not “\(text)”")
        }
    }

    public var description: String {
        switch self {
        case .rectangle(let x, let y, let width, let height): "rect:\(x),\(y),\(width),\(height)"
        case .polygon(let vertices): "poly:" + vertices.map { "\($0[0]),\($0[1])" }.joined(separator: ";")
        case .mask(let image): "mask image \(image.width)×\(image.height)"
        }
    }

    /// The region as a mask of `size` (255 inside, 0 outside).
    public func rasterized(size: Size) throws(AnalysisError) -> Image<Gray8> {
        switch self {
        case .mask(let image):
            guard image.size == size else {
                throw .unmeasurable(reason: "the region mask is \(image.width)×\(image.height) but the photo is \(size.width)×\(size.height)")
            }
            return Image(size: size, pixels: image.pixels.map { Gray8(value: $0.value != 0 ? 255 : 0) })
        case .rectangle(let x, let y, let width, let height):
            return Self.fill(size: size, polygon: [[x, y], [x + width, y], [x + width, y + height], [x, y + height]])
        case .polygon(let vertices):
            return Self.fill(size: size, polygon: vertices)
        }
    }

    /// Even-odd scan-line fill of pixel centres.
    static func fill(size: Size, polygon: [[Double]]) -> Image<Gray8> {
        Image(size: size, unsafeUninitializedPixels: { (out: UnsafeMutableBufferPointer<Gray8>) in
            out.initialize(repeating: Gray8(value: 0))
            var crossings: [Double] = []
            for y in 0..<size.height {
                let yc = Double(y)
                crossings.removeAll(keepingCapacity: true)
                for i in polygon.indices {
                    let a = polygon[i], b = polygon[(i + 1) % polygon.count]
                    if (a[1] <= yc) != (b[1] <= yc) {
                        crossings.append(a[0] + (yc - a[1]) / (b[1] - a[1]) * (b[0] - a[0]))
                    }
                }
                crossings.sort()
                var k = 0
                while k + 1 < crossings.count {
                    let start = max(0, Int((crossings[k]).rounded(.up)))
                    let end = min(size.width - 1, Int((crossings[k + 1]).rounded(.up)) - 1)
                    if start <= end { for x in start...end { out[y * size.width + x] = Gray8(value: 255) } }
                    k += 2
                }
            }
        })
    }
}
