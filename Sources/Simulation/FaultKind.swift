import Foundation

/// The kinds of fault a run can inject, each switchable with `--faults` (all on by default).
/// Each kind draws from its own stream of the seed, so turning one off leaves the others' draws
/// alone as far as the run's course allows.
public enum FaultKind: String, CaseIterable, Hashable, Sendable {
    /// Peer messages lost.
    case loss
    /// Peer messages delivered twice.
    case duplication
    /// Occasional delay spikes, which reorder peer messages.
    case reordering
    /// Partitions: symmetric, one-way, the leader isolated, a minority cut off.
    case partition
    /// Processes crash (losing unsynced writes) and restart from what the disk kept.
    case crash
    /// A crash in the middle of a write: some records reach the disk, the last one maybe torn.
    case tornWrite
    /// A process frozen (GC, SIGSTOP) and resumed, believing what it believed.
    case pause
    /// Per-node clock rates off the nominal one during the fault phase.
    case clockDrift

    /// Parses `--faults`: a comma-separated list of kinds, `all` or `none`.
    public static func parseList(_ text: String) -> Result<[FaultKind], FaultListError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "all" { return .success(FaultKind.allCases) }
        if trimmed == "none" { return .success([]) }
        var kinds: [FaultKind] = []
        for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let kind = FaultKind(rawValue: name) else { return .failure(FaultListError(name: name)) }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        // Kept in declaration order so two spellings of one set are one configuration.
        return .success(FaultKind.allCases.filter { kinds.contains($0) })
    }
}
