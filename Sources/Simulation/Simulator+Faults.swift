import Raft
import Support

extension Simulator {
    /// The fault kinds a fault event draws among, in a fixed order; a kind turned off or not
    /// possible now (too many nodes down, a partition already on) draws nothing this time.
    enum Injection: CaseIterable {
        case crash, crashDuringWrite, crashAfterVote, isolateBothWays, isolateOutbound, isolateLeader, cutMinority, pause
    }

    /// One fault of the fault phase, then the next one scheduled.
    mutating func injectFault() {
        guard !healed else { return }
        queue.schedule(.fault, at: now + faultRandom.inRange(configuration.faultIntervalMilliseconds / 2..<configuration.faultIntervalMilliseconds * 3 / 2))
        let count = configuration.nodeCount
        let downCount = up.indices.filter { !up[$0] || nodes[$0].crashDuringNextSync || crashAfterVote[$0] }.count
        // A minority at most down at once (one node of one may go down too).
        let mayCrash = downCount < (count - 1) / 2 || (count == 1 && downCount == 0)
        let partitioned = blocked.contains { $0.contains(true) }
        let node = faultRandom.below(count)
        switch Injection.allCases[faultRandom.below(Injection.allCases.count)] {
        case .crash where configuration.injects(.crash) && mayCrash && up[node]:
            crash(node)
            scheduleRestart(node)
        case .crashDuringWrite where configuration.injects(.tornWrite) && mayCrash && up[node]:
            // It dies at its next write that must be synced (a vote, entries), mid-write.
            nodes[node].crashDuringNextSync = true
            note("n\(node + 1) will crash during its next synced write")
        case .crashAfterVote where configuration.injects(.crash) && mayCrash && up[node]:
            // It dies right after it next grants a vote (a power cut as the answer leaves): what
            // the vote promised must be on its disk already.
            crashAfterVote[node] = true
            note("n\(node + 1) will crash right after its next vote")
        case .isolateBothWays where configuration.injects(.partition) && !partitioned:
            isolate([node], bothWays: true)
        case .isolateOutbound where configuration.injects(.partition) && !partitioned:
            isolate([node], bothWays: false)
        case .isolateLeader where configuration.injects(.partition) && !partitioned:
            let leader = nodes.indices.first { up[$0] && nodes[$0].isLeader } ?? node
            isolate([leader], bothWays: true)
        case .cutMinority where configuration.injects(.partition) && !partitioned && count >= 5:
            // Two of five cut off from the other three, both ways.
            var side = [node]
            side.append((node + 1 + faultRandom.below(count - 1)) % count)
            isolate(side.sorted(), bothWays: true)
        case .pause where configuration.injects(.pause) && up[node] && !paused[node]:
            pause(node)
        default:
            return
        }
    }

    /// Cuts `side` off from every other node; one way only means the side still hears them. The
    /// partition lasts a duration drawn from `lasting`, unless healed earlier.
    mutating func isolate(_ side: [Int], bothWays: Bool, lasting: Range<Int64> = 200..<2_500) {
        faults.partitions += 1
        for node in side {
            for other in nodes.indices where !side.contains(other) {
                blocked[node][other] = true
                if bothWays { blocked[other][node] = true }
            }
        }
        note("partition: \(side.map { "n\($0 + 1)" }.joined(separator: ",")) isolated \(bothWays ? "both ways" : "outbound only")")
        // Some clients lose their connection to the isolated nodes and go elsewhere; the others
        // stay, so both sides of the partition serve clients.
        for node in side {
            for client in clients.indices where faultRandom.chance(50) {
                clientBlocked[client][node] = true
                nodes[node].disconnect(client: client)
                handle(clients[client].disconnected(from: node + 1, at: now), client: client)
            }
        }
        queue.schedule(.healPartition(partition: faults.partitions), at: now + faultRandom.inRange(lasting))
    }

    mutating func healPartition() {
        for from in blocked.indices { for to in blocked[from].indices { blocked[from][to] = false } }
        for client in clientBlocked.indices { for node in clientBlocked[client].indices { clientBlocked[client][node] = false } }
        note("partition healed")
    }

    /// The process freezes (a GC pause, SIGSTOP): it handles nothing until it resumes, then
    /// takes what waited for it, still believing what it believed (a leader that lost its
    /// term finds out only from the messages it reads).
    mutating func pause(_ node: Int) {
        faults.pauses += 1
        paused[node] = true
        let duration = faultRandom.inRange(100..<configuration.pauseMillisecondsMax + 1)
        note("pause n\(node + 1) for \(duration) ms")
        queue.schedule(.resume(node: node), at: now + duration)
    }

    mutating func resume(_ node: Int) {
        guard paused[node] else { return }
        paused[node] = false
        let waiting = pausedInbox[node]
        pausedInbox[node] = []
        note("resume n\(node + 1) with \(waiting.count) messages waiting")
        guard up[node] else { return }
        for event in waiting {
            // A message handled now may crash the node (mid-write): the rest is lost with it.
            guard up[node] else { break }
            try? handle(event)
        }
    }

    /// The process stops: clients lose their connection (their requests to it end unknown);
    /// a paused process that is killed loses what waited for it.
    mutating func crash(_ node: Int) {
        faults.crashes += 1
        up[node] = false
        crashAfterVote[node] = false
        paused[node] = false
        pausedInbox[node] = []
        forgetReads(at: node)
        note("crash n\(node + 1)")
        for client in clients.indices {
            handle(clients[client].disconnected(from: node + 1, at: now), client: client)
        }
    }

    mutating func scheduleRestart(_ node: Int) {
        queue.schedule(.restart(node: node), at: now + faultRandom.inRange(100..<2_000))
    }

    /// A new process from what the disk kept.
    mutating func restart(_ node: Int) throws {
        guard !up[node] else { return }
        let random = SplitMix64.stream(configuration.seed, 1_000 * (faults.crashes + 1) + node)
        if try nodes[node].crashAndRestart(crashRandom: &disk, raftRandom: random) { faults.tornWrites += 1 }
        monitor.restarted(nodes[node], index: node, at: now)
        up[node] = true
        note("restart n\(node + 1) at term \(nodes[node].raft.currentTerm), log \(nodes[node].raft.log.lastIndex)")
    }

    /// The fault phase ends: partitions heal, down nodes restart, paused ones resume, clocks
    /// run at the nominal rate, loss and duplication stop.
    mutating func healAll() throws {
        healed = true
        healPartition()
        for node in nodes.indices {
            nodes[node].crashDuringNextSync = false
            crashAfterVote[node] = false
            clockOf[node].setInterval(configuration.tickMilliseconds, at: now)
        }
        for node in nodes.indices where paused[node] { resume(node) }
        for node in nodes.indices where !up[node] { try restart(node) }
        note("healed")
    }
}
