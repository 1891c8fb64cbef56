@testable import Raft
import Support

/// A seeded run of a cluster: every delivery order, loss, duplication, tick, proposal, read,
/// partition and (optionally) crash comes from the seed's generator. The run elects a leader,
/// replicates, loses that leader, elects another, heals, and finally settles with every node
/// applying the same entries. The safety checker runs after every step.
struct RandomSchedule {
    struct Outcome {
        var violations: [String]
        var firstLeaderTerm: UInt64?
        var secondLeaderTerm: UInt64?
        var committed: UInt64
        var converged: Bool
        var restarts: Int
        var readsServed: Int
        var snapshotsSent: Int
        var lostRecords: Int
    }

    let seed: UInt64
    let crashes: Bool
    let snapshots: Bool
    let cluster: Cluster
    var random: SplitMix64
    var proposals = 0
    /// For each read context, the highest committed index when the read was asked for: the read
    /// must be served at that index or later (linearizability of ReadIndex).
    var readFloors: [[UInt8]: UInt64] = [:]
    var readViolations: [String] = []

    init(seed: UInt64, crashes: Bool, snapshots: Bool) throws {
        self.seed = seed
        self.crashes = crashes
        self.snapshots = snapshots
        let size = seed % 4 == 0 ? 5 : 3
        let preVote = seed % 3 != 1
        let checkQuorum = seed % 5 != 2
        cluster = try Cluster(size: size, seed: seed, preVote: preVote, checkQuorum: checkQuorum) { options in
            options.electionTimeoutTicks = 8
            options.heartbeatIntervalTicks = 2
            options.appendEntriesBytesMax = 64
            options.inflightMessagesMax = 4
            options.snapshotChunkBytesMax = 24
            options.compactionRetainedEntries = 2
        }
        if snapshots { cluster.snapshotEveryEntries = 4 }
        random = SplitMix64.stream(seed, named: "schedule")
    }

    var down: [NodeID] { cluster.ids.filter { cluster.node($0) == nil } }

    mutating func randomStep() {
        let roll = random.below(100)
        let ids = cluster.ids
        switch roll {
        case 0..<42:
            guard !cluster.inFlight.isEmpty else { return }
            let position = random.below(cluster.inFlight.count)
            if random.chance(8) { cluster.drop(at: position) } else { cluster.deliver(at: position, duplicate: random.chance(6)) }
        case 42..<62:
            cluster.tick(ids[random.below(ids.count)])
        case 62..<80:
            cluster.process(ids[random.below(ids.count)])
        case 80..<88:
            let id = ids[random.below(ids.count)]
            proposals += 1
            let data: [UInt8] = [UInt8(truncatingIfNeeded: seed), UInt8(truncatingIfNeeded: proposals), UInt8(truncatingIfNeeded: proposals >> 8)]
            cluster.mutate(id) { _ = try? $0.propose(data) }
        case 88..<91:
            let id = ids[random.below(ids.count)]
            let context: [UInt8] = [0xEE, UInt8(truncatingIfNeeded: readFloors.count), UInt8(truncatingIfNeeded: readFloors.count >> 8)]
            let floor = cluster.checker.highestCommitted
            let asked = cluster.mutate(id) { node -> Bool in (try? node.readIndex(context: context)) != nil } ?? false
            if asked { readFloors[context] = floor }
        case 91..<94:
            if random.chance(50) { cluster.group = [:] } else { cluster.group = [ids[random.below(ids.count)]: 1] }
        case 94..<97 where crashes:
            // At most a minority down at once, so the cluster can always make progress again.
            guard down.count + 1 < (ids.count + 1) / 2 else { break }
            let id = ids[random.below(ids.count)]
            if random.chance(50) { cluster.crashWhilePersisting(id, using: &random) } else { cluster.crash(id, using: &random) }
        case 97..<100 where crashes:
            if let id = down.first { cluster.restart(id) }
        default:
            cluster.tick(ids[random.below(ids.count)])
        }
        cluster.checkSafety()
        checkReads()
    }

    private var checkedReads = 0

    mutating func checkReads() {
        let served = cluster.servedReads
        while checkedReads < served.count {
            let read = served[checkedReads]
            checkedReads += 1
            guard let floor = readFloors[read.state.context] else { continue }
            if read.state.readIndex < floor {
                readViolations.append("read \(read.state.context) served by \(read.node) at \(read.state.readIndex), below the commit \(floor) when asked")
            }
            if read.applied < read.state.readIndex {
                readViolations.append("read served by \(read.node) at \(read.state.readIndex) before applying it (applied \(read.applied))")
            }
        }
    }

    mutating func randomSteps(_ count: Int) {
        for _ in 0..<count where cluster.violations.isEmpty && readViolations.isEmpty { randomStep() }
    }

    func proposeFairly(_ count: Int) {
        for _ in 0..<count where cluster.violations.isEmpty {
            guard cluster.electLeader() != nil else { return }
            cluster.propose([0xAA, UInt8(truncatingIfNeeded: cluster.checker.highestCommitted)])
        }
    }

    /// Ends partitions and restarts every down node but `except`.
    func heal(except: NodeID? = nil) {
        cluster.group = [:]
        for id in down where id != except { cluster.restart(id) }
    }

    mutating func run() -> Outcome {
        // Elect a leader and replicate.
        randomSteps(150)
        heal()
        proposeFairly(3)
        let first = cluster.electLeader()
        // Lose it: crashed, or cut off from the others; another is elected.
        if let first {
            if crashes { cluster.crashWhilePersisting(first.id, using: &random) } else { cluster.group = [first.id: 1] }
        }
        randomSteps(150)
        heal(except: crashes ? first?.id : nil)
        if let first, !crashes { cluster.group = [first.id: 1] }
        proposeFairly(2)
        let second = cluster.electLeader()
        // Heal everything and run on, then settle.
        heal()
        randomSteps(150)
        heal()
        proposeFairly(1)
        for _ in 0..<30 { cluster.tickAll() }
        let machines = cluster.ids.map { cluster.machine($0) }
        let converged = machines.allSatisfy { $0 == machines[0] } && machines[0].appliedIndex == cluster.checker.highestCommitted
        return Outcome(violations: cluster.violations + readViolations, firstLeaderTerm: first?.currentTerm,
                       secondLeaderTerm: second?.currentTerm, committed: cluster.checker.highestCommitted,
                       converged: converged, restarts: cluster.restarts, readsServed: cluster.servedReads.count,
                       snapshotsSent: cluster.sentCounts[.installSnapshotRequest] ?? 0,
                       lostRecords: cluster.storages.reduce(0) { $0 + $1.lostRecordCount })
    }
}
