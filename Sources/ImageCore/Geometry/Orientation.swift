/// How a stored raster must be turned to appear upright: the eight values of the EXIF/TIFF
/// `Orientation` tag (0x0112).
///
/// The raw value is the tag value. Each case names where the stored image's first row and first
/// column belong in the upright picture, as the TIFF 6.0 specification does.
public enum Orientation: Int, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Stored upright.
    case up = 1
    /// Mirrored left–right.
    case upMirrored = 2
    /// Rotated 180°.
    case down = 3
    /// Mirrored top–bottom.
    case downMirrored = 4
    /// Mirrored along the main diagonal (transposed).
    case leftMirrored = 5
    /// Stored rotated 90° counter-clockwise: turn 90° clockwise to display.
    case right = 6
    /// Mirrored along the anti-diagonal (transversed).
    case rightMirrored = 7
    /// Stored rotated 90° clockwise: turn 90° counter-clockwise to display.
    case left = 8

    /// Whether applying the orientation exchanges width and height.
    @inlinable
    public var swapsAxes: Bool { rawValue >= 5 }

    /// The size of the upright picture for a stored raster of `stored` size.
    @inlinable
    public func uprightSize(forStored stored: Size) -> Size {
        swapsAxes ? stored.transposed : stored
    }

    /// The orientation that turns an upright picture into one stored with `self`; applying `self`
    /// to the result gives the upright picture back.
    public var inverse: Orientation {
        switch self {
        case .right: .left
        case .left: .right
        default: self
        }
    }

    public var description: String {
        switch self {
        case .up: "1 (upright)"
        case .upMirrored: "2 (mirrored horizontally)"
        case .down: "3 (rotated 180°)"
        case .downMirrored: "4 (mirrored vertically)"
        case .leftMirrored: "5 (transposed)"
        case .right: "6 (rotate 90° clockwise to view)"
        case .rightMirrored: "7 (transversed)"
        case .left: "8 (rotate 90° counter-clockwise to view)"
        }
    }

    /// The stored pixel `(storedX, storedY)` shown at upright position `(x, y)`, for a stored
    /// raster of `stored` size.
    @inlinable
    public func storedPosition(uprightX x: Int, uprightY y: Int, stored: Size) -> (x: Int, y: Int) {
        let w = stored.width, h = stored.height
        switch self {
        case .up: return (x, y)
        case .upMirrored: return (w - 1 - x, y)
        case .down: return (w - 1 - x, h - 1 - y)
        case .downMirrored: return (x, h - 1 - y)
        case .leftMirrored: return (y, x)
        case .right: return (y, h - 1 - x)
        case .rightMirrored: return (w - 1 - y, h - 1 - x)
        case .left: return (w - 1 - y, x)
        }
    }
}
