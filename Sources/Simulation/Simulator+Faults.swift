import Raft
import Support

extension Simulator {
    /// One fault of the fault phase, then the next one scheduled: a crash (a minority at most
    /// down at once), or a partition (a node isolated both ways, one way, or the leader
    /// isolated), each healing after a drawn duration.
    mutating func injectFault() {
        guard !healed else { return }
        queue.schedule(.fault, at: now + faultRandom.inRange(configuration.faultIntervalMilliseconds / 2..<configuration.faultIntervalMilliseconds * 3 / 2))
        let downCount = up.filter { !$0 }.count
        let partitioned = blocked.contains { $0.contains(true) }
        switch faultRandom.below(4) {
        case 0 where downCount < (configuration.nodeCount - 1) / 2 || (configuration.nodeCount == 1 && downCount == 0):
            let node = faultRandom.below(configuration.nodeCount)
            guard up[node] else { return }
            crash(node)
            queue.schedule(.restart(node: node), at: now + faultRandom.inRange(100..<2_000))
        case 1 where !partitioned:
            isolate(faultRandom.below(configuration.nodeCount), bothWays: true)
        case 2 where !partitioned:
            isolate(faultRandom.below(configuration.nodeCount), bothWays: false)
        case 3 where !partitioned:
            let leader = nodes.indices.first { up[$0] && nodes[$0].isLeader } ?? faultRandom.below(configuration.nodeCount)
            isolate(leader, bothWays: true)
        default:
            return
        }
    }

    /// Cuts `node` off from every peer; one way only means the node still hears them.
    mutating func isolate(_ node: Int, bothWays: Bool) {
        faults.partitions += 1
        for other in nodes.indices where other != node {
            blocked[node][other] = true
            if bothWays { blocked[other][node] = true }
        }
        note("partition: n\(node + 1) isolated \(bothWays ? "both ways" : "outbound only")")
        // Some clients lose their connection to the isolated node and go elsewhere; the others
        // stay with it, so both sides of the partition serve clients.
        for client in clients.indices where faultRandom.chance(50) {
            clientBlocked[client][node] = true
            handle(clients[client].disconnected(from: node + 1, at: now), client: client)
        }
        queue.schedule(.healPartition, at: now + faultRandom.inRange(200..<2_500))
    }

    mutating func healPartition() {
        for from in blocked.indices { for to in blocked[from].indices { blocked[from][to] = false } }
        for client in clientBlocked.indices { for node in clientBlocked[client].indices { clientBlocked[client][node] = false } }
        note("partition healed")
    }

    /// The process stops: clients lose their connection (their requests to it end unknown).
    mutating func crash(_ node: Int) {
        faults.crashes += 1
        up[node] = false
        note("crash n\(node + 1)")
        for client in clients.indices {
            handle(clients[client].disconnected(from: node + 1, at: now), client: client)
        }
    }

    /// A new process from what the disk kept.
    mutating func restart(_ node: Int) throws {
        guard !up[node] else { return }
        let random = SplitMix64.stream(configuration.seed, 1_000 * (faults.crashes + 1) + node)
        if try nodes[node].crashAndRestart(crashRandom: &disk, raftRandom: random) { faults.tornWrites += 1 }
        monitor.restarted(index: node)
        up[node] = true
        note("restart n\(node + 1) at term \(nodes[node].raft.currentTerm), log \(nodes[node].raft.log.lastIndex)")
    }

    /// The fault phase ends: partitions heal, down nodes restart, loss and duplication stop.
    mutating func healAll() throws {
        healed = true
        healPartition()
        for node in nodes.indices where !up[node] { try restart(node) }
        note("healed")
    }
}
