import Testing
@testable import Raft
import Support

/// The claims of §5.3 of the Raft paper (log replication), one test each.
@Suite("Raft paper §5.3: log replication")
struct PaperReplicationTests {
    /// A three-node leader whose no-op is committed, with the followers' appends drained.
    func committedLeader(of count: Int = 3) throws -> RaftNode {
        var leader = try node(in: .leader, of: count)
        for follower in 2...UInt64(count) {
            try leader.step(message(follower, 1, term: 1, .appendEntriesResponse(.accepted(matchIndex: 1))))
        }
        leader.advanceAll()
        precondition(leader.commitIndex == 1)
        return leader
    }

    @Test("§5.3 the leader appends a proposal to its log and sends it to every follower")
    func leaderStartsReplication() throws {
        var leader = try committedLeader()
        let index = try leader.propose([7, 7])
        #expect(index == 2)
        #expect(leader.log.entry(at: 2) == LogEntry(term: 1, index: 2, data: [7, 7]))
        let ready = leader.takeReady()
        #expect(ready.entries == [LogEntry(term: 1, index: 2, data: [7, 7])], "the new entry is to be persisted")
        let appends = ready.messages.filter { $0.kind == .appendEntriesRequest }
        #expect(appends.map(\.to) == [NodeID(2), NodeID(3)])
        for append in appends {
            #expect(append.content == appendRequest(prev: LogPosition(index: 1, term: 1), entries: [1], commit: 1)
                .withData([7, 7]))
        }
    }

    @Test("§5.3 an entry is committed once a majority stores it, and the leader then applies it")
    func leaderCommitsEntry() throws {
        var leader = try committedLeader()
        try leader.propose([1])
        leader.advanceAll()
        #expect(leader.commitIndex == 1, "the leader alone is no majority of three")
        try leader.step(message(2, 1, term: 1, .appendEntriesResponse(.accepted(matchIndex: 2))))
        #expect(leader.commitIndex == 2)
        let ready = leader.takeReady()
        #expect(ready.committedEntries.map(\.index) == [2])
        // The followers learn the new commit index at once.
        let commits = ready.messages.compactMap { message -> UInt64? in
            if case .appendEntriesRequest(let request) = message.content { return request.commitIndex }
            return nil
        }
        #expect(commits.contains(2))
    }

    struct AckCase: Sendable, CustomTestStringConvertible {
        var size: Int
        var acceptors: [UInt64]
        var committed: Bool
        var testDescription: String { "\(size) servers, stored by leader and \(acceptors) -> \(committed ? "committed" : "not committed")" }
    }

    @Test("§5.3 a majority of servers storing an entry commits it, anything less does not", arguments: [
        AckCase(size: 1, acceptors: [], committed: true),
        AckCase(size: 3, acceptors: [], committed: false),
        AckCase(size: 3, acceptors: [2], committed: true),
        AckCase(size: 3, acceptors: [2, 3], committed: true),
        AckCase(size: 5, acceptors: [], committed: false),
        AckCase(size: 5, acceptors: [2], committed: false),
        AckCase(size: 5, acceptors: [2, 3], committed: true),
        AckCase(size: 5, acceptors: [2, 3, 4], committed: true),
        AckCase(size: 5, acceptors: [2, 3, 4, 5], committed: true),
    ])
    func majorityCommits(ack: AckCase) throws {
        var leader = try node(in: .leader, of: ack.size)
        leader.advanceAll()
        let index = try leader.propose([9])
        leader.advanceAll()
        for acceptor in ack.acceptors {
            try leader.step(message(acceptor, 1, term: 1, .appendEntriesResponse(.accepted(matchIndex: index))))
        }
        #expect((leader.commitIndex == index) == ack.committed)
    }

    @Test("§5.3 committing an entry commits every entry before it, of earlier leaders too",
          arguments: [[UInt64](), [2], [1, 1], [1, 2]])
    func commitsPrecedingEntries(earlier: [UInt64]) throws {
        var leader = try makeNode(1, of: 3, term: 2, logTerms: earlier)
        leader.campaign()
        try leader.step(message(2, 1, term: 3, .requestVoteResponse(RequestVoteResponse(voteGranted: true))))
        #expect(leader.role == .leader)
        try leader.propose([5])
        leader.advanceAll()
        try leader.step(message(2, 1, term: 3, .appendEntriesResponse(.accepted(matchIndex: leader.log.lastIndex))))
        let committed = leader.takeReady().committedEntries
        #expect(committed.map(\.term) == earlier + [3, 3])
        #expect(committed.map(\.index) == Array(1...UInt64(earlier.count + 2)))
    }

    @Test("§5.3 a follower applies entries once it learns they are committed", arguments: [UInt64(1), 2, 3])
    func followerAppliesCommitted(commit: UInt64) throws {
        var follower = try makeNode(1, of: 3, term: 1)
        try follower.step(message(2, 1, term: 1, appendRequest(prev: .zero, entries: [1, 1, 1], commit: commit)))
        #expect(follower.commitIndex == commit)
        let ready = follower.takeReady()
        #expect(ready.entries.map(\.index) == [1, 2, 3])
        #expect(ready.committedEntries.map(\.index) == Array(1...commit))
    }

    struct CheckCase: Sendable, CustomTestStringConvertible {
        var prev: LogPosition
        var response: AppendEntriesResponse
        var testDescription: String { "prev \(prev) -> \(response.success ? "match \(response.matchIndex)" : "reject, hint \(response.hintIndex)@\(response.hintTerm)")" }
    }

    @Test("§5.3 a follower refuses AppendEntries unless its log holds the previous entry, and hints where logs match", arguments: [
        CheckCase(prev: LogPosition(index: 0, term: 0), response: .accepted(matchIndex: 1)),
        CheckCase(prev: LogPosition(index: 1, term: 1), response: .accepted(matchIndex: 1)),
        CheckCase(prev: LogPosition(index: 2, term: 2), response: .accepted(matchIndex: 2)),
        CheckCase(prev: LogPosition(index: 2, term: 1), response: .rejected(index: 2, hint: LogPosition(index: 1, term: 1))),
        CheckCase(prev: LogPosition(index: 3, term: 3), response: .rejected(index: 3, hint: LogPosition(index: 2, term: 2))),
    ])
    func followerConsistencyCheck(check: CheckCase) throws {
        var follower = try makeNode(1, of: 3, term: 2, logTerms: [1, 2], commit: 1)
        try follower.step(message(2, 1, term: 3, appendRequest(prev: check.prev, commit: 1)))
        #expect(follower.advanceAll().map(\.content) == [.appendEntriesResponse(check.response)])
        #expect(follower.logTerms == [1, 2], "a check alone never changes the log")
    }

    struct AppendCase: Sendable, CustomTestStringConvertible {
        var prev: LogPosition
        var entries: [UInt64]
        var log: [UInt64]
        var persisted: [UInt64]
        var testDescription: String { "prev \(prev) entries \(entries) -> log \(log)" }
    }

    @Test("§5.3 a follower deletes a conflicting entry and all after it, then appends the leader's", arguments: [
        AppendCase(prev: LogPosition(index: 2, term: 2), entries: [3], log: [1, 2, 3], persisted: [3]),
        AppendCase(prev: LogPosition(index: 1, term: 1), entries: [3, 4], log: [1, 3, 4], persisted: [3, 4]),
        AppendCase(prev: LogPosition(index: 0, term: 0), entries: [1], log: [1, 2], persisted: []),
        AppendCase(prev: LogPosition(index: 0, term: 0), entries: [3], log: [3], persisted: [3]),
    ])
    func followerRepairsLog(append: AppendCase) throws {
        var follower = try makeNode(1, of: 3, term: 2, logTerms: [1, 2])
        try follower.step(message(2, 1, term: 4, appendRequest(prev: append.prev, entries: append.entries)))
        #expect(follower.logTerms == append.log)
        #expect(follower.ready().entries.map(\.term) == append.persisted)
    }

    @Test("§5.3 a delayed or duplicated AppendEntries never truncates entries a later one added")
    func staleAppendDoesNotTruncate() throws {
        var follower = try makeNode(1, of: 3, term: 1)
        try follower.step(message(2, 1, term: 1, appendRequest(prev: .zero, entries: [1, 1, 1])))
        try follower.step(message(2, 1, term: 1, appendRequest(prev: .zero, entries: [1])))
        #expect(follower.logTerms == [1, 1, 1])
        let responses = follower.advanceAll().map(\.content)
        #expect(responses == [.appendEntriesResponse(.accepted(matchIndex: 3)), .appendEntriesResponse(.accepted(matchIndex: 1))],
                "the stale request is acknowledged only as far as it reaches")
    }

    @Test("§5.3 a follower commits no further than the last entry the request shows it shares with the leader")
    func followerCommitBoundedByRequest() throws {
        var follower = try makeNode(1, of: 3, term: 1, logTerms: [1, 1, 1])
        try follower.step(message(2, 1, term: 2, appendRequest(prev: LogPosition(index: 1, term: 1), commit: 3)))
        #expect(follower.commitIndex == 1, "entries 2 and 3 may not be the new leader's")
    }

    @Test("§5.3 the leader retries until a follower whose appends were lost has every entry")
    func lostAppendsAreRetried() throws {
        let cluster = try Cluster(size: 3, seed: 5)
        let leader = try #require(cluster.electLeader())
        let lagging = cluster.ids.first { $0 != leader.id }!
        // Every message to the lagging follower is lost while the entry commits.
        cluster.group = [lagging: 1]
        cluster.propose([1])
        cluster.group = [:]
        #expect(cluster.node(lagging)!.log.lastIndex < cluster.leader!.log.lastIndex, "the append was lost")
        for _ in 0..<5 { cluster.tickAll() }
        #expect(cluster.node(lagging)!.log.lastIndex == cluster.leader!.log.lastIndex)
        #expect(cluster.node(lagging)!.commitIndex == cluster.leader!.commitIndex)
        #expect(cluster.violations.isEmpty, "\(cluster.violations)")
    }

    @Test("§5.3 a divergent follower is repaired in one round trip per term, not one per entry")
    func conflictHintSkipsTerms() throws {
        let leaderLog: [UInt64] = [1] + Array(repeating: 3, count: 50)
        let followerLog: [UInt64] = [1] + Array(repeating: 2, count: 50)
        let nodes = [try makeNode(1, of: 3, term: 3, logTerms: leaderLog),
                     try makeNode(2, of: 3, term: 3, logTerms: followerLog),
                     try makeNode(3, of: 3, term: 3, logTerms: leaderLog)]
        let cluster = try Cluster(nodes: nodes, seed: 2)
        cluster.campaign(NodeID(1))
        #expect(cluster.leader?.id == NodeID(1))
        #expect(cluster.node(NodeID(2))!.logTerms == cluster.node(NodeID(1))!.logTerms)
        // One rejection (of the first append at the end of the log); its hint points at the last
        // entry of term at most 2 in the leader's log (index 1), where the next probe succeeds.
        #expect(cluster.rejections(by: NodeID(2)) == 1)
    }

    @Test("§5.3 Figure 7: the new leader brings each follower log (a)-(f) to its own", arguments: [
        ("a", [1, 1, 1, 4, 4, 5, 5, 6, 6] as [UInt64]),
        ("b", [1, 1, 1, 4]),
        ("c", [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6]),
        ("d", [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7]),
        ("e", [1, 1, 1, 4, 4, 4, 4]),
        ("f", [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3]),
    ])
    func figure7(name: String, followerLog: [UInt64]) throws {
        let leaderLog: [UInt64] = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6]
        let nodes = [try makeNode(1, of: 3, term: 7, logTerms: leaderLog),
                     try makeNode(2, of: 3, term: 7, logTerms: followerLog),
                     try makeNode(3, of: 3, term: 7, logTerms: leaderLog)]
        let cluster = try Cluster(nodes: nodes, seed: 7)
        cluster.campaign(NodeID(1))
        let leader = try #require(cluster.leader)
        #expect(leader.id == NodeID(1) && leader.currentTerm == 8)
        let follower = cluster.node(NodeID(2))!
        #expect(follower.logTerms == leaderLog + [8], "follower (\(name)) holds the leader's log")
        #expect(follower.log.entries == leader.log.entries)
        #expect(follower.commitIndex == 11)
        // At most one rejection per term the follower's log and the leader's disagree on.
        let terms = Set(followerLog).union(leaderLog).count
        #expect(cluster.rejections(by: NodeID(2)) <= terms)
        #expect(cluster.violations.isEmpty, "\(cluster.violations)")
    }
}

extension MessageContent {
    /// The same append with every entry's data set to `data`.
    func withData(_ data: [UInt8]) -> MessageContent {
        guard case .appendEntriesRequest(var request) = self else { return self }
        request.entries = request.entries.map { LogEntry(term: $0.term, index: $0.index, data: data) }
        return .appendEntriesRequest(request)
    }
}
