extension BillingSimulator {
    /// One fault of the fault phase, then the next one scheduled. Store faults: a node crash (a
    /// minority down at most), a node or the leader isolated. Broker faults (the leader more
    /// often than not, and never every broker at once): a crash, a pause longer than the TTL, a
    /// pause armed to strike between its next check and send, a cut from the store.
    mutating func injectFault() {
        guard !healed else { return }
        let interval = configuration.faultIntervalMilliseconds
        queue.schedule(.fault, at: now + faultRandom.inRange(interval / 2..<interval * 3 / 2))
        let partitioned = blocked.contains { $0.contains(true) }
        switch faultRandom.below(10) {
        case 0 where up.filter({ !$0 }).count < (configuration.nodeCount - 1) / 2:
            let node = faultRandom.below(configuration.nodeCount)
            guard up[node] else { return }
            crash(node)
            queue.schedule(.restartNode(node: node), at: now + faultRandom.inRange(200..<3_000))
        case 1 where !partitioned:
            isolate(faultRandom.below(configuration.nodeCount), bothWays: faultRandom.chance(50))
        case 2 where !partitioned:
            if let leader = storeLeader { isolate(leader, bothWays: true) }
        case 3:
            if let broker = brokerToFault() { crashBroker(broker) }
        case 4, 5:
            if let broker = brokerToFault() { pause(broker) }
        case 6:
            if let broker = brokerToFault() { armPauseBeforeSend(broker) }
        case 7, 9:
            if let broker = brokerToFault() { congestThenCut(broker) }
        case 8:
            rollingRestart()
        default:
            return
        }
    }

    /// A broker in good health, the one acting as leader more often than not; nil when faulting
    /// one more would leave none.
    mutating func brokerToFault() -> Int? {
        let healthy = brokers.indices.filter { index in
            let process = brokers[index]
            return process.up && !process.isPaused(at: now) && !process.cutFromStore && process.pauseBeforeNextCharge == nil
                && process.congestedUntil <= now
        }
        guard healthy.count >= 2 else { return nil }
        if let leader = healthy.first(where: { brokers[$0].broker.canAct(at: brokers[$0].local(now)) }), faultRandom.chance(70) {
            return leader
        }
        return healthy[faultRandom.below(healthy.count)]
    }

    /// A deploy: each broker restarts gracefully in turn, followers first and the leader last;
    /// each is down for 3 to 8 s (the new version starting), and the next goes 0.3 to 1.5 s
    /// after the previous one is back.
    mutating func rollingRestart() {
        let healthy = brokers.indices.filter { index in
            let process = brokers[index]
            return process.up && !process.isPaused(at: now) && !process.cutFromStore && process.congestedUntil <= now
        }
        guard rollout.isEmpty, healthy.count == brokers.count else { return }
        faults.rollingRestarts += 1
        let leaders = healthy.filter { brokers[$0].broker.canAct(at: brokers[$0].local(now)) }
        rollout = healthy.filter { !leaders.contains($0) } + leaders
        queue.schedule(.gracefulRestart(broker: rollout.removeFirst()), at: now)
    }

    /// The rollout goes on once a restarted broker is back.
    mutating func continueRollout() {
        guard !rollout.isEmpty else { return }
        queue.schedule(.gracefulRestart(broker: rollout.removeFirst()), at: now + faultRandom.inRange(300..<1_500))
    }

    /// The link to the store congests for 1 to 3 s (slow answers), then breaks: a broker whose
    /// deadline counted from an answer rather than the send would outlive its lease here.
    mutating func congestThenCut(_ broker: Int) {
        let length: Int64 = faultRandom.inRange(1_000..<3_000)
        brokers[broker].congestedUntil = now + length
        brokerFaultTimes[broker].append(now)
        note("b\(broker) congested for \(length) ms")
        queue.schedule(.cutBroker(broker: broker), at: now + length)
    }

    /// The beyond-retention seeds arm the acting leader's pause between check and send, and
    /// move the arm to whoever leads every 2 s until one such pause struck.
    mutating func armBeyondRetention() {
        guard !healed, faults.pausesBeyondRetention == 0 else { return }
        queue.schedule(.armBeyondRetention, at: now + 2_000)
        guard let leader = brokers.indices.first(where: { brokers[$0].up && brokers[$0].broker.canAct(at: brokers[$0].local(now)) }),
              brokers[leader].pauseBeforeNextCharge == nil else { return }
        for broker in brokers.indices { brokers[broker].pauseBeforeNextCharge = nil }
        armPauseBeforeSend(leader)
    }

    /// Frozen between two events for longer than the TTL.
    mutating func pause(_ broker: Int) {
        let ttl = configuration.ttlSeconds * 1000
        let length = faultRandom.inRange(ttl + 1..<configuration.pauseMillisecondsMax + 1)
        faults.brokerPauses += 1
        brokerFaultTimes[broker].append(now)
        brokers[broker].pausedUntil = now + length
        note("b\(broker) paused \(length) ms")
    }

    /// Frozen after its next check, before its next charge leaves: longer than the TTL, and in
    /// the seeds beyond retention longer than the provider's retention window plus a failover
    /// (the successor's retry of the item starts the window; the held charge must outlast it).
    mutating func armPauseBeforeSend(_ broker: Int) {
        let ttl = configuration.ttlSeconds * 1000
        let retention = configuration.retentionMilliseconds
        let length = configuration.pausesBeyondRetention
            ? faultRandom.inRange(retention + ttl + 2_000..<retention + 12_000)
            : faultRandom.inRange(ttl + 1..<configuration.pauseMillisecondsMax + 1)
        brokers[broker].pauseBeforeNextCharge = length
        // Beyond the retention the pause that matters holds a charge (a held write is fenced off).
        brokers[broker].pauseStrikesOnWrites = !configuration.pausesBeyondRetention
    }

    /// The fault phase ends: partitions heal, nodes and brokers come back, armed pauses are
    /// disarmed, loss stops. Pauses under way run to their end.
    mutating func healAll() throws {
        healed = true
        rollout = []
        healPartition()
        for node in nodes.indices where !up[node] { try restart(node) }
        for broker in brokers.indices {
            brokers[broker].pauseBeforeNextCharge = nil
            if !brokers[broker].up { restartBroker(broker) } else { reconnect(broker) }
        }
        note("healed")
    }
}
