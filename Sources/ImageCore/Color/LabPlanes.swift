/// A CIELAB picture as three float planes of equal size (D65 white, CIE 1976).
///
/// `l` is lightness L* in 0...100; `a` (green−red) and `b` (blue−yellow) are unbounded, about
/// −128...127 for sRGB colours.
public struct LabPlanes: Sendable, Equatable {
    public var l: Image<Gray32>
    public var a: Image<Gray32>
    public var b: Image<Gray32>

    public init(l: Image<Gray32>, a: Image<Gray32>, b: Image<Gray32>) {
        precondition(l.size == a.size && a.size == b.size, "Lab planes must have equal sizes")
        self.l = l
        self.a = a
        self.b = b
    }

    /// The size in pixels.
    public var size: Size { l.size }
}
