import Testing
@testable import Raft
import Support

/// Linearizable reads without log writes (thesis §6.4, ReadIndex).
@Suite("ReadIndex")
struct ReadIndexTests {
    @Test("the leader answers a read only after a quorum answers a heartbeat sent after the read, at its commit index")
    func readAfterHeartbeatRound() throws {
        var leader = try node(in: .leader)
        try leader.step(message(2, 1, term: 1, .appendEntriesResponse(.accepted(matchIndex: 1))))
        leader.advanceAll()
        #expect(leader.commitIndex == 1)
        try leader.readIndex(context: [7])
        let ready = leader.takeReady()
        #expect(ready.readStates.isEmpty, "not before the heartbeat round")
        let beats = ready.messages.filter { $0.kind == .heartbeatRequest }
        #expect(beats.count == 2)
        guard case .heartbeatRequest(let beat) = try #require(beats.first).content else { return }
        #expect(beat.readContext != 0)
        // A response to an older heartbeat (no read context) confirms nothing.
        try leader.step(message(2, 1, term: 1, .heartbeatResponse(HeartbeatResponse(readContext: 0))))
        #expect(leader.takeReady().readStates.isEmpty)
        try leader.step(message(3, 1, term: 1, .heartbeatResponse(HeartbeatResponse(readContext: beat.readContext))))
        #expect(leader.takeReady().readStates == [ReadState(readIndex: 1, context: [7])])
    }

    @Test("a new leader holds reads until it has committed an entry of its term")
    func readPostponedUntilCommitInTerm() throws {
        var leader = try node(in: .leader, logTerms: [])
        try leader.readIndex(context: [1])
        #expect(leader.takeReady().messages.allSatisfy { $0.kind != .heartbeatRequest }, "no confirmation round yet")
        try leader.step(message(2, 1, term: 1, .appendEntriesResponse(.accepted(matchIndex: 1))))
        let ready = leader.takeReady()
        let beat = try #require(ready.messages.first { $0.kind == .heartbeatRequest })
        guard case .heartbeatRequest(let request) = beat.content else { return }
        try leader.step(message(2, 1, term: 1, .heartbeatResponse(HeartbeatResponse(readContext: request.readContext))))
        #expect(leader.takeReady().readStates == [ReadState(readIndex: 1, context: [1])])
    }

    @Test("a deposed leader that cannot reach a quorum never answers a read")
    func deposedLeaderNeverAnswers() throws {
        let cluster = try Cluster(size: 3, seed: 31)
        let old = try #require(cluster.electLeader())
        cluster.group = [old.id: 1]
        try cluster.mutate(old.id) { try $0.readIndex(context: [0xAB]) }
        let new = try #require(cluster.electLeader())
        #expect(new.id != old.id)
        cluster.propose([5])
        for _ in 0..<40 { cluster.tickAll() }
        #expect(!cluster.servedReads.contains { $0.state.context == [0xAB] })
        #expect(cluster.node(old.id)!.role != .leader)
    }

    @Test("a follower forwards a read to the leader and serves it once it has applied the leader's commit index")
    func followerRead() throws {
        let cluster = try Cluster(size: 3, seed: 32)
        let leader = try #require(cluster.electLeader())
        let follower = cluster.ids.first { $0 != leader.id }!
        cluster.propose([9])
        try cluster.mutate(follower) { try $0.readIndex(context: [0xCD]) }
        cluster.stabilize()
        let read = try #require(cluster.servedReads.first { $0.state.context == [0xCD] })
        #expect(read.node == follower)
        #expect(read.state.readIndex == cluster.node(leader.id)!.commitIndex)
        #expect(read.applied >= read.state.readIndex)
    }

    @Test("a read without a known leader is refused with a reason")
    func readWithoutLeader() throws {
        var node = try makeNode(1, of: 3)
        #expect(throws: RaftError.readUnavailable("no leader known in term 0")) { try node.readIndex(context: []) }
        node.campaign()
        #expect(throws: RaftError.self) { try node.readIndex(context: []) }
    }

    @Test("a single-node leader serves reads at its commit index once it committed its term's entry")
    func singleNodeRead() throws {
        var node = try makeNode(1, of: 1)
        node.campaign()
        try node.readIndex(context: [3])
        var states: [ReadState] = []
        for _ in 0..<3 { states += node.takeReady().readStates }
        #expect(states == [ReadState(readIndex: 1, context: [3])])
    }
}
