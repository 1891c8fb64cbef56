import Testing
@testable import Raft
import Support

/// The claims of §5.4 of the Raft paper (safety: the election restriction and the commit rule),
/// one test each, with Figure 8.
@Suite("Raft paper §5.4: safety")
struct PaperSafetyTests {
    @Test("§5.4.1 a RequestVote carries the candidate's last log index and term", arguments: [[UInt64(1)], [1, 2], [1, 1, 3]])
    func voteRequestCarriesLastEntry(logTerms: [UInt64]) throws {
        var node = try makeNode(1, of: 3, logTerms: logTerms)
        node.campaign()
        let requests = node.advanceAll().filter { $0.kind == .requestVoteRequest }
        #expect(requests.count == 2)
        for request in requests {
            #expect(request.content == .requestVoteRequest(voteRequest(last: LogPosition(index: UInt64(logTerms.count), term: logTerms.last!))))
        }
    }

    struct VoterCase: Sendable, CustomTestStringConvertible {
        var log: [UInt64]
        var candidateLast: LogPosition
        var granted: Bool
        var testDescription: String { "voter log \(log), candidate last \(candidateLast) -> \(granted ? "granted" : "denied")" }
    }

    @Test("§5.4.1 a voter denies its vote to a candidate whose log is less up to date than its own", arguments: [
        VoterCase(log: [1], candidateLast: LogPosition(index: 1, term: 1), granted: true),
        VoterCase(log: [1], candidateLast: LogPosition(index: 2, term: 1), granted: true),
        VoterCase(log: [1, 1], candidateLast: LogPosition(index: 1, term: 1), granted: false),
        VoterCase(log: [1], candidateLast: LogPosition(index: 1, term: 2), granted: true),
        VoterCase(log: [1], candidateLast: LogPosition(index: 2, term: 2), granted: true),
        VoterCase(log: [1, 1], candidateLast: LogPosition(index: 1, term: 2), granted: true),
        VoterCase(log: [2], candidateLast: LogPosition(index: 1, term: 1), granted: false),
        VoterCase(log: [2], candidateLast: LogPosition(index: 2, term: 1), granted: false),
        VoterCase(log: [1, 2], candidateLast: LogPosition(index: 2, term: 1), granted: false),
    ])
    func voterChecksUpToDate(voter: VoterCase) throws {
        var node = try makeNode(1, of: 3, logTerms: voter.log)
        try node.step(message(2, 1, term: 3, .requestVoteRequest(voteRequest(last: voter.candidateLast))))
        #expect(node.advanceAll().map(\.content) == [.requestVoteResponse(RequestVoteResponse(voteGranted: voter.granted))])
    }

    @Test("§5.4.1 a candidate whose log lacks a committed entry cannot win; one that holds it can")
    func candidateMissingCommittedEntryLoses() throws {
        let cluster = try Cluster(size: 3, seed: 11, preVote: false, checkQuorum: false)
        cluster.campaign(NodeID(1))
        cluster.group[NodeID(3)] = 1
        let index = try #require(cluster.propose([42]))
        #expect(cluster.node(NodeID(1))!.commitIndex == index, "committed by nodes 1 and 2")
        cluster.group = [NodeID(1): 2]
        cluster.campaign(NodeID(3))
        #expect(cluster.node(NodeID(3))!.role != .leader, "node 2 denies the vote: its log holds the committed entry")
        cluster.campaign(NodeID(2))
        #expect(cluster.leader?.id == NodeID(2))
        #expect(cluster.leader?.log.entry(at: index)?.data == [42])
        #expect(cluster.violations.isEmpty, "\(cluster.violations)")
    }

    struct CurrentTermCase: Sendable, CustomTestStringConvertible {
        var acknowledged: UInt64
        var commit: UInt64
        var testDescription: String { "follower matches \(acknowledged) -> commit \(commit)" }
    }

    @Test("§5.4.2 the leader commits by counting replicas only an entry of its own term", arguments: [
        CurrentTermCase(acknowledged: 1, commit: 0),
        CurrentTermCase(acknowledged: 2, commit: 0),
        CurrentTermCase(acknowledged: 3, commit: 3),
    ])
    func onlyCurrentTermCommitsByCounting(ack: CurrentTermCase) throws {
        var leader = try makeNode(1, of: 3, term: 2, logTerms: [1, 2])
        leader.campaign()
        try leader.step(message(2, 1, term: 3, .requestVoteResponse(RequestVoteResponse(voteGranted: true))))
        leader.advanceAll()
        #expect(leader.log.lastPosition == LogPosition(index: 3, term: 3))
        try leader.step(message(2, 1, term: 3, .appendEntriesResponse(.accepted(matchIndex: ack.acknowledged))))
        #expect(leader.commitIndex == ack.commit)
    }

    @Test("§5.4.2 a new leader appends an empty entry of its term and replicates it at once")
    func newLeaderAppendsEmptyEntry() throws {
        var leader = try makeNode(1, of: 3, term: 4, logTerms: [1, 4])
        leader.campaign()
        try leader.step(message(3, 1, term: 5, .requestVoteResponse(RequestVoteResponse(voteGranted: true))))
        #expect(leader.log.entry(at: 3) == LogEntry(term: 5, index: 3, data: []))
        let appends = leader.advanceAll().filter { $0.kind == .appendEntriesRequest }
        #expect(appends.map(\.to) == [NodeID(2), NodeID(3)])
        #expect(appends.allSatisfy { $0.content == appendRequest(prev: LogPosition(index: 2, term: 4), entries: [5]) })
    }

    /// Figure 8 (c): five servers whose logs are S1 [1, 2], S2 [1, 2], S3 [1], S4 [1], S5 [1, 3]
    /// (entry terms); S1 wins term 4 with S2, S3 and S4 and appends its empty entry 3 of term 4,
    /// which reaches S2; it copies its entry 2 (term 2) to S3 but nothing further. S1 knows that a
    /// majority (S1, S2, S3) stores entry 2.
    func figure8StateC() throws -> Cluster {
        let logs: [[UInt64]] = [[1, 2], [1, 2], [1], [1], [1, 3]]
        let nodes = try logs.enumerated().map { k, terms in
            try makeNode(UInt64(k + 1), of: 5, term: 3, logTerms: terms) { $0.appendEntriesBytesMax = 1 }
        }
        let cluster = try Cluster(nodes: nodes, seed: 8)
        let (s1, s2, s3) = (NodeID(1), NodeID(2), NodeID(3))
        cluster.mutate(s1) { $0.campaign() }
        // After the votes, S2 hears from S1 (and acknowledges entries 2 and 3), and S3 hears the
        // first append (which it rejects: it lacks entry 2), and then only up to entry 2.
        var firstToS3 = true
        cluster.exchange { message in
            guard case .appendEntriesRequest(let request) = message.content else { return true }
            if message.to == s2 { return true }
            guard message.to == s3 else { return false }
            defer { firstToS3 = false }
            return firstToS3 || (request.entries.last?.index ?? 0) <= 2
        }
        precondition(cluster.node(s1)!.role == .leader && cluster.node(s1)!.currentTerm == 4)
        precondition(cluster.node(s3)!.log.lastPosition == LogPosition(index: 2, term: 2))
        precondition(cluster.node(s1)!.progress(of: s2)!.match == 3 && cluster.node(s1)!.progress(of: s3)!.match == 2)
        return cluster
    }

    @Test("§5.4.2 Figure 8 (c)-(d): an entry of an earlier term stored on a majority is not committed, and may be overwritten")
    func figure8OldTermNotCommitted() throws {
        let cluster = try figure8StateC()
        let s1 = cluster.node(NodeID(1))!
        let holders = cluster.liveNodes.filter { $0.log.entry(at: 2)?.term == 2 }.map(\.id)
        #expect(holders == [NodeID(1), NodeID(2), NodeID(3)], "a majority of five stores entry 2 of term 2")
        #expect(s1.commitIndex < 2, "the term-4 leader does not commit a term-2 entry by counting replicas")
        // (d) S1 stops; S5 (last entry of term 3) wins with S2, S3 and S4 and overwrites entry 2.
        cluster.group = [NodeID(1): 1]
        cluster.campaign(NodeID(5))
        let s5 = try #require(cluster.leader)
        #expect(s5.id == NodeID(5) && s5.currentTerm == 5)
        for id in [NodeID(2), NodeID(3), NodeID(4)] {
            #expect(cluster.node(id)!.log.entry(at: 2)?.term == 3, "\(id)'s uncommitted entry 2 was replaced")
        }
        #expect(cluster.violations.isEmpty, "\(cluster.violations)")
    }

    @Test("§5.4.2 Figure 8 (e): once an entry of the current term commits, the earlier entry commits with it and survives")
    func figure8CommitThroughCurrentTerm() throws {
        let cluster = try figure8StateC()
        // S1's entry 3 (term 4) reaches S2 and S3: a majority holds an entry of S1's term.
        cluster.group = [NodeID(4): 1, NodeID(5): 1]
        for _ in 0..<3 { cluster.tickAll() }
        let s1 = cluster.node(NodeID(1))!
        #expect(s1.commitIndex == 3)
        #expect(s1.log.entry(at: 2)?.term == 2)
        // S5 can no longer win: S2 and S3 hold an entry of term 4, later than S5's last.
        cluster.group = [NodeID(1): 1]
        cluster.campaign(NodeID(5))
        #expect(cluster.node(NodeID(5))!.role != .leader)
        #expect(cluster.violations.isEmpty, "\(cluster.violations)")
    }

    @Test("§5.4.3 after a failover the new leader holds every committed entry, and every state machine applies the same")
    func leaderCompletenessAfterFailover() throws {
        let cluster = try Cluster(size: 5, seed: 13)
        let first = try #require(cluster.electLeader())
        for k in 0..<5 { cluster.propose([UInt8(k)]) }
        cluster.group = [first.id: 1]
        let second = try #require(cluster.electLeader())
        #expect(second.currentTerm > first.currentTerm)
        for k in 0..<5 { cluster.propose([UInt8(10 + k)]) }
        cluster.group = [:]
        for _ in 0..<5 { cluster.tickAll() }
        let expected = cluster.machine(second.id)
        #expect(expected.values.count == 10)
        for id in cluster.ids { #expect(cluster.machine(id) == expected) }
        #expect(cluster.violations.isEmpty, "\(cluster.violations)")
    }
}

extension RaftMessage {
    var isAppendWithEntries: Bool {
        guard case .appendEntriesRequest(let request) = content else { return false }
        return !request.entries.isEmpty
    }
}
