import Testing
@testable import Raft
import Support

/// Scripted clusters over many seeds: message loss, duplication and reordering, partitions,
/// ticks and proposals in a seeded order; the four properties of Models/RaftElection checked on
/// the real nodes after every step.
@Suite("Scripted clusters over seeds")
struct ClusterSafetyTests {
    static let seeds = Array(UInt64(0)..<300)

    @Test("a cluster under loss, duplication, reordering and partitions elects, replicates, fails over and keeps every committed entry",
          arguments: seeds)
    func randomSchedule(seed: UInt64) throws {
        var schedule = try RandomSchedule(seed: seed, crashes: false, snapshots: seed % 2 == 1)
        let outcome = schedule.run()
        #expect(outcome.violations.isEmpty, "seed \(seed): \(outcome.violations)")
        let first = try #require(outcome.firstLeaderTerm, "seed \(seed): no first leader")
        let second = try #require(outcome.secondLeaderTerm, "seed \(seed): no leader after losing the first")
        #expect(second > first, "seed \(seed): the second leader is of a later term")
        #expect(outcome.committed >= 6, "seed \(seed): entries committed before, during and after the failover")
        #expect(outcome.converged, "seed \(seed): every state machine applied the same committed entries")
    }

    @Test("nodes crash losing unsynced writes (or tearing the last one) at seeded points; no committed entry is lost",
          arguments: seeds.prefix(200))
    func crashSchedule(seed: UInt64) throws {
        var schedule = try RandomSchedule(seed: seed, crashes: true, snapshots: seed % 2 == 0)
        let outcome = schedule.run()
        #expect(outcome.violations.isEmpty, "seed \(seed): \(outcome.violations)")
        #expect(outcome.restarts >= 1, "seed \(seed): at least the first leader crashed and restarted")
        let first = try #require(outcome.firstLeaderTerm, "seed \(seed): no first leader")
        let second = try #require(outcome.secondLeaderTerm, "seed \(seed): no leader after the first crashed")
        #expect(second > first)
        #expect(outcome.converged, "seed \(seed): every state machine applied the same committed entries")
    }

    @Test("the seeded runs exercise what they claim to: reads, snapshots, restarts")
    func schedulesAreNotVacuous() throws {
        var reads = 0
        var snapshots = 0
        var restarts = 0
        var lostRecords = 0
        for seed in UInt64(0)..<12 {
            var schedule = try RandomSchedule(seed: seed, crashes: seed % 2 == 0, snapshots: true)
            let outcome = schedule.run()
            reads += outcome.readsServed
            snapshots += outcome.snapshotsSent
            restarts += outcome.restarts
            lostRecords += outcome.lostRecords
        }
        #expect(reads > 0)
        #expect(snapshots > 0)
        #expect(restarts > 0)
        #expect(lostRecords > 0, "crashes do lose unsynced writes")
    }
}
