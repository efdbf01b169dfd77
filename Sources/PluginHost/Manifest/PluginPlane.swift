/// A plane of a photo that a plugin can ask for. Every plane is float32, row-major, in baseline
/// pixel coordinates (x right, y down, origin at the top-left pixel's centre).
public enum PluginPlane: String, Hashable, Sendable, Codable, CaseIterable {
    /// Linear-light red, green and blue: relative reflectance 0...1 (sRGB primaries, D65).
    case red, green, blue
    /// CIELAB D65: L* 0...100, a* and b* roughly −128...127.
    case l = "L", a, b
    /// Optical density of linear luminance, −ln(max(Y, 10⁻⁴)).
    case density
}
