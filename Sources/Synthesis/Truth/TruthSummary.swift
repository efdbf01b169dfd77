/// The true summary numbers of one session, in the units the analyzers report, measured on the
/// skin of the measurement region under the reference light.
public struct TruthSummary: Codable, Sendable, Equatable {
    public struct Pores: Codable, Sendable, Equatable {
        public var count: Int
        public var densityPerSquareCentimetre: Double
        /// Mean area π·a·b of the half-depth outlines, mm².
        public var meanAreaSquareMillimetres: Double
        /// Total pore area over region area, percent.
        public var areaPercent: Double
    }
    public struct Spots: Codable, Sendable, Equatable {
        public var count: Int
        public var totalAreaSquareMillimetres: Double
        public var areaPercent: Double
        public var meanDeltaE: Double
        public var meanDeltaLStar: Double
    }
    public struct Scars: Codable, Sendable, Equatable {
        public var count: Int
        public var totalAreaSquareMillimetres: Double
        public var areaPercent: Double
        public var meanDepthMicrometres: Double
        public var meanRoughnessMicrometres: Double
        /// RMS of L* minus its Gaussian low-pass (σ = 1 mm) inside the scars, and on the other skin.
        public var textureLStar: Double
        public var surroundingTextureLStar: Double
    }
    public struct Redness: Codable, Sendable, Equatable {
        public var meanAStar: Double
        /// Diffuse haemoglobin optical density of the session (bare skin between patches).
        public var diffuseHaemoglobin: Double
        public var patchCount: Int
    }
    public struct Lines: Codable, Sendable, Equatable {
        public var count: Int
        /// Length of line inside the region, mm, and per cm² of region.
        public var totalLengthMillimetres: Double
        public var densityMillimetresPerSquareCentimetre: Double
        public var meanDepthMicrometres: Double
    }
    public struct Tone: Codable, Sendable, Equatable {
        public var meanLStar: Double
        public var meanAStar: Double
        public var meanBStar: Double
        /// ITA° of the mean L*, b*.
        public var itaDegrees: Double
        /// Standard deviation of L* and b* after a Gaussian low-pass of σ = 0.5 mm.
        public var lowPassSDLStar: Double
        public var lowPassSDBStar: Double
    }

    public var regionAreaSquareCentimetres: Double
    public var pores: Pores
    public var spots: Spots
    public var scars: Scars
    public var redness: Redness
    public var lines: Lines
    public var tone: Tone
}
