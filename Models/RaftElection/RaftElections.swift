/// raft.tla's `elections` history variable, inline: for each term and leader, the set of
/// voters of that election (`evotes`), or nothing.
///
/// A server wins at most one election per term (`BecomeLeader` needs a candidate, and only
/// `Timeout`, which moves to a new term, makes one), so the set of records is a partial
/// function from (term, leader) to the rest of the record. Elections need a `Timeout`, so
/// terms start at 2; a term's five leaders take five bits each of a 32-bit lane, two terms
/// per word.
///
/// Without TLC's history a record keeps only its term and leader (what electionSafety reads):
/// the vote set is then the marker `{leader}`, which renames along with the leader. With TLC's
/// history it is `evotes`; `elog` and `evoterLog` are in `RaftLogHistory` (logs on) or are
/// all `<<>>` (logs off).
public struct RaftElections: Hashable, Sendable {
    /// Terms 2...9 fit the four words.
    public static let maximumTerm = 9

    var w0: UInt64 = 0
    var w1: UInt64 = 0
    var w2: UInt64 = 0
    var w3: UInt64 = 0

    public init() {}

    subscript(word: Int) -> UInt64 {
        @inline(__always) get {
            switch word {
            case 0: return w0
            case 1: return w1
            case 2: return w2
            case 3: return w3
            default: preconditionFailure("elections word \(word) is outside 0..<4")
            }
        }
        @inline(__always) set {
            switch word {
            case 0: w0 = newValue
            case 1: w1 = newValue
            case 2: w2 = newValue
            case 3: w3 = newValue
            default: preconditionFailure("elections word \(word) is outside 0..<4")
            }
        }
    }

    /// The 32-bit lane of a term (25 bits used: five bits per leader).
    func lane(_ term: Int) -> UInt64 {
        precondition(term >= 2 && term <= Self.maximumTerm, "elections happen in terms 2...\(Self.maximumTerm)")
        return (self[(term - 2) / 2] >> UInt64(32 * ((term - 2) % 2))) & 0xFFFF_FFFF
    }

    mutating func setLane(_ term: Int, _ value: UInt64) {
        precondition(value >> 25 == 0)
        let word = (term - 2) / 2
        let shift = UInt64(32 * ((term - 2) % 2))
        self[word] = self[word] & ~(0xFFFF_FFFF << shift) | value << shift
    }

    public var isEmpty: Bool { w0 | w1 | w2 | w3 == 0 }

    /// The vote set of `leader`'s election in `term` (a nonzero mask), or 0 when it has none.
    public func votes(term: Int, leader: Int) -> UInt8 { UInt8((lane(term) >> UInt64(5 * leader)) & 0x1F) }

    /// The leaders elected in `term`, as a mask.
    public func leaders(term: Int) -> UInt8 {
        let lane = self.lane(term)
        var mask: UInt8 = 0
        for leader in 0..<5 where (lane >> UInt64(5 * leader)) & 0x1F != 0 { mask |= 1 << UInt8(leader) }
        return mask
    }

    /// The number of terms in which some leader was elected.
    public var electedTermCount: Int {
        var count = 0
        for term in 2...Self.maximumTerm where lane(term) != 0 { count += 1 }
        return count
    }

    /// `elections' = elections \cup {record}`.
    public mutating func record(term: Int, leader: Int, votes: UInt8) {
        precondition(votes != 0 && votes < 32, "a record's vote set is a nonempty set of servers")
        let old = self.votes(term: term, leader: leader)
        precondition(old == 0 || old == votes, "a server wins at most one election per term")
        setLane(term, lane(term) | UInt64(votes) << UInt64(5 * leader))
    }

    /// Every record, by term then leader.
    public var records: [(term: Int, leader: Int, votes: UInt8)] {
        var result: [(term: Int, leader: Int, votes: UInt8)] = []
        for term in 2...Self.maximumTerm {
            for leader in 0..<5 {
                let votes = self.votes(term: term, leader: leader)
                if votes != 0 { result.append((term, leader, votes)) }
            }
        }
        return result
    }

    /// The records with leaders and vote sets renamed (symmetry).
    func renamed(_ renaming: ServerRenaming, maximumTerm: Int) -> RaftElections {
        var copy = RaftElections()
        for term in 2...max(2, maximumTerm) {
            let old = lane(term)
            if old == 0 { continue }
            var lane: UInt64 = 0
            for leader in 0..<renaming.count {
                let votes = (old >> UInt64(5 * leader)) & 0x1F
                if votes != 0 { lane |= renaming.mask(votes) << UInt64(5 * renaming[leader]) }
            }
            copy.setLane(term, lane)
        }
        return copy
    }
}
