import Testing
@testable import Raft
import Support

/// Bad input gets a reason, never a crash, and changes nothing.
@Suite("Bad input")
struct BadInputTests {
    /// The observable state of a node, to show a refused input changed none of it.
    struct Observed: Equatable {
        var hardState: HardState
        var role: RaftRole
        var leader: NodeID?
        var entries: [LogEntry]
        init(_ node: RaftNode) {
            hardState = node.hardState
            role = node.role
            leader = node.leader
            entries = node.log.entries
        }
    }

    func expectRefused(_ node: RaftNode, _ input: RaftMessage, _ check: (RaftError) -> Bool) {
        var node = node
        let before = Observed(node)
        do {
            try node.step(input)
            Issue.record("\(input) was accepted")
        } catch {
            #expect(check(error), "\(error)")
        }
        #expect(Observed(node) == before)
        #expect(node.ready().messages.isEmpty)
    }

    @Test("a message from a node that is not a peer, or from itself, is refused")
    func unknownPeer() throws {
        let node = try makeNode(1, of: 3, term: 1, logTerms: [1])
        expectRefused(node, message(9, 1, term: 5, appendRequest(prev: .zero))) { $0 == .unknownPeer(NodeID(9)) }
        expectRefused(node, message(1, 1, term: 5, appendRequest(prev: .zero))) { $0 == .unknownPeer(NodeID(1)) }
    }

    @Test("a message addressed to another node, or of term 0, is refused")
    func misaddressed() throws {
        let node = try makeNode(1, of: 3, term: 1)
        expectRefused(node, message(2, 3, term: 1, .timeoutNow)) { $0 == .misaddressed(to: NodeID(3)) }
        expectRefused(node, message(2, 1, term: 0, .timeoutNow)) { if case .malformedMessage = $0 { true } else { false } }
    }

    @Test("malformed appends are refused: a gap, decreasing terms, a term from the future, a previous term beyond the message's")
    func malformedAppends() throws {
        let node = try makeNode(1, of: 3, term: 2, logTerms: [1, 2])
        let gap = AppendEntriesRequest(prevLogIndex: 2, prevLogTerm: 2,
                                       entries: [LogEntry(term: 2, index: 3), LogEntry(term: 2, index: 5)], commitIndex: 0)
        let decreasing = AppendEntriesRequest(prevLogIndex: 2, prevLogTerm: 2,
                                              entries: [LogEntry(term: 3, index: 3), LogEntry(term: 2, index: 4)], commitIndex: 0)
        let future = AppendEntriesRequest(prevLogIndex: 2, prevLogTerm: 2, entries: [LogEntry(term: 9, index: 3)], commitIndex: 0)
        let prevBeyond = AppendEntriesRequest(prevLogIndex: 2, prevLogTerm: 4, entries: [], commitIndex: 0)
        for request in [gap, decreasing, future, prevBeyond] {
            expectRefused(node, message(2, 1, term: 3, .appendEntriesRequest(request))) { if case .malformedMessage = $0 { true } else { false } }
        }
    }

    @Test("indexes past the log are refused: a heartbeat's commit, a response's match")
    func indexPastLog() throws {
        let follower = try makeNode(1, of: 3, term: 2, logTerms: [1, 2])
        expectRefused(follower, message(2, 1, term: 2, .heartbeatRequest(HeartbeatRequest(commitIndex: 7, readContext: 0)))) {
            $0 == .malformedMessage("commit 7 beyond the last index 2 in n2->n1 t2 heartbeatRequest commit 7 read 0")
        }
        let leader = try node(in: .leader)
        expectRefused(leader, message(2, 1, term: 1, .appendEntriesResponse(.accepted(matchIndex: 40)))) {
            if case .malformedMessage = $0 { true } else { false }
        }
    }

    @Test("a response with a term from the future is handled by the rules: the leader steps down")
    func futureTermResponse() throws {
        var leader = try node(in: .leader)
        try leader.step(message(3, 1, term: 9, .heartbeatResponse(HeartbeatResponse(readContext: 0))))
        #expect(leader.role == .follower && leader.currentTerm == 9)
    }

    @Test("malformed snapshots are refused: other members, a chunk outside the snapshot, too large")
    func malformedSnapshots() throws {
        let node = try makeNode(1, of: 3, term: 2, logTerms: [1, 2]) { $0.snapshotBytesMax = 100 }
        let members = nodeIDs(3)
        let position = LogPosition(index: 10, term: 2)
        let wrongMembers = InstallSnapshotRequest(metadata: SnapshotMetadata(position: position, members: nodeIDs(4)), offset: 0, totalByteCount: 4, data: [1, 2, 3, 4])
        let outside = InstallSnapshotRequest(metadata: SnapshotMetadata(position: position, members: members), offset: 3, totalByteCount: 4, data: [1, 2])
        let tooLarge = InstallSnapshotRequest(metadata: SnapshotMetadata(position: position, members: members), offset: 0, totalByteCount: 101, data: [])
        let zeroPosition = InstallSnapshotRequest(metadata: SnapshotMetadata(position: .zero, members: members), offset: 0, totalByteCount: 0, data: [])
        for request in [wrongMembers, outside, tooLarge, zeroPosition] {
            expectRefused(node, message(2, 1, term: 2, .installSnapshotRequest(request))) { if case .malformedMessage = $0 { true } else { false } }
        }
    }

    @Test("an append that reaches below the commit index never touches committed entries; it is answered with the commit index")
    func conflictWithCommitted() throws {
        var node = try makeNode(1, of: 3, term: 2, logTerms: [1, 2], commit: 2)
        try node.step(message(2, 1, term: 3, appendRequest(prev: LogPosition(index: 1, term: 1), entries: [3])))
        #expect(node.logTerms == [1, 2])
        #expect(node.advanceAll().map(\.content) == [.appendEntriesResponse(.accepted(matchIndex: 2))])
    }

    @Test("inconsistent restored state and invalid options are refused with a reason")
    func corruptRestore() throws {
        let options = testOptions(1, of: 3)
        let gap = PersistedState(hardState: HardState(currentTerm: 2), entries: [LogEntry(term: 1, index: 1), LogEntry(term: 1, index: 3)])
        let commitBeyond = PersistedState(hardState: HardState(currentTerm: 2, commitIndex: 5), entries: [LogEntry(term: 1, index: 1)])
        let decreasing = PersistedState(hardState: HardState(currentTerm: 3), entries: [LogEntry(term: 3, index: 1), LogEntry(term: 2, index: 2)])
        let noSnapshot = PersistedState(hardState: HardState(currentTerm: 1), compacted: LogPosition(index: 4, term: 1))
        for state in [gap, commitBeyond, decreasing, noSnapshot] {
            #expect(throws: RaftError.self) { _ = try RaftNode(options: options, restoring: state, random: SplitMix64(seed: 1)) }
        }
        var notMember = options
        notMember.members = [NodeID(2), NodeID(3)]
        #expect(throws: RaftError.invalidOptions("members [n2, n3] do not include this node n1")) {
            _ = try RaftNode(options: notMember, random: SplitMix64(seed: 1))
        }
        var badHeartbeat = options
        badHeartbeat.heartbeatIntervalTicks = 10
        #expect(throws: RaftError.self) { _ = try RaftNode(options: badHeartbeat, random: SplitMix64(seed: 1)) }
    }

    @Test("a transfer to a non-member and a snapshot beyond the applied index are refused")
    func badRequests() throws {
        var leader = try node(in: .leader)
        #expect(throws: RaftError.unknownPeer(NodeID(7))) { try leader.transferLeadership(to: NodeID(7)) }
        #expect(throws: RaftError.self) { try leader.compact(snapshotData: [], through: 5) }
    }
}
