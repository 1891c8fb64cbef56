import KeyValue
import Raft
import Support

extension BillingSimulator {
    /// A node's effects: Raft's checks and the store's history first, then its messages, its
    /// replies and watch responses (over a reliable, delayed link to the broker).
    mutating func deliver(_ output: ServingStoreNode.Output, from node: Int) {
        monitor.observe(nodes[node].node, index: node, output: output.node, at: now)
        let role = "\(nodes[node].node.raft.role.rawValue) term \(nodes[node].node.raft.currentTerm)"
        if tracedRoles[node] != role {
            tracedRoles[node] = role
            note("n\(node + 1) \(role)")
        }
        let holders = history.holders.count, open = history.holders.last?.removedAt == nil
        history.record(output.node.results, at: now)
        if let last = history.holders.last, history.holders.count > holders || open, let removed = last.removedAt, removed == now {
            noteDeletion(of: last.token)
        }
        for message in output.node.messages { send(message) }
        for (client, message) in output.node.replies + output.watchReplies where client >= 0 {
            // The connection names the broker's process: a restarted broker never gets its
            // predecessor's answers.
            let (broker, incarnation) = (client % configuration.brokerCount, client / configuration.brokerCount)
            queue.schedule(.toBroker(broker: broker, incarnation: incarnation, node: node + 1, message),
                           at: now + linkDelay() + congestionDelay(broker, message))
        }
    }

    /// On a congested link the store's answers (not its watch responses, which must stay in
    /// order) take up to most of a second longer: a keep-alive's answer then comes well after
    /// the store applied it.
    mutating func congestionDelay(_ broker: Int, _ message: NodeMessage) -> Int64 {
        guard case .reply = message, now < brokers[broker].congestedUntil else { return 0 }
        return congestion.inRange(300..<900)
    }

    /// The store's client index of a broker's process (its connection).
    func connection(_ broker: Int, incarnation: Int) -> Int { broker + configuration.brokerCount * incarnation }

    /// A peer message: dropped by a partition or by loss, else delayed (a spike reorders), and
    /// sometimes duplicated. Loss and duplication stop at healing.
    mutating func send(_ message: RaftMessage) {
        let from = Int(message.from.rawValue) - 1, to = Int(message.to.rawValue) - 1
        if blocked[from][to] || (!healed && network.chance(configuration.lossPercent)) {
            faults.drops += 1
            return
        }
        queue.schedule(.peerMessage(message), at: now + delay())
        if !healed && network.chance(configuration.duplicatePercent) {
            faults.duplicates += 1
            queue.schedule(.peerMessage(message), at: now + delay())
        }
    }

    mutating func delay() -> Int64 {
        if !healed && network.chance(3) { return network.inRange(1..<configuration.delaySpikeMillisecondsMax + 1) }
        return network.inRange(1..<configuration.messageDelayMillisecondsMax + 1)
    }

    /// A client connection's delay (TCP: no loss, no duplicates, in order enough).
    mutating func linkDelay() -> Int64 { network.inRange(1..<6) }

    /// A store node crashes: its watches and its clients' connections go; it restarts later.
    mutating func crash(_ node: Int) {
        faults.crashes += 1
        if nodes[node].isLeader { storeFaultTimes.append(now) }
        up[node] = false
        note("crash n\(node + 1)")
        for broker in brokers.indices where brokers[broker].up {
            clientEffects(broker, brokers[broker].client.disconnected(from: node + 1, at: brokers[broker].local(now)))
        }
    }

    mutating func restart(_ node: Int) throws {
        guard !up[node] else { return }
        let random = SplitMix64.stream(configuration.seed, 1_000 * (faults.crashes + 1) + node)
        if try nodes[node].crashAndRestart(crashRandom: &disk, raftRandom: random) { faults.tornWrites += 1 }
        monitor.restarted(nodes[node].node, index: node, at: now)
        up[node] = true
        note("restart n\(node + 1) at term \(nodes[node].node.raft.currentTerm)")
    }

    /// Cuts `node` off from its peers (both ways, or only its outbound links).
    mutating func isolate(_ node: Int, bothWays: Bool) {
        faults.partitions += 1
        if nodes[node].isLeader { storeFaultTimes.append(now) }
        for other in nodes.indices where other != node {
            blocked[node][other] = true
            if bothWays { blocked[other][node] = true }
        }
        note("partition: n\(node + 1) isolated \(bothWays ? "both ways" : "outbound only")")
        queue.schedule(.healPartition, at: now + faultRandom.inRange(300..<3_000))
    }

    mutating func healPartition() {
        for from in blocked.indices { for to in blocked[from].indices { blocked[from][to] = false } }
        note("partition healed")
    }

    /// The key was deleted: which brokers could take over now (ground truth of the processes and
    /// of the store's leases, not what the brokers believe).
    mutating func noteDeletion(of token: Int64) {
        let ready = brokers.indices.filter { index in
            let process = brokers[index]
            guard process.up, !process.isPaused(at: now), !process.cutFromStore, let lease = process.broker.election.lease else { return false }
            return history.leases.isLive(lease, at: now)
        }
        takeoverCandidates.append((token, now, ready))
    }

    var storeLeader: Int? { nodes.indices.first { up[$0] && nodes[$0].isLeader } }
}
