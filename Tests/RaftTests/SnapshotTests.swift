import Testing
@testable import Raft
import Support

/// Snapshots and log compaction (the paper's §7, Figure 13's InstallSnapshot in chunks).
@Suite("Snapshots and compaction")
struct SnapshotTests {
    func snapshottingCluster(seed: UInt64, chunkBytes: Int = 16) throws -> Cluster {
        let cluster = try Cluster(size: 3, seed: seed) { options in
            options.snapshotChunkBytesMax = chunkBytes
            options.compactionRetainedEntries = 2
        }
        cluster.snapshotEveryEntries = 5
        return cluster
    }

    @Test("compaction keeps the configured tail below the snapshot and asks storage to drop the rest")
    func compactionKeepsTail() throws {
        var leader = try node(in: .leader, of: 1) { $0.compactionRetainedEntries = 3 }
        for k in 0..<9 { try leader.propose([UInt8(k)]) }
        leader.advanceAll()
        leader.advanceAll()
        #expect(leader.appliedIndex == 10)
        try leader.compact(snapshotData: [1, 2, 3], through: 8)
        #expect(leader.log.compacted == LogPosition(index: 5, term: 1))
        #expect(leader.log.firstIndex == 6)
        let ready = leader.takeReady()
        #expect(ready.snapshot?.metadata == SnapshotMetadata(position: LogPosition(index: 8, term: 1), members: [NodeID(1)]))
        #expect(ready.compaction == LogPosition(index: 5, term: 1))
        #expect(ready.mustSync)
        #expect(throws: RaftError.self) { try leader.compact(snapshotData: [], through: 8) }
    }

    @Test("a follower partitioned while the leader compacts catches up by a snapshot sent in chunks")
    func laggingFollowerGetsSnapshot() throws {
        let cluster = try snapshottingCluster(seed: 41)
        let leader = try #require(cluster.electLeader())
        let lagging = cluster.ids.first { $0 != leader.id }!
        cluster.group = [lagging: 1]
        for k in 0..<20 { cluster.propose([UInt8(k), 0xAA]) }
        #expect(cluster.node(leader.id)!.log.compacted.index > cluster.node(lagging)!.log.lastIndex, "the leader compacted past the follower")
        cluster.group = [:]
        for _ in 0..<10 { cluster.tickAll() }
        #expect(cluster.node(lagging)!.log.compacted.index > 0, "the follower installed a snapshot")
        #expect(cluster.machine(lagging) == cluster.machine(leader.id))
        #expect(cluster.machine(lagging).values.count == 20)
        #expect((cluster.sentCounts[.installSnapshotRequest] ?? 0) >= 2, "the snapshot went in several chunks")
        #expect(cluster.violations.isEmpty, "\(cluster.violations)")
    }

    @Test("a snapshot transfer survives lost and duplicated chunks", arguments: UInt64(0)..<20)
    func snapshotUnderLoss(seed: UInt64) throws {
        let cluster = try snapshottingCluster(seed: seed, chunkBytes: 8)
        let leader = try #require(cluster.electLeader())
        let lagging = cluster.ids.first { $0 != leader.id }!
        cluster.group = [lagging: 1]
        for k in 0..<12 { cluster.propose([UInt8(k)]) }
        cluster.group = [:]
        var random = SplitMix64.stream(seed, named: "chunks")
        for _ in 0..<400 {
            cluster.processAll()
            if let position = cluster.inFlight.indices.randomElement(using: &random) {
                let isChunk = cluster.inFlight[position].kind == .installSnapshotRequest
                if isChunk && random.chance(30) { cluster.drop(at: position) } else { cluster.deliver(at: position, duplicate: random.chance(10)) }
            } else {
                for id in cluster.ids { cluster.tick(id) }
            }
            cluster.checkSafety()
        }
        for _ in 0..<20 { cluster.tickAll() }
        #expect(cluster.machine(lagging) == cluster.machine(leader.id))
        #expect(cluster.violations.isEmpty, "seed \(seed): \(cluster.violations)")
    }

    @Test("a node restarted from its snapshot and log has the same state as one that never stopped")
    func restartFromSnapshot() throws {
        let cluster = try snapshottingCluster(seed: 43)
        let leader = try #require(cluster.electLeader())
        for k in 0..<13 { cluster.propose([UInt8(k)]) }
        let restarted = cluster.ids.first { $0 != leader.id }!
        let steady = cluster.ids.first { $0 != leader.id && $0 != restarted }!
        #expect(cluster.node(restarted)!.snapshot != nil)
        var random = SplitMix64(seed: 1)
        try cluster.storages[cluster.slot(restarted)].sync()
        cluster.crash(restarted, using: &random)
        cluster.restart(restarted)
        // Before hearing from anyone, it rebuilds its state machine from the snapshot and the log.
        cluster.process(restarted)
        cluster.inFlight.removeAll()
        let rebuilt = cluster.node(restarted)!
        #expect(rebuilt.appliedIndex == rebuilt.commitIndex)
        #expect(cluster.machine(restarted).appliedIndex == rebuilt.commitIndex)
        let steadyNode = cluster.node(steady)!
        #expect(cluster.machine(restarted).values == Array(cluster.machine(steady).values.prefix(cluster.machine(restarted).values.count)))
        #expect(rebuilt.log.entries == Array(steadyNode.log.entries.filter { $0.index > rebuilt.log.compacted.index && $0.index <= rebuilt.log.lastIndex }))
        // After catching up it equals the node that never stopped.
        for _ in 0..<5 { cluster.tickAll() }
        for k in 0..<3 { cluster.propose([UInt8(100 + k)]) }
        #expect(cluster.machine(restarted) == cluster.machine(steady))
        #expect(cluster.node(restarted)!.log.lastPosition == cluster.node(steady)!.log.lastPosition)
        #expect(cluster.node(restarted)!.commitIndex == cluster.node(steady)!.commitIndex)
        #expect(cluster.violations.isEmpty, "\(cluster.violations)")
    }
}
