/// What an analyzer reports for one pair: a value per declared metric for each photo, the same
/// metric per tile, overlay layers for reports, and flags.
public struct AnalysisResult: Hashable, Sendable, Codable {
    /// One metric's value on each photo.
    public struct Value: Hashable, Sendable, Codable {
        public var metric: String
        public var before: Double
        /// Nil when the pair is a single photo.
        public var after: Double?
        /// The unit when it differs from the declared one: physical units fall back to pixel units
        /// when the scale is unknown (`/MP` for `/cm²`, `px²` for `mm²`).
        public var unit: String?
        /// A bound on the error of the change that the tiles cannot show, in the metric's unit
        /// (for example a colour cast between the photos that a redness metric cannot tell from
        /// a change of redness): the change's interval is widened by it on both sides. Nil for none.
        public var systematicUncertainty: Double?
        /// Why ``systematicUncertainty`` is there, one sentence.
        public var systematicReason: String?
        /// Set when the change cannot be judged on this pair (for example a mean colour under a
        /// colour cast with no colour reference): the metric gets no verdict and is left out of
        /// the composite score, with this sentence as the reason. Nil when it can be judged.
        public var withheldReason: String?
        /// The metric per object (spot, scar) on both photos, when it is a mean or a sum over a few
        /// objects: the change's interval then resamples the objects, not the tiles. Nil otherwise.
        public var objects: ObjectValues?

        public init(metric: String, before: Double, after: Double?, unit: String? = nil, systematicUncertainty: Double? = nil,
                    systematicReason: String? = nil) {
            self.metric = metric
            self.before = before
            self.after = after
            self.unit = unit
            self.systematicUncertainty = systematicUncertainty
            self.systematicReason = systematicReason
        }
    }

    /// One metric per tile of ``AlignedPair/tiles`` (same order), for each photo.
    public struct TileValues: Hashable, Sendable, Codable {
        public var metric: String
        public var before: [Double]
        public var after: [Double]?

        public init(metric: String, before: [Double], after: [Double]?) {
            self.metric = metric
            self.before = before
            self.after = after
        }
    }

    public var values: [Value]
    public var tiles: [TileValues]
    public var overlays: [OverlayLayer]
    /// Machine-readable markers, e.g. `postProcedure`.
    public var flags: [String]
    /// Plain-language remarks for reports (what a flag means, why a value is missing).
    public var notes: [String]

    public init(values: [Value] = [], tiles: [TileValues] = [], overlays: [OverlayLayer] = [], flags: [String] = [],
                notes: [String] = []) {
        self.values = values
        self.tiles = tiles
        self.overlays = overlays
        self.flags = flags
        self.notes = notes
    }

    /// Records `metric` measured on each photo (`perPhoto[0]` before, `perPhoto[1]` after) with its
    /// per-tile values.
    public mutating func record(_ metric: String, _ perPhoto: [(value: Double, tiles: [Double])], unit: String? = nil) {
        precondition(!perPhoto.isEmpty && perPhoto.count <= 2, "one or two photos")
        values.append(Value(metric: metric, before: perPhoto[0].value, after: perPhoto.count > 1 ? perPhoto[1].value : nil,
                            unit: unit))
        tiles.append(TileValues(metric: metric, before: perPhoto[0].tiles, after: perPhoto.count > 1 ? perPhoto[1].tiles : nil))
    }

    /// Records every metric of `descriptor` in declared order from per-photo tables of
    /// metric id → (value, tile values); `units` gives fallback units by metric id.
    public mutating func record(_ descriptor: AnalyzerDescriptor, _ perPhoto: [[String: (value: Double, tiles: [Double])]],
                                units: [String: String] = [:]) {
        for metric in descriptor.metrics.map(\.id) {
            record(metric, perPhoto.map { $0[metric] ?? (0, []) }, unit: units[metric])
        }
    }

    /// Widens the interval of `metric`'s change by ±`uncertainty` (see ``Value/systematicUncertainty``).
    public mutating func widen(_ metric: String, by uncertainty: Double, because reason: String) {
        guard let index = values.firstIndex(where: { $0.metric == metric }) else { return }
        values[index].systematicUncertainty = uncertainty
        values[index].systematicReason = reason
    }

    /// Withholds the verdict on `metric`'s change (see ``Value/withheldReason``); the values and
    /// their interval are still reported.
    public mutating func withhold(_ metric: String, because reason: String) {
        guard let index = values.firstIndex(where: { $0.metric == metric }) else { return }
        values[index].withheldReason = reason
    }

    /// Attaches `metric`'s per-object values (see ``Value/objects``).
    public mutating func attach(_ objects: ObjectValues, to metric: String) {
        guard let index = values.firstIndex(where: { $0.metric == metric }) else { return }
        values[index].objects = objects
    }

    /// The value of `metric`, if recorded.
    public func value(_ metric: String) -> Value? { values.first { $0.metric == metric } }

    /// Checks the result against `descriptor` and the pair: every declared metric exactly once,
    /// finite numbers, one tile value per tile, after values exactly when there is an after photo.
    public func validate(against descriptor: AnalyzerDescriptor, tileCount: Int, hasAfter: Bool) throws(AnalysisError) {
        func fail(_ reason: String) -> AnalysisError { .invalidResult(id: descriptor.id, reason: reason) }
        let declared = descriptor.metrics.map(\.id)
        let reported = values.map(\.metric)
        guard reported == declared else {
            throw fail("it reported the metrics [\(reported.joined(separator: ", "))] but declares [\(declared.joined(separator: ", "))]")
        }
        guard tiles.map(\.metric) == declared else { throw fail("its per-tile values do not follow the declared metrics") }
        for value in values {
            guard value.before.isFinite, value.after?.isFinite ?? true else { throw fail("\(value.metric) is not a finite number") }
            if let s = value.systematicUncertainty, !(s.isFinite && s >= 0) {
                throw fail("\(value.metric) has a systematic uncertainty that is not a non-negative number")
            }
            guard (value.after != nil) == hasAfter else { throw fail("\(value.metric) has \(hasAfter ? "no" : "an") after value") }
            if let objects = value.objects {
                guard hasAfter, objects.before.count == objects.after.count else {
                    throw fail("\(value.metric) has per-object values that are not paired between the two photos")
                }
                guard objects.before.allSatisfy(\.isFinite), objects.after.allSatisfy(\.isFinite) else {
                    throw fail("\(value.metric) has a per-object value that is not finite")
                }
            }
        }
        for tile in tiles {
            guard tile.before.count == tileCount, (tile.after?.count ?? tileCount) == tileCount, (tile.after != nil) == hasAfter else {
                throw fail("\(tile.metric) has \(tile.before.count) tile values for \(tileCount) tiles")
            }
            guard tile.before.allSatisfy(\.isFinite), tile.after?.allSatisfy(\.isFinite) ?? true else {
                throw fail("\(tile.metric) has a tile value that is not finite")
            }
        }
    }
}
