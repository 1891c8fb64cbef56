/// One server's variables in raft.tla: `currentTerm`, `state`, `votedFor`, `votesResponded`,
/// `votesGranted`, `commitIndex`, its rows of `nextIndex` and `matchIndex`, and its `log`.
///
/// All but the log are packed into one word, so a server is 16 bytes and five of them live
/// inline in the state:
///
/// | bits | field |
/// |---|---|
/// | 0-3 | `currentTerm` (1...15) |
/// | 4-5 | `state` |
/// | 6-8 | `votedFor`: 0 for `Nil`, j + 1 for server j |
/// | 9-13, 14-18 | `votesResponded`, `votesGranted`: bit j for server j |
/// | 19-21 | `commitIndex` |
/// | 22-36 | `nextIndex[self][j]` in bits 22 + 3j (1...7) |
/// | 37-51 | `matchIndex[self][j]` in bits 37 + 3j (0...7) |
///
/// Indexes fit three bits because the model bounds logs to six entries.
public struct RaftServer: Hashable, Sendable {
    /// raft.tla's `Follower`, `Candidate`, `Leader`.
    public enum Role: UInt64, Sendable, CaseIterable {
        case follower = 0
        case candidate = 1
        case leader = 2

        public var name: String { ["Follower", "Candidate", "Leader"][Int(rawValue)] }
    }

    /// The largest index the packing holds.
    public static let maximumIndex = 7

    public internal(set) var word: UInt64 = 0
    /// `log`.
    public var log: RaftLog = .empty

    /// A server in raft.tla's initial state: term 1, follower, no vote, empty log, and
    /// `nextIndex` 1 and `matchIndex` 0 towards each of the `servers` servers.
    public init(servers: Int) {
        precondition(servers >= 1 && servers <= ServerSlots<RaftServer>.capacity)
        term = 1
        resetLeaderIndexes(servers: servers, nextIndex: 1)
    }

    /// An unused slot (past the configured servers): all zero, and never changed.
    init() {}

    @inline(__always) func field(_ shift: UInt64, _ width: UInt64) -> Int {
        Int(truncatingIfNeeded: (word >> shift) & ((1 << width) - 1))
    }

    @inline(__always) mutating func setField(_ shift: UInt64, _ width: UInt64, _ value: Int) {
        let mask: UInt64 = (1 << width) - 1
        precondition(value >= 0 && UInt64(value) <= mask, "a server field holds \(value), beyond \(width) bits")
        word = word & ~(mask << shift) | UInt64(value) << shift
    }

    /// `currentTerm`.
    public var term: Int {
        get { field(0, 4) }
        set { setField(0, 4, newValue) }
    }

    /// `state`.
    public var role: Role {
        get { Role(rawValue: (word >> 4) & 3)! }
        set { word = word & ~(3 << 4) | newValue.rawValue << 4 }
    }

    /// `votedFor`: nil for `Nil`.
    public var votedFor: Int? {
        get { field(6, 3) == 0 ? nil : field(6, 3) - 1 }
        set { setField(6, 3, newValue.map { $0 + 1 } ?? 0) }
    }

    /// `votesResponded`, as a bit mask.
    public var votesResponded: UInt8 {
        get { UInt8(field(9, 5)) }
        set { setField(9, 5, Int(newValue)) }
    }

    /// `votesGranted`, as a bit mask.
    public var votesGranted: UInt8 {
        get { UInt8(field(14, 5)) }
        set { setField(14, 5, Int(newValue)) }
    }

    /// `commitIndex`.
    public var commitIndex: Int {
        get { field(19, 3) }
        set { setField(19, 3, newValue) }
    }

    /// `nextIndex[self][j]`.
    public func nextIndex(_ j: Int) -> Int { field(22 + 3 * UInt64(j), 3) }
    /// `matchIndex[self][j]`.
    public func matchIndex(_ j: Int) -> Int { field(37 + 3 * UInt64(j), 3) }

    public mutating func setNextIndex(_ j: Int, _ value: Int) {
        precondition(value >= 1, "nextIndex is at least 1")
        setField(22 + 3 * UInt64(j), 3, value)
    }

    public mutating func setMatchIndex(_ j: Int, _ value: Int) { setField(37 + 3 * UInt64(j), 3, value) }

    /// `nextIndex[self] = [j \in Server |-> nextIndex]` and `matchIndex[self] = [j \in Server |-> 0]`.
    public mutating func resetLeaderIndexes(servers: Int, nextIndex: Int) {
        precondition(nextIndex >= 1 && nextIndex <= Self.maximumIndex)
        var row: UInt64 = 0
        for j in 0..<servers { row |= UInt64(nextIndex) << UInt64(3 * j) }
        word = word & ((1 << 22) - 1) | row << 22
    }

    /// The fields that logs change: `commitIndex` and the index rows (constant with logs off).
    var logFields: UInt64 { word >> 19 }
    /// The fields of the election: term, role, vote and vote sets (19 bits).
    var electionFields: UInt64 { word & ((1 << 19) - 1) }

    /// The election fields (`electionFields`) of the server with every server id inside them
    /// renamed: `votedFor` and the vote sets.
    func renamedElectionFields(_ renaming: ServerRenaming) -> UInt64 {
        let voted = (word >> 6) & 7
        let renamedVote: UInt64 = voted == 0 ? 0 : UInt64(renaming[Int(voted) - 1]) + 1
        let responded = renaming.mask((word >> 9) & 0x1F)
        let granted = renaming.mask((word >> 14) & 0x1F)
        return word & 0x3F | renamedVote << 6 | responded << 9 | granted << 14
    }

    /// The server with every server id inside it renamed (symmetry): `votedFor`, the vote
    /// sets and the columns of the index rows.
    func renamed(_ renaming: ServerRenaming) -> RaftServer {
        var next: UInt64 = 0
        var match: UInt64 = 0
        for j in 0..<renaming.count {
            let target = UInt64(renaming[j])
            next |= ((word >> UInt64(22 + 3 * j)) & 7) << (3 * target)
            match |= ((word >> UInt64(37 + 3 * j)) & 7) << (3 * target)
        }
        var copy = self
        // Keep the term, role and commit index; rebuild the rest.
        copy.word = renamedElectionFields(renaming) | word & (0x7 << 19) | next << 22 | match << 37
        return copy
    }
}
