import Testing
@testable import Raft
import Support

/// PreVote, CheckQuorum and leader stickiness (Ongaro's thesis §9.6, §6.2; etcd-io/raft), and
/// leadership transfer (thesis §3.10).
@Suite("PreVote, CheckQuorum, stickiness and leadership transfer")
struct PreVoteCheckQuorumTests {
    @Test("a node partitioned away and back neither raises the cluster's term nor disrupts the leader")
    func rejoiningNodeDoesNotDisrupt() throws {
        let cluster = try Cluster(size: 3, seed: 21)
        let leader = try #require(cluster.electLeader())
        let outsider = cluster.ids.first { $0 != leader.id }!
        cluster.group = [outsider: 1]
        for _ in 0..<60 { cluster.tickAll() }
        #expect(cluster.node(outsider)!.currentTerm == leader.currentTerm, "PreVote kept the cut-off node's term")
        #expect(cluster.node(outsider)!.role == .preCandidate)
        cluster.group = [:]
        for _ in 0..<30 { cluster.tickAll() }
        #expect(cluster.leader?.id == leader.id)
        for node in cluster.liveNodes { #expect(node.currentTerm == leader.currentTerm) }
        #expect(cluster.violations.isEmpty, "\(cluster.violations)")
    }

    @Test("without PreVote the same rejoining node does raise the term (the test can tell)")
    func withoutPreVoteTermRises() throws {
        let cluster = try Cluster(size: 3, seed: 21, preVote: false, checkQuorum: false)
        let leader = try #require(cluster.electLeader())
        let outsider = cluster.ids.first { $0 != leader.id }!
        cluster.group = [outsider: 1]
        for _ in 0..<60 { cluster.tickAll() }
        #expect(cluster.node(outsider)!.currentTerm > leader.currentTerm)
        cluster.group = [:]
        for _ in 0..<30 { cluster.tickAll() }
        #expect(cluster.liveNodes.allSatisfy { $0.currentTerm > leader.currentTerm })
    }

    @Test("an isolated leader steps down within two election timeouts (CheckQuorum)", arguments: [true, false])
    func isolatedLeaderStepsDown(checkQuorum: Bool) throws {
        let cluster = try Cluster(size: 3, seed: 22, checkQuorum: checkQuorum)
        let leader = try #require(cluster.electLeader())
        cluster.group = [leader.id: 1]
        let timeout = leader.options.electionTimeoutTicks
        for _ in 0..<(2 * timeout) { cluster.tickAll() }
        #expect((cluster.node(leader.id)!.role == .leader) == !checkQuorum)
    }

    @Test("a follower that heard from its leader within the election timeout ignores a RequestVote of a later term")
    func leaderStickiness() throws {
        var follower = try makeNode(1, of: 3, term: 1, checkQuorum: true)
        try follower.step(message(2, 1, term: 1, .heartbeatRequest(HeartbeatRequest(commitIndex: 0, readContext: 0))))
        follower.advanceAll()
        try follower.step(message(3, 1, term: 2, .requestVoteRequest(voteRequest(last: LogPosition(index: 9, term: 1)))))
        #expect(follower.currentTerm == 1)
        #expect(follower.votedFor == nil)
        #expect(follower.advanceAll().isEmpty)
        // Once the election timeout passes without the leader, the vote is granted.
        for _ in 0..<follower.options.electionTimeoutTicks { follower.tick() }
        follower.advanceAll()
        if follower.role == .follower {
            try follower.step(message(3, 1, term: 5, .requestVoteRequest(voteRequest(last: LogPosition(index: 9, term: 1)))))
            #expect(follower.votedFor == NodeID(3))
        }
    }

    @Test("a PreVote neither raises the voter's term nor records a vote; a rejected pre-candidate keeps its term")
    func preVoteChangesNoTerm() throws {
        var voter = try makeNode(1, of: 3, term: 2, logTerms: [1, 2], preVote: true)
        try voter.step(message(2, 1, term: 3, .preVoteRequest(voteRequest(last: LogPosition(index: 1, term: 1)))))
        #expect(voter.currentTerm == 2 && voter.votedFor == nil)
        #expect(voter.advanceAll().map(\.content) == [.preVoteResponse(RequestVoteResponse(voteGranted: false))])
        var candidate = try makeNode(2, of: 3, term: 2, logTerms: [1], preVote: true)
        candidate.campaign()
        #expect(candidate.role == .preCandidate && candidate.currentTerm == 2)
        let requests = candidate.advanceAll()
        #expect(requests.allSatisfy { $0.kind == .preVoteRequest && $0.term == 3 })
        try candidate.step(message(1, 2, term: 2, .preVoteResponse(RequestVoteResponse(voteGranted: false))))
        try candidate.step(message(3, 2, term: 2, .preVoteResponse(RequestVoteResponse(voteGranted: false))))
        #expect(candidate.currentTerm == 2, "the rejections (at the voters' term) leave the term alone")
    }

    @Test("a granted PreVote round leads to a real election at the next term")
    func preVoteThenElection() throws {
        var candidate = try makeNode(1, of: 3, term: 2, logTerms: [1, 2], preVote: true)
        candidate.campaign()
        candidate.advanceAll()
        try candidate.step(message(2, 1, term: 3, .preVoteResponse(RequestVoteResponse(voteGranted: true))))
        #expect(candidate.role == .candidate && candidate.currentTerm == 3)
        let requests = candidate.advanceAll().filter { $0.kind == .requestVoteRequest }
        #expect(requests.count == 2 && requests.allSatisfy { $0.term == 3 })
    }

    @Test("leadership transfer: the transferee campaigns at once, past PreVote and the voters' stickiness")
    func transferLeadership() throws {
        let cluster = try Cluster(size: 3, seed: 23)
        let leader = try #require(cluster.electLeader())
        let transferee = cluster.ids.first { $0 != leader.id }!
        try cluster.mutate(leader.id) { try $0.transferLeadership(to: transferee) }
        cluster.stabilize()
        let next = try #require(cluster.leader)
        #expect(next.id == transferee)
        #expect(next.currentTerm == leader.currentTerm + 1)
        #expect(cluster.node(leader.id)!.role == .follower)
        #expect(cluster.violations.isEmpty, "\(cluster.violations)")
    }

    @Test("leadership transfer to a lagging follower first brings its log up to date; a follower forwards the request")
    func transferToLaggingFollower() throws {
        let cluster = try Cluster(size: 3, seed: 24)
        let leader = try #require(cluster.electLeader())
        let lagging = cluster.ids.first { $0 != leader.id }!
        let other = cluster.ids.first { $0 != leader.id && $0 != lagging }!
        cluster.group = [lagging: 1]
        for k in 0..<5 { cluster.propose([UInt8(k)]) }
        cluster.group = [:]
        try cluster.mutate(other) { try $0.transferLeadership(to: lagging) }
        cluster.stabilize()
        let next = try #require(cluster.leader)
        #expect(next.id == lagging)
        #expect(next.machineValuesCount(in: cluster) >= 0)
        #expect(cluster.node(lagging)!.log.entries.filter { !$0.data.isEmpty }.count == 5)
    }

    @Test("a transfer that cannot finish is abandoned after an election timeout; meanwhile proposals are refused")
    func transferAbandoned() throws {
        let cluster = try Cluster(size: 3, seed: 25)
        let leader = try #require(cluster.electLeader())
        let unreachable = cluster.ids.first { $0 != leader.id }!
        cluster.group = [unreachable: 1]
        cluster.propose([1])
        try cluster.mutate(leader.id) { try $0.transferLeadership(to: unreachable) }
        #expect(throws: RaftError.leadershipTransferInProgress) { try cluster.mutate(leader.id) { try $0.propose([2]) } }
        for _ in 0..<leader.options.electionTimeoutTicks { cluster.tickAll() }
        #expect(cluster.node(leader.id)!.role == .leader)
        #expect(cluster.node(leader.id)!.leadTransferee == nil)
        #expect(try cluster.mutate(leader.id) { try $0.propose([3]) } != nil)
    }
}

extension RaftNode {
    func machineValuesCount(in cluster: Cluster) -> Int { cluster.machine(id).values.count }
}
