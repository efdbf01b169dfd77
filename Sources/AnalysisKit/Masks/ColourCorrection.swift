/// A colour correction applied to the after photo: each linear channel multiplied by a gain so
/// that the mean linear RGB of a reference region on untreated skin matches the baseline's.
///
/// gain_c = mean_before(c) / mean_after(c) over the reference region's skin pixels, c ∈ {R, G, B}.
/// A change of exposure or of the light's colour between sessions then does not read as a change
/// of skin; a change of illumination across the frame is not corrected.
public struct ColourCorrection: Hashable, Sendable, Codable {
    /// The reference region as given (`rect:…`, `poly:…` or a mask image).
    public var region: String
    /// Skin pixels in the region used for the means.
    public var pixels: Int
    /// Gains on linear red, green, blue.
    public var gains: [Double]

    public init(region: String, pixels: Int, gains: [Double]) {
        self.region = region
        self.pixels = pixels
        self.gains = gains
    }

    /// Fewest reference pixels accepted.
    public static let minimumPixels = 400
    /// Gains outside this range mean the region is not the same skin or the light is unusable.
    public static let plausibleGains = 0.4...2.5
}
