import Testing
@testable import Raft
import Support

/// Flow control and batching (etcd-io/raft's `tracker` and `raft_flow_control_test.go`).
@Suite("Flow control and batching")
struct FlowControlTests {
    func replicatingLeader(inflight: Int, bytes: Int = 1 << 20, entries: Int = 4096) throws -> RaftNode {
        var leader = try node(in: .leader) { options in
            options.inflightMessagesMax = inflight
            options.appendEntriesBytesMax = bytes
            options.entriesPerAppendMax = entries
        }
        try leader.step(message(2, 1, term: 1, .appendEntriesResponse(.accepted(matchIndex: 1))))
        leader.advanceAll()
        #expect(leader.progress(of: NodeID(2))?.state == .replicate)
        return leader
    }

    func appends(to id: UInt64, in messages: [RaftMessage]) -> [AppendEntriesRequest] {
        messages.compactMap { message in
            guard message.to == NodeID(id), case .appendEntriesRequest(let request) = message.content else { return nil }
            return request
        }
    }

    @Test("a follower in the replicate state has at most inflightMessagesMax appends with entries outstanding")
    func inflightLimit() throws {
        var leader = try replicatingLeader(inflight: 3)
        var sent: [AppendEntriesRequest] = []
        for k in 0..<10 {
            try leader.propose([UInt8(k)])
            sent += appends(to: 2, in: leader.advanceAll())
        }
        #expect(sent.filter { !$0.entries.isEmpty }.count == 3)
        #expect(leader.progress(of: NodeID(2))!.isPaused)
        // An acknowledgement frees room: the rest goes out in one size-limited message.
        try leader.step(message(2, 1, term: 1, .appendEntriesResponse(.accepted(matchIndex: sent[0].entries.last!.index))))
        let more = appends(to: 2, in: leader.advanceAll()).filter { !$0.entries.isEmpty }
        #expect(more.count == 1)
        #expect(more[0].entries.map(\.index) == Array(5...11))
    }

    @Test("a heartbeat answer unblocks a follower whose appends were all lost (full inflights)")
    func fullInflightsRecover() throws {
        var leader = try replicatingLeader(inflight: 1)
        try leader.propose([1])
        try leader.propose([2])
        leader.advanceAll()
        #expect(leader.progress(of: NodeID(2))!.isPaused)
        try leader.step(message(2, 1, term: 1, .heartbeatResponse(HeartbeatResponse(readContext: 0))))
        #expect(!appends(to: 2, in: leader.advanceAll()).isEmpty, "an append (a probe of the full window) goes out")
    }

    @Test("a probing leader sends one append at a time until the follower answers")
    func probeOneAtATime() throws {
        var leader = try node(in: .leader)
        leader.advanceAll()
        #expect(leader.progress(of: NodeID(2))?.state == .probe)
        for k in 0..<5 { try leader.propose([UInt8(k)]) }
        #expect(appends(to: 2, in: leader.advanceAll()).isEmpty, "the election's probe is still unanswered")
        try leader.step(message(2, 1, term: 1, .appendEntriesResponse(.rejected(index: 0, hint: .zero))))
        #expect(leader.progress(of: NodeID(2))?.state == .probe)
    }

    @Test("an append carries at most appendEntriesBytesMax bytes of entries, and at least one entry")
    func batchingByBytes() throws {
        let entryBytes = LogEntry.headerByteCount + 10
        var leader = try replicatingLeader(inflight: 100, bytes: 3 * entryBytes)
        try leader.propose(contentsOf: (0..<8).map { _ in [UInt8](repeating: 1, count: 10) })
        let sent = appends(to: 2, in: leader.advanceAll()).filter { !$0.entries.isEmpty }
        #expect(sent.map(\.entries.count) == [3, 3, 2])
        var tiny = try replicatingLeader(inflight: 100, bytes: 1)
        try tiny.propose(contentsOf: [[1, 2, 3], [4, 5, 6]])
        #expect(appends(to: 2, in: tiny.advanceAll()).map(\.entries.count) == [1, 1])
    }

    @Test("an append carries at most entriesPerAppendMax entries; the rest follow as the inflight window allows")
    func batchingByCount() throws {
        var leader = try replicatingLeader(inflight: 100, entries: 3)
        try leader.propose(contentsOf: (0..<8).map { [UInt8($0)] })
        let sent = appends(to: 2, in: leader.advanceAll()).filter { !$0.entries.isEmpty }
        #expect(sent.map(\.entries.count) == [3, 3, 2])
        #expect(sent.map { $0.entries.first!.index } == [2, 5, 8])
        // Two in flight at most: the third message waits for an acknowledgement.
        var narrow = try replicatingLeader(inflight: 2, entries: 3)
        try narrow.propose(contentsOf: (0..<8).map { [UInt8($0)] })
        let first = appends(to: 2, in: narrow.advanceAll()).filter { !$0.entries.isEmpty }
        #expect(first.map(\.entries.count) == [3, 3])
        try narrow.step(message(2, 1, term: 1, .appendEntriesResponse(.accepted(matchIndex: 4))))
        let rest = appends(to: 2, in: narrow.advanceAll()).filter { !$0.entries.isEmpty }
        #expect(rest.map { $0.entries.map(\.index) } == [[8, 9]])
        var zero = RaftOptions(id: NodeID(1), members: [NodeID(1), NodeID(2)])
        zero.entriesPerAppendMax = 0
        #expect(zero.problem == "entriesPerAppendMax 0 must be positive")
    }

    @Test("proposals are refused with a reason beyond entryBytesMax and uncommittedBytesMax, and by followers")
    func proposalLimits() throws {
        var leader = try node(in: .leader) { options in
            options.entryBytesMax = 8
            options.uncommittedBytesMax = 12
        }
        #expect(throws: RaftError.entryTooLarge(byteCount: 9, limit: 8)) { try leader.propose([UInt8](repeating: 0, count: 9)) }
        try leader.propose([UInt8](repeating: 0, count: 8))
        #expect(throws: RaftError.uncommittedLimitReached(limit: 12)) { try leader.propose([UInt8](repeating: 0, count: 8)) }
        var follower = try makeNode(2, of: 3, term: 1)
        try follower.step(message(1, 2, term: 1, appendRequest(prev: .zero)))
        #expect(throws: RaftError.notLeader(leader: NodeID(1))) { try follower.propose([1]) }
    }
}
