/// The scale assumed for window sizes when a photo's scale is unknown.
///
/// Analyzers size their filters in millimetres. Without a known scale (manifest
/// `pixelsPerMillimetre`, `--pixels-per-mm` or a calibration card) they size them as if the photo
/// had ``assumedPixelsPerMillimetre`` — a close-up of about 3 cm across at 640 px — and report sizes
/// in pixels and densities per megapixel, labelled as such, never in physical units.
public enum PhysicalScale {
    /// Pixels per millimetre assumed for window sizes when none is known.
    public static let assumedPixelsPerMillimetre = 20.0

    /// `pixelsPerMillimetre`, or the assumed scale when it is unknown.
    public static func windowScale(_ pixelsPerMillimetre: Double?) -> Double {
        pixelsPerMillimetre ?? assumedPixelsPerMillimetre
    }
}
