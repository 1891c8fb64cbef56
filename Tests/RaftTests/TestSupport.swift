@testable import Raft
import Support

/// Node ids 1...count.
func nodeIDs(_ count: Int) -> [NodeID] { (1...count).map { NodeID(UInt64($0)) } }

/// Options for node `id` of a `count`-node cluster. The paper's tests run with PreVote and
/// CheckQuorum off, as etcd-io/raft's `raft_paper_test.go` does; tests of those features turn them on.
func testOptions(_ id: UInt64, of count: Int, preVote: Bool = false, checkQuorum: Bool = false,
                 configure: (inout RaftOptions) -> Void = { _ in }) -> RaftOptions {
    var options = RaftOptions(id: NodeID(id), members: nodeIDs(count))
    options.electionTimeoutTicks = 10
    options.heartbeatIntervalTicks = 1
    options.preVote = preVote
    options.checkQuorum = checkQuorum
    configure(&options)
    return options
}

/// A node restored with a log of the given entry terms (entry k at index k + 1), term and commit.
func makeNode(_ id: UInt64, of count: Int, term: UInt64 = 0, logTerms: [UInt64] = [], commit: UInt64 = 0,
              votedFor: NodeID? = nil, preVote: Bool = false, checkQuorum: Bool = false, seed: UInt64 = 1,
              configure: (inout RaftOptions) -> Void = { _ in }) throws -> RaftNode {
    let entries = logTerms.enumerated().map { LogEntry(term: $0.element, index: UInt64($0.offset + 1), data: [UInt8($0.offset & 0xFF)]) }
    let state = PersistedState(hardState: HardState(currentTerm: max(term, logTerms.last ?? 0), votedFor: votedFor, commitIndex: commit),
                               entries: entries)
    var node = try RaftNode(options: testOptions(id, of: count, preVote: preVote, checkQuorum: checkQuorum, configure: configure),
                            restoring: state, random: SplitMix64.stream(seed, Int(id)))
    node.advanceAll()
    return node
}

func message(_ from: UInt64, _ to: UInt64, term: UInt64, _ content: MessageContent) -> RaftMessage {
    RaftMessage(from: NodeID(from), to: NodeID(to), term: term, content: content)
}

func appendRequest(prev: LogPosition, entries terms: [UInt64] = [], commit: UInt64 = 0) -> MessageContent {
    let entries = terms.enumerated().map { LogEntry(term: $0.element, index: prev.index + 1 + UInt64($0.offset)) }
    return .appendEntriesRequest(AppendEntriesRequest(prevLogIndex: prev.index, prevLogTerm: prev.term, entries: entries, commitIndex: commit))
}

func voteRequest(last: LogPosition, transfer: Bool = false) -> RequestVoteRequest {
    RequestVoteRequest(lastLogIndex: last.index, lastLogTerm: last.term, leadershipTransfer: transfer)
}

extension RaftNode {
    /// Takes the Ready, acknowledges it, and returns it (persistence is assumed).
    @discardableResult
    mutating func takeReady() -> Ready {
        let ready = ready()
        advance(ready)
        return ready
    }

    /// Takes Readies until none is left; returns every message they carried.
    @discardableResult
    mutating func advanceAll() -> [RaftMessage] {
        var messages: [RaftMessage] = []
        var rounds = 0
        while hasReady && rounds < 100 {
            messages += takeReady().messages
            rounds += 1
        }
        return messages
    }

    /// Ticks until the role changes or `limit` ticks pass; returns the ticks taken.
    @discardableResult
    mutating func tickUntilRoleChanges(limit: Int = 100) -> Int {
        let start = role
        for k in 1...limit {
            tick()
            if role != start { return k }
        }
        return limit
    }

    /// The terms of the log's entries, first to last.
    var logTerms: [UInt64] { log.entries.map(\.term) }
}

/// Node 1 of a `count`-node cluster made `role` at term 1 (leader: elected with node 2's vote).
func node(in role: RaftRole, of count: Int = 3, logTerms: [UInt64] = [], configure: (inout RaftOptions) -> Void = { _ in }) throws -> RaftNode {
    var node = try makeNode(1, of: count, logTerms: logTerms, configure: configure)
    switch role {
    case .follower:
        break
    case .preCandidate:
        preconditionFailure("the paper's tests run without PreVote")
    case .candidate:
        node.campaign()
    case .leader:
        node.campaign()
        if count > 1 {
            for voter in 2...UInt64(count / 2 + 1) {
                try node.step(message(voter, 1, term: node.currentTerm, .requestVoteResponse(RequestVoteResponse(voteGranted: true))))
            }
        }
    }
    node.advanceAll()
    precondition(node.role == role)
    return node
}
