/// Which comparisons a patient's course of one view gets: every later session's first capture
/// against the baseline's first capture and (from the third session on) against the previous
/// session's first capture, and every further capture of a session against that session's first
/// capture (repeats, for the measurement noise). Within a session, baseline and previous come
/// before the repeats.
public enum ComparisonPlanner {
    /// One planned comparison.
    public struct Planned<Capture> {
        public var kind: ComparisonKind
        public var before: Capture
        public var after: Capture
    }

    /// The comparisons for `sessions` (in time order, each with its captures in repeat order;
    /// empty sessions are skipped).
    public static func plan<Capture>(sessions: [[Capture]]) -> [Planned<Capture>] {
        let sessions = sessions.filter { !$0.isEmpty }
        var out: [Planned<Capture>] = []
        for (k, session) in sessions.enumerated() {
            if k > 0 {
                out.append(Planned(kind: .baseline, before: sessions[0][0], after: session[0]))
                if k > 1 { out.append(Planned(kind: .previous, before: sessions[k - 1][0], after: session[0])) }
            }
            for capture in session.dropFirst() {
                out.append(Planned(kind: .repeat, before: session[0], after: capture))
            }
        }
        return out
    }
}

extension ComparisonPlanner.Planned: Sendable where Capture: Sendable {}
