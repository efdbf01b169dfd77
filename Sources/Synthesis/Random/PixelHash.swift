/// Counter-based random numbers: a value for every (x, y, key) computed independently, so images
/// rendered on any number of threads, in any order, are identical.
public enum PixelHash {
    /// The SplitMix64 finaliser: a bijective 64-bit mix.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 64 random bits for integer coordinates under `key`.
    @inlinable
    public static func bits(x: Int, y: Int, key: UInt64) -> UInt64 {
        mix(key ^ mix(UInt64(bitPattern: Int64(x)) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: Int64(y)) &* 0xC2B2_AE3D_27D4_EB4F))
    }

    /// Uniform in [−1, 1) for integer coordinates under `key`.
    @inlinable
    public static func signedUnit(x: Int, y: Int, key: UInt64) -> Float {
        Float(bits(x: x, y: y, key: key) >> 40) * 0x1p-23 - 1
    }

    /// An approximately standard normal value from 64 bits: the scaled sum of four 16-bit uniforms
    /// (Irwin–Hall; variance 1, range ±3.46). Cheap, free of `log`/`cos`, and the same everywhere.
    @inlinable
    public static func normal(_ bits: UInt64) -> Float {
        let a = Float(bits & 0xFFFF), b = Float((bits >> 16) & 0xFFFF)
        let c = Float((bits >> 32) & 0xFFFF), d = Float(bits >> 48)
        // Each term is uniform in [0, 65535]; the sum has mean 131070 and variance 4 × 65536² / 12.
        return (a + b + c + d - 131_070) * (1.0 / 37_837.23)
    }
}
