/// One of raft.tla's message records, packed into the bits of one word.
///
/// | bits | field |
/// |---|---|
/// | 0-3 | zero here; the bag keeps the message's count in them (see `RaftBag`) |
/// | 4-5 | `mtype` |
/// | 6-9 | `mterm` |
/// | 10-12, 13-15 | `msource`, `mdest` (0-based server ids) |
/// | 16-33 | the fields of the kind, below |
/// | 34-57 | `mlog` (up to three entry bytes), kept only with TLC's history and logs on |
///
/// | kind | fields (bits) |
/// |---|---|
/// | RequestVoteRequest | `mlastLogTerm` (16-19), `mlastLogIndex` (20-22) |
/// | RequestVoteResponse | `mvoteGranted` (16) |
/// | AppendEntriesRequest | `mprevLogIndex` (16-18), `mprevLogTerm` (19-22), the one entry of `mentries` or 0 (23-30), `mcommitIndex` (31-33) |
/// | AppendEntriesResponse | `msuccess` (16), `mmatchIndex` (17-19) |
///
/// A message is sent from a state within the constraint, so its terms are at most the term
/// bound and its indexes at most the log bound plus one; `RaftElectionModel.init` keeps the bounds
/// where these widths hold them. A word is nonzero for every message (terms start at 1).
public struct RaftMessage: Hashable, Comparable, Sendable {
    public enum Kind: UInt64, Sendable, CaseIterable {
        case requestVoteRequest = 0
        case requestVoteResponse = 1
        case appendEntriesRequest = 2
        case appendEntriesResponse = 3
    }

    /// The longest `mlog` the packing holds (three entry bytes).
    public static let maximumLogLength = 3

    public let bits: UInt64

    init(bits: UInt64) {
        precondition(bits & 0xF == 0, "a message has no count bits")
        self.bits = bits
    }

    init(kind: Kind, term: Int, source: Int, dest: Int, fields: UInt64, log: RaftLog = .empty) {
        precondition(term >= 1 && term <= 15, "message terms are 1...15")
        precondition(source >= 0 && source < 8 && dest >= 0 && dest < 8, "server ids fit three bits")
        precondition(fields >> 18 == 0, "a message's own fields fit 18 bits")
        precondition(log.count <= Self.maximumLogLength, "mlog holds at most \(Self.maximumLogLength) entries")
        bits = kind.rawValue << 4 | UInt64(term) << 6 | UInt64(source) << 10 | UInt64(dest) << 13
            | fields << 16 | log.bits << 34
    }

    func field(_ shift: Int, _ width: Int) -> Int { Int(truncatingIfNeeded: (bits >> UInt64(shift)) & ((1 << UInt64(width)) - 1)) }

    public var kind: Kind { Kind(rawValue: (bits >> 4) & 3)! }
    /// `mterm`.
    public var term: Int { field(6, 4) }
    /// `msource`.
    public var source: Int { field(10, 3) }
    /// `mdest`.
    public var dest: Int { field(13, 3) }
    /// `mlog` (empty unless the model keeps TLC's history with logs on).
    public var log: RaftLog { RaftLog(bits: bits >> 34 & 0xFF_FFFF) }

    // RequestVoteRequest
    public var lastLogTerm: Int { field(16, 4) }
    public var lastLogIndex: Int { field(20, 3) }
    // RequestVoteResponse
    public var voteGranted: Bool { field(16, 1) != 0 }
    // AppendEntriesRequest
    public var prevLogIndex: Int { field(16, 3) }
    public var prevLogTerm: Int { field(19, 4) }
    /// The single entry of `mentries`, or nil when it is `<<>>`.
    public var entry: UInt8? { field(23, 8) == 0 ? nil : UInt8(field(23, 8)) }
    public var commitIndex: Int { field(31, 3) }
    // AppendEntriesResponse
    public var success: Bool { field(16, 1) != 0 }
    public var matchIndex: Int { field(17, 3) }

    static func requestVoteRequest(term: Int, lastLogTerm: Int, lastLogIndex: Int, source: Int, dest: Int) -> RaftMessage {
        precondition(lastLogTerm >= 0 && lastLogTerm < 16 && lastLogIndex >= 0 && lastLogIndex < 8)
        return RaftMessage(kind: .requestVoteRequest, term: term, source: source, dest: dest,
                           fields: UInt64(lastLogTerm) | UInt64(lastLogIndex) << 4)
    }

    static func requestVoteResponse(term: Int, granted: Bool, log: RaftLog, source: Int, dest: Int) -> RaftMessage {
        RaftMessage(kind: .requestVoteResponse, term: term, source: source, dest: dest, fields: granted ? 1 : 0, log: log)
    }

    static func appendEntriesRequest(term: Int, prevLogIndex: Int, prevLogTerm: Int, entry: UInt8?,
                                     commitIndex: Int, log: RaftLog, source: Int, dest: Int) -> RaftMessage {
        precondition(prevLogIndex >= 0 && prevLogIndex < 8 && prevLogTerm >= 0 && prevLogTerm < 16)
        precondition(commitIndex >= 0 && commitIndex < 8)
        let fields = UInt64(prevLogIndex) | UInt64(prevLogTerm) << 3 | UInt64(entry ?? 0) << 7 | UInt64(commitIndex) << 15
        return RaftMessage(kind: .appendEntriesRequest, term: term, source: source, dest: dest, fields: fields, log: log)
    }

    static func appendEntriesResponse(term: Int, success: Bool, matchIndex: Int, source: Int, dest: Int) -> RaftMessage {
        precondition(matchIndex >= 0 && matchIndex < 8)
        return RaftMessage(kind: .appendEntriesResponse, term: term, source: source, dest: dest,
                           fields: (success ? 1 : 0) | UInt64(matchIndex) << 1)
    }

    /// The same message between renamed servers (symmetry).
    func renamed(_ renaming: ServerRenaming) -> RaftMessage {
        let source = UInt64(renaming[self.source])
        let dest = UInt64(renaming[self.dest])
        return RaftMessage(bits: bits & ~(0x3F << 10) | source << 10 | dest << 13)
    }

    /// The order of the bag's normal form.
    public static func < (lhs: RaftMessage, rhs: RaftMessage) -> Bool { lhs.bits < rhs.bits }
}
