/// A deterministic share of a batch's patients, for running one batch as N jobs on a cluster
/// (`--shard K/N`; a Slurm job array's `SLURM_ARRAY_TASK_ID`, a Kubernetes Indexed Job's
/// `JOB_COMPLETION_INDEX`) and merging their partial results with ``BatchMerger``.
///
/// Patients are sorted by id and dealt out in turn: the patient at position p (from 0) belongs to
/// shard p mod N + 1. A patient's photos all go to one shard, so every comparison is made once.
public struct Shard: Hashable, Sendable, Codable, CustomStringConvertible {
    /// 1...count.
    public var index: Int
    public var count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`, e.g. `2/4`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: k, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// The photos of this shard's patients, in their order.
    public func photos(of photos: [PhotoEntry]) -> [PhotoEntry] {
        let patients = Array(Set(photos.map(\.patient))).sorted()
        let mine = Set(patients.enumerated().filter { $0.offset % count == index - 1 }.map(\.element))
        return photos.filter { mine.contains($0.patient) }
    }
}
