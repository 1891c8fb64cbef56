@testable import Raft

/// The four properties of Models/RaftElection (raft.tla's invariants), checked on real nodes after
/// every step of a scripted cluster: election safety, log matching, leader completeness and state
/// machine safety. Each violation is a sentence naming the nodes and indexes involved.
struct SafetyChecker {
    /// The leader seen in each term.
    private(set) var leaders: [UInt64: NodeID] = [:]
    /// Every committed entry seen, by index, with the term of the node that first saw it
    /// committed (at least the term in which it was committed).
    private(set) var committed: [UInt64: (entry: LogEntry, term: UInt64)] = [:]
    /// Every entry ever seen at each position, with the term of the entry before it: two logs
    /// that hold the same position must agree on the entry and on its predecessor (by induction,
    /// on the whole prefix).
    private var positions: [LogPosition: (data: [UInt8], previousTerm: UInt64)] = [:]
    /// Each node's log entries when last checked (unchanged buffers need no new check).
    private var checkedLogs: [NodeID: (entries: [LogEntry], compacted: LogPosition)] = [:]
    private var checkedCommit: [NodeID: UInt64] = [:]
    private var checkedLeader: [NodeID: (term: UInt64, through: UInt64)] = [:]
    /// The entry every state machine applied at each index.
    private(set) var applied: [UInt64: LogEntry] = [:]
    private(set) var violations: [String] = []

    var highestCommitted: UInt64 { committed.keys.max() ?? 0 }

    mutating func fail(_ text: String) {
        if violations.count < 10 { violations.append(text) }
    }

    /// A node restarted: its log must be checked afresh.
    mutating func forget(_ id: NodeID) {
        checkedLogs[id] = nil
        checkedCommit[id] = nil
        checkedLeader[id] = nil
    }

    mutating func check(_ nodes: [RaftNode]) {
        for node in nodes {
            checkElectionSafety(node)
            checkLogMatching(node)
            checkCommitted(node)
        }
        for node in nodes where node.role == .leader { checkLeaderCompleteness(node) }
    }

    /// At most one leader per term.
    mutating func checkElectionSafety(_ node: RaftNode) {
        guard node.role == .leader else { return }
        if let earlier = leaders[node.currentTerm], earlier != node.id {
            fail("election safety: \(earlier) and \(node.id) both lead term \(node.currentTerm)")
        }
        leaders[node.currentTerm] = node.id
    }

    /// Two logs with an entry of the same index and term hold the same entries up to it.
    mutating func checkLogMatching(_ node: RaftNode) {
        let entries = node.log.entries
        var start = 0
        if let previous = checkedLogs[node.id], previous.compacted == node.log.compacted {
            // The prefix both share was checked; only the changed suffix needs it.
            let common = min(previous.entries.count, entries.count)
            while start < common && previous.entries[start] == entries[start] { start += 1 }
        }
        var previousTerm = start == 0 ? node.log.compacted.term : entries[start - 1].term
        for entry in entries[start...] {
            if let seen = positions[entry.position] {
                if seen.data != entry.data || seen.previousTerm != previousTerm {
                    fail("log matching: \(node.id) holds \(entry.position) with a different entry or predecessor than another log")
                }
            } else {
                positions[entry.position] = (entry.data, previousTerm)
            }
            previousTerm = entry.term
        }
        checkedLogs[node.id] = (entries, node.log.compacted)
    }

    /// A committed entry never changes (the log side of state machine safety).
    mutating func checkCommitted(_ node: RaftNode) {
        let from = max(checkedCommit[node.id] ?? 0, node.log.compacted.index) + 1
        guard from <= node.commitIndex else { return }
        for index in from...node.commitIndex {
            guard let entry = node.log.entry(at: index) else { continue }
            if let known = committed[index] {
                if known.entry != entry { fail("state machine safety: \(node.id) committed \(entry.position) where \(known.entry.position) was committed") }
            } else {
                committed[index] = (entry, node.currentTerm)
            }
        }
        checkedCommit[node.id] = node.commitIndex
    }

    /// A leader holds every entry committed before its term.
    mutating func checkLeaderCompleteness(_ node: RaftNode) {
        var through = node.log.compacted.index
        if let done = checkedLeader[node.id], done.term == node.currentTerm { through = max(through, done.through) }
        let highest = highestCommitted
        guard through < highest else { return }
        for index in (through + 1)...highest {
            guard let known = committed[index] else { continue }
            guard known.term <= node.currentTerm else { continue }
            if node.log.entry(at: index) != known.entry {
                fail("leader completeness: leader \(node.id) of term \(node.currentTerm) lacks committed \(known.entry.position)")
            }
        }
        checkedLeader[node.id] = (node.currentTerm, highest)
    }

    /// Every state machine applies the same entry at each index.
    mutating func recordApplied(_ entry: LogEntry, by id: NodeID) {
        if let earlier = applied[entry.index] {
            if earlier != entry { fail("state machine safety: \(id) applied \(entry.position) where \(earlier.position) was applied") }
        } else {
            applied[entry.index] = entry
        }
        if let known = committed[entry.index], known.entry != entry {
            fail("state machine safety: \(id) applied \(entry.position), not the committed \(known.entry.position)")
        }
    }
}
