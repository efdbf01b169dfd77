import ImageCore

/// Skin colour from two chromophores in optical-density space (after Tsumura et al., "Independent
/// component analysis of skin color image", JOSA A 16(9), 1999): linear reflectance per channel
/// c is `base_c · exp(−(m·σ_melanin,c + e·σ_haemoglobin,c))`, where `m` and `e` are melanin and
/// haemoglobin optical densities added to the bare skin `base` (natural-log units).
///
/// Melanin absorbs more the shorter the wavelength (blue > green > red), so more melanin darkens
/// and yellows (L* down, b* up); haemoglobin absorbs green most, so it reddens (a* up).
struct PigmentModel: Sendable {
    static let melaninAbsorption: (Double, Double, Double) = (0.30, 0.50, 0.78)
    static let haemoglobinAbsorption: (Double, Double, Double) = (0.06, 0.72, 0.40)

    /// Linear sRGB reflectance of the bare skin.
    let base: (Double, Double, Double)

    init(lStar: Double, aStar: Double, bStar: Double) {
        let linear = ColorSpace.linear(fromL: lStar, a: aStar, b: bStar)
        base = (max(linear.red, 0.002), max(linear.green, 0.002), max(linear.blue, 0.002))
    }

    /// Linear reflectance with `melanin` and `haemoglobin` optical density added.
    func reflectance(melanin m: Double, haemoglobin e: Double) -> (Double, Double, Double) {
        let a = Self.melaninAbsorption, h = Self.haemoglobinAbsorption
        return (base.0 * naturalExp(-(m * a.0 + e * h.0)), base.1 * naturalExp(-(m * a.1 + e * h.1)),
                base.2 * naturalExp(-(m * a.2 + e * h.2)))
    }

    /// CIELAB of the skin with the given chromophores.
    func lab(melanin m: Double, haemoglobin e: Double) -> (l: Double, a: Double, b: Double) {
        let r = reflectance(melanin: m, haemoglobin: e)
        return ColorSpace.lab(fromLinearRed: r.0, green: r.1, blue: r.2)
    }

    /// The melanin change that raises L* by `deltaL` (Newton's method; negative for brightening).
    func melaninOffset(forLightening deltaL: Double, haemoglobin e: Double) -> Double {
        guard deltaL != 0 else { return 0 }
        let target = lab(melanin: 0, haemoglobin: e).l + deltaL
        var m = 0.0
        for _ in 0..<8 {
            let value = lab(melanin: m, haemoglobin: e).l
            let slope = (lab(melanin: m + 1e-4, haemoglobin: e).l - value) / 1e-4
            m -= (value - target) / slope
        }
        return m
    }
}
