/// A ghost variable (history the protocol never reads): every (index, entry) ever committed
/// by any server, with the lowest term in which a server held it committed, and whether two
/// different entries were ever committed at one index.
///
/// The log properties read it so that what the current state forgets still counts: a
/// committed entry later overwritten on the same server, or commit knowledge a restart
/// wiped, stays here. Committed entries form one log when State Machine Safety holds, so
/// the ghost is that log (`log`); an entry that disagrees with it sets `conflict` and is not
/// merged. The model keeps the ghost only with logs on and without TLC's history: with TLC's
/// history the state must hold exactly raft.tla's variables (counts equal TLC's), and the
/// properties fall back to their formulations on the current variables.
///
/// `terms` packs four bits per index (bits 4(k-1) to 4k-1 for index k, 1...7): the lowest
/// `currentTerm` of a server whose committed prefix held the entry; bit 63 is `conflict`.
public struct RaftCommitGhost: Hashable, Sendable {
    /// The committed entries, as one log.
    public private(set) var log: RaftLog = .empty
    public private(set) var terms: UInt64 = 0

    public init() {}

    static let conflictBit: UInt64 = 1 << 63

    /// Whether two different entries were ever committed at one index.
    public var conflict: Bool { terms & Self.conflictBit != 0 }

    public var isEmpty: Bool { log.isEmpty && terms == 0 }

    /// The lowest term in which the entry at `index` (1...log.count) was held committed.
    public func commitTerm(at index: Int) -> Int {
        precondition(index >= 1 && index <= log.count, "ghost index \(index) is outside 1...\(log.count)")
        return Int((terms >> UInt64(4 * (index - 1))) & 0xF)
    }

    mutating func setCommitTerm(_ term: Int, at index: Int) {
        precondition(term >= 1 && term <= RaftLog.maximumTerm, "commit terms are 1...\(RaftLog.maximumTerm)")
        let shift = UInt64(4 * (index - 1))
        terms = terms & ~(0xF << shift) | UInt64(term) << shift
    }

    /// Merges a server's committed prefix, held in `term`: entries past the ghost's end are
    /// added, entries it already has keep the lower of the two terms, and the first entry that
    /// disagrees sets `conflict` (the ghost keeps the entry committed first).
    mutating func merge(committed prefix: RaftLog, term: Int) {
        precondition(prefix.count < RaftServer.maximumIndex + 1, "a committed prefix is a bounded log")
        guard prefix.count >= 1 else { return }
        for index in 1...prefix.count {
            let entry = prefix[index]
            if index <= log.count {
                if log[index] != entry {
                    terms |= Self.conflictBit
                    return
                }
                if commitTerm(at: index) > term { setCommitTerm(term, at: index) }
            } else {
                log = log.appending(entry)
                setCommitTerm(term, at: index)
            }
        }
    }

    /// The representation's promise: a term for every entry and none past the end.
    func checkInvariants() -> String? {
        let used = UInt64(4 * log.count)
        if (terms & ~Self.conflictBit) >> used != 0 { return "the ghost has commit terms only for its entries" }
        for index in stride(from: 1, through: log.count, by: 1) where commitTerm(at: index) == 0 {
            return "every ghost entry has a commit term"
        }
        return nil
    }
}
