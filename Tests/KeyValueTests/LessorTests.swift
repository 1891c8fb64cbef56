import KeyValue
import Support
import Testing

@Suite("The lessor: expiry on the leader's clock, checkpoints, leader changes")
struct LessorTests {
    static func granted(ttl: Int64 = 5, at now: Int64 = 0) -> (KeyValueStore, Lessor) {
        var store = KeyValueStore()
        var lessor = Lessor()
        lessor.observe(store.apply(.leaseGrant(id: 1, ttlSeconds: ttl)).leaseChanges, at: now)
        return (store, lessor)
    }

    @Test("The leader proposes an expiry when the deadline passes, once per retry interval; a follower never")
    func expiry() {
        var (_, lessor) = LessorTests.granted()
        #expect(lessor.tick(at: 6000).isEmpty)
        lessor.promote()
        #expect(lessor.tick(at: 4990).allSatisfy { if case .leaseExpire = $0 { return false }; return true })
        #expect(lessor.tick(at: 5000) == [.leaseExpire(id: 1, epoch: 0)])
        #expect(lessor.tick(at: 5500).isEmpty)
        #expect(lessor.tick(at: 6000) == [.leaseExpire(id: 1, epoch: 0)])
        #expect(lessor.isExpired(1, at: 5000) && !lessor.isExpired(1, at: 4999))
    }

    @Test("A lease that went c (TTL / 4) without a keep-alive gets a checkpoint of its remaining time")
    func checkpoints() {
        var (store, lessor) = LessorTests.granted(ttl: 8)
        lessor.promote()
        #expect(lessor.configuration.checkpointIntervalMilliseconds(ttlSeconds: 8) == 2000)
        #expect(lessor.tick(at: 1990).isEmpty)
        let due = lessor.tick(at: 2000)
        #expect(due == [.leaseCheckpoint([LeaseCheckpoint(id: 1, remainingMilliseconds: 6000, epoch: 0)])])
        #expect(lessor.tick(at: 2500).isEmpty)
        lessor.observe(store.apply(due[0]).leaseChanges, at: 2030)
        #expect(lessor.remainingMilliseconds(1, at: 2030) == 5970)
        #expect(lessor.tick(at: 4000).isEmpty && lessor.tick(at: 4030).count == 1)
        // A keep-alive gives the whole TTL again.
        lessor.observe(store.apply(.leaseKeepAlive(id: 1)).leaseChanges, at: 4100)
        #expect(lessor.remainingMilliseconds(1, at: 4100) == 8000)
    }

    @Test("A checkpoint can only shorten a replica's deadline, never lengthen it")
    func checkpointsOnlyLower() {
        var (store, lessor) = LessorTests.granted()
        let checkpoint = store.apply(.leaseCheckpoint([LeaseCheckpoint(id: 1, remainingMilliseconds: 4900, epoch: 0)]))
        lessor.observe(checkpoint.leaseChanges, at: 500)
        #expect(lessor.remainingMilliseconds(1, at: 500) == 4500)
        lessor.observe(store.apply(.leaseCheckpoint([LeaseCheckpoint(id: 1, remainingMilliseconds: 1000, epoch: 0)])).leaseChanges, at: 600)
        #expect(lessor.remainingMilliseconds(1, at: 600) == 1000)
    }

    @Test("After a restart the lessor anchors the last checkpoint (or the whole TTL) at the restart time")
    func resetFromStore() {
        var (store, _) = LessorTests.granted(ttl: 10)
        _ = store.apply(.leaseGrant(id: 2, ttlSeconds: 3))
        _ = store.apply(.leaseCheckpoint([LeaseCheckpoint(id: 1, remainingMilliseconds: 2500, epoch: 0)]))
        var lessor = Lessor()
        lessor.reset(from: store, at: 50_000)
        #expect(lessor.remainingMilliseconds(1, at: 50_000) == 2500 && lessor.remainingMilliseconds(2, at: 50_000) == 3000)
        #expect(lessor.leaseIDs == [1, 2])
        let ttl = lessor.timeToLive(store.timeToLive(id: 1, keys: false), at: 50_001)
        #expect(ttl.ttlSeconds == 2 && ttl.grantedTTLSeconds == 10)
    }

    /// Leaders change every 2 s with leaderless gaps of 0.9 s (one election timeout is 1 s); the
    /// client keeps its 5 s lease alive every 1.666 s until it dies.
    static func alternating(clientDiesAt: Int64, endAt: Int64 = 24_000) -> LeaseCluster.Script {
        var leaders: [(from: Int64, leader: Int?)] = []
        var time: Int64 = 0
        var next = 0
        while time < endAt {
            leaders.append((time, next))
            leaders.append((time + 2000, nil))
            time += 2900
            next = (next + 1) % 3
        }
        return LeaseCluster.Script(leaders: leaders, clientDiesAt: clientDiesAt, endAt: endAt)
    }

    static let electionTimeoutMilliseconds: Int64 = 1000

    static func checkBound(_ cluster: LeaseCluster, _ label: String) throws {
        let expired = try #require(cluster.expiredAt, "\(label): the lease expired")
        let lastKeepAlive = try #require(cluster.keepAliveCommits.last)
        let ttl = LeaseCluster.ttlSeconds * 1000
        let c = cluster.configuration.checkpointIntervalMilliseconds(ttlSeconds: LeaseCluster.ttlSeconds)
        #expect(expired >= lastKeepAlive + ttl, "\(label): never before keep-alive + TTL")
        #expect(expired <= lastKeepAlive + ttl + c + electionTimeoutMilliseconds,
                "\(label): expired \(expired - lastKeepAlive - ttl) ms after keep-alive + TTL; c is \(c)")
        // The script is one a lessor that gives the whole TTL at each promotion fails: some
        // promotion falls after the last keep-alive and before keep-alive + TTL, and a whole TTL
        // from it is past the bound.
        let resets = cluster.promotions.filter { $0 > lastKeepAlive && $0 < lastKeepAlive + ttl }
        #expect(resets.contains { $0 + ttl > lastKeepAlive + ttl + c + electionTimeoutMilliseconds }, "\(label): discriminating script")
    }

    @Test("A dead holder's lease expires within keep-alive + TTL + c + one election timeout, however many leader changes",
          arguments: [(4000, 0), (5000, 1), (6500, 2), (9000, 3)] as [(Int64, UInt64)])
    func boundAcrossLeaderChanges(clientDiesAt: Int64, seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let offsets = (0..<3).map { _ in Int64(random.below(100_000)) - 50_000 }
        let lags = (0..<3).map { _ in Int64(random.below(4)) * LeaseCluster.tickMilliseconds }
        var cluster = LeaseCluster(offsets: offsets, lags: lags)
        cluster.run(LessorTests.alternating(clientDiesAt: clientDiesAt))
        #expect(cluster.promotions.count >= 8)
        try LessorTests.checkBound(cluster, "dies at \(clientDiesAt), seed \(seed)")
    }

    @Test("The bound holds when the replica that takes over had crashed and missed the last keep-alives")
    func boundWithRestartedLeader() throws {
        // Replica 2 is down from 1 s to 6 s, missing the client's last keep-alives (the client
        // dies at 3.4 s); replica 1 leads until 5.6 s; replica 2, which anchors what it replays at
        // 6 s, leads from 6.5 s. Without checkpoints it would give the lease a whole TTL from 6 s.
        let script = LeaseCluster.Script(
            leaders: [(0, 0), (1500, nil), (2300, 1), (5600, nil), (6500, 2), (12_000, nil), (12_900, 0)],
            outages: [(2, 1000, 6000)], clientDiesAt: 3400, endAt: 20_000)
        var cluster = LeaseCluster(offsets: [0, 3000, -7000], lags: [10, 20, 30])
        cluster.run(script)
        try LessorTests.checkBound(cluster, "restarted leader")
    }

    @Test("A lease kept alive is never expired, through every leader change and restart")
    func liveLeaseSurvives() {
        var script = LessorTests.alternating(clientDiesAt: 40_000, endAt: 30_000)
        script.outages = [(2, 3100, 5700)]
        var cluster = LeaseCluster(offsets: [500, 0, -300], lags: [0, 30, 10])
        cluster.run(script)
        #expect(cluster.expiredAt == nil)
        #expect(cluster.keepAliveCommits.count > 10)
        for replica in cluster.replicas { #expect(replica.store.leaseIDs == [LeaseCluster.leaseID]) }
    }
}
