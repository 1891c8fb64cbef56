import Billing
import Election
import KeyValue

extension BillingSimulator {
    /// An event for a broker: dropped if its process is gone (crashed, or restarted since),
    /// held until it wakes if it is paused, else handled on its own clock.
    mutating func brokerEvent(_ event: BillingEvent) {
        let (broker, incarnation) = BillingSimulator.addressee(event)
        guard brokers[broker].up, brokers[broker].incarnation == incarnation else { return }
        if brokers[broker].isPaused(at: now) {
            // A process resuming reads what its sockets hold before its timers fire.
            let late: Int64 = { if case .brokerTick = event { return 1 } else { return 0 } }()
            queue.schedule(event, at: brokers[broker].pausedUntil! + late)
            return
        }
        let local = brokers[broker].local(now)
        switch event {
        case .toBroker(_, _, let node, let message):
            guard !brokers[broker].cutFromStore else { return }
            brokers[broker].observedRevision = max(brokers[broker].observedRevision, BillingSimulator.revisionSeen(in: message))
            if case .reply(_, .ok(.leaseGrant(_, let id, _))) = message { leaseOwner[id] = broker }
            clientEffects(broker, brokers[broker].client.receive(message, from: node, at: local))
        case .brokerTick:
            queue.schedule(.brokerTick(broker: broker, incarnation: incarnation), at: now + BillingSimulator.brokerTickMilliseconds)
            clientEffects(broker, brokers[broker].client.tick(at: local))
            brokerActions(broker, brokers[broker].broker.tick(at: local))
        case .fromDatabase(_, _, let op, let response):
            brokerActions(broker, brokers[broker].broker.databaseAnswered(op: op, response, at: local))
        case .fromProvider(_, _, let response):
            brokerActions(broker, brokers[broker].broker.providerAnswered(response, at: local))
        default:
            preconditionFailure("not a broker's event")
        }
    }

    static func addressee(_ event: BillingEvent) -> (broker: Int, incarnation: Int) {
        switch event {
        case .toBroker(let broker, let incarnation, _, _), .brokerTick(let broker, let incarnation),
             .fromDatabase(let broker, let incarnation, _, _), .fromProvider(let broker, let incarnation, _):
            return (broker, incarnation)
        default:
            preconditionFailure("not a broker's event")
        }
    }

    /// The store client's effects: sends go to the nodes (after `hold`, a pause between the
    /// broker's decision and its send); outcomes and watch news go to the recipe.
    mutating func clientEffects(_ broker: Int, _ effects: [StoreClient.Effect], hold: Int64 = 0) {
        let incarnation = brokers[broker].incarnation
        let local = brokers[broker].local(now)
        for effect in effects {
            switch effect {
            case .send(let node, let message):
                checkWatchStart(broker, message)
                queue.schedule(.toNode(node: node - 1, broker: broker, incarnation: incarnation, message),
                               at: now + hold + linkDelay() + slowWatchStream(message, broker: broker))
            case .completed(let id, let outcome):
                guard let op = brokers[broker].recipeOp.removeValue(forKey: id) else { continue }
                brokerActions(broker, brokers[broker].broker.storeCompleted(op: op, outcome, at: local))
            case .watchEvents(let watch, let events):
                guard let recipe = brokers[broker].recipeWatch[watch] else { continue }
                brokerActions(broker, brokers[broker].broker.watchEvents(watch: recipe, events, at: local))
            case .watchResynced(let watch, let state):
                guard let recipe = brokers[broker].recipeWatch[watch] else { continue }
                brokerActions(broker, brokers[broker].broker.watchResynced(watch: recipe, state: state, at: local))
            case .watchCanceled(let watch, let reason):
                guard let recipe = brokers[broker].recipeWatch.removeValue(forKey: watch) else { continue }
                brokers[broker].clientWatch[recipe] = nil
                brokerActions(broker, brokers[broker].broker.watchCanceled(watch: recipe, reason: reason, at: local))
            case .watchProgress:
                continue
            }
        }
    }

    /// The revision through which a message shows the broker the store: a read's or a
    /// transaction's header, a watch's events or progress (not a creation's header: it reports
    /// no events).
    static func revisionSeen(in message: NodeMessage) -> Int64 {
        switch message {
        case .reply(_, .ok(.range(let read))): return read.revision
        case .reply(_, .ok(.txn(let txn))): return txn.revision
        case .watch(let response) where !response.created && !response.canceled:
            return response.events.last?.revision ?? response.revision
        default: return 0
        }
    }

    /// A watch a broker opens must start no later than one past the last revision it was shown:
    /// a later start (or 0, "from now") can miss the DELETE the follower waits for. Checked on
    /// the wire, as the broker sends it.
    mutating func checkWatchStart(_ broker: Int, _ message: ClientMessage) {
        guard case .watchCreate(let request) = message, watchStartViolations.count < 16 else { return }
        let seen = brokers[broker].observedRevision
        guard request.startRevision < 1 || request.startRevision > seen + 1 else { return }
        watchStartViolations.append("at \(now) ms broker \(broker) opened a watch from revision \(request.startRevision) after being shown revision \(seen)")
    }

    /// etcd serves watches on a stream of their own: during the fault phase one is sometimes slow
    /// to open (a new connection, a busy node), so a watch may start well after the read it
    /// follows. Only a watch that starts from that read's revision + 1 loses nothing.
    mutating func slowWatchStream(_ message: ClientMessage, broker: Int) -> Int64 {
        guard case .watchCreate = message, !healed, watchStreams.chance(25) else { return 0 }
        faults.slowWatchStreams += 1
        let delay: Int64 = watchStreams.inRange(300..<2_500)
        slowWatches[broker].append(now...(now + delay + 10))
        note("b\(broker) watch stream slow: \(delay) ms")
        return delay
    }

    /// A charge, or a database write (an intent or an outcome): what a stale leader must never
    /// get through.
    static func isCharge(_ action: BrokerAction, orWrite writes: Bool) -> Bool {
        switch action {
        case .charge: return true
        case .database(_, let request): return writes && request.operation != .readDue
        case .election, .event: return false
        }
    }

    /// The broker's actions. A pause armed for its next charge or write strikes here, after the
    /// broker checked it may act and before anything it decided leaves: everything of this step
    /// is held for the pause.
    mutating func brokerActions(_ broker: Int, _ actions: [BrokerAction]) {
        var hold: Int64 = 0
        let writes = brokers[broker].pauseStrikesOnWrites
        if let pause = brokers[broker].pauseBeforeNextCharge, actions.contains(where: { BillingSimulator.isCharge($0, orWrite: writes) }) {
            brokers[broker].pauseBeforeNextCharge = nil
            brokers[broker].pausedUntil = now + pause
            hold = pause
            brokerFaultTimes[broker].append(now)
            faults.pausesBeforeSend += 1
            if pause + configuration.delaySpikeMillisecondsMax >= configuration.retentionMilliseconds {
                faults.pausesBeyondRetention += 1
                beyondRetention.append("broker \(broker) paused \(pause) ms between its check and its send at \(now) ms")
            }
            note("b\(broker) pauses \(pause) ms before sending")
        }
        for action in actions {
            switch action {
            case .election(let election): electionAction(broker, election, hold: hold)
            case .database(let op, let request): sendToDatabase(broker, op, request, hold: hold)
            case .charge(let request): sendToProvider(broker, request, hold: hold)
            case .event(let event): note("b\(broker) \(event)")
            }
        }
    }

    mutating func electionAction(_ broker: Int, _ action: ElectionAction, hold: Int64) {
        let local = brokers[broker].local(now)
        switch action {
        case .send(let op, let request):
            let (id, effects) = brokers[broker].client.submit(request, at: local)
            brokers[broker].recipeOp[id] = op
            clientEffects(broker, effects, hold: hold)
        case .watch(let recipe, let range, let start):
            let (watch, effects) = brokers[broker].client.watch(range, startRevision: start, at: local)
            brokers[broker].recipeWatch[watch] = recipe
            brokers[broker].clientWatch[recipe] = watch
            clientEffects(broker, effects, hold: hold)
        case .cancelWatch(let recipe):
            guard let watch = brokers[broker].clientWatch.removeValue(forKey: recipe) else { return }
            brokers[broker].recipeWatch[watch] = nil
            clientEffects(broker, brokers[broker].client.cancelWatch(watch), hold: hold)
        case .event(let event):
            note("b\(broker) \(event)")
            if case .campaignStarted = event { campaignStarted() }
        }
    }

    /// A database call: during the fault phase it may be lost on the way (the broker's timeout
    /// retries it).
    mutating func sendToDatabase(_ broker: Int, _ op: UInt64, _ request: DatabaseRequest, hold: Int64) {
        if !healed && services.chance(configuration.databaseFaultPercent / 3) {
            faults.databaseTimeouts += 1
            return
        }
        let incarnation = brokers[broker].incarnation
        queue.schedule(.toDatabase(broker: broker, incarnation: incarnation, op: op, request), at: now + hold + serviceDelay())
    }

    /// The database applies the call on its own clock; during the fault phase the answer may
    /// be lost (applied, the broker times out) or be "unavailable" (not applied).
    mutating func databaseReceived(broker: Int, incarnation: Int, op: UInt64, _ request: DatabaseRequest) {
        let fault = !healed && services.chance(configuration.databaseFaultPercent * 2 / 3)
        if fault && services.chance(50) {
            faults.databaseTimeouts += 1
            queue.schedule(.fromDatabase(broker: broker, incarnation: incarnation, op: op, .unavailable), at: now + serviceDelay())
            return
        }
        let response = database.handle(request, at: now)
        if fault {
            faults.databaseTimeouts += 1
            return
        }
        queue.schedule(.fromDatabase(broker: broker, incarnation: incarnation, op: op, response), at: now + serviceDelay())
    }

    /// A charge on its way: lost during the fault phase sometimes, delayed (with spikes) always.
    /// `sentAt` is when the broker decided to send it: a pause that holds it on its way is, for
    /// the audits, part of its delay.
    mutating func sendToProvider(_ broker: Int, _ request: ChargeRequest, hold: Int64) {
        if !healed && services.chance(configuration.providerLossPercent / 2) {
            faults.providerLosses += 1
            return
        }
        let incarnation = brokers[broker].incarnation
        queue.schedule(.toProvider(broker: broker, incarnation: incarnation, request, sentAt: now), at: now + hold + serviceDelay())
    }

    mutating func providerReceived(broker: Int, incarnation: Int, _ request: ChargeRequest, sentAt: Int64) {
        let response = provider.receive(request, sentAt: sentAt, at: now)
        charged.insert(request.item)
        if !healed && services.chance(configuration.providerLossPercent / 2) {
            faults.providerLosses += 1
            return
        }
        queue.schedule(.fromProvider(broker: broker, incarnation: incarnation, response), at: now + serviceDelay())
    }

    mutating func serviceDelay() -> Int64 {
        if !healed && services.chance(5) { return services.inRange(1..<configuration.delaySpikeMillisecondsMax + 1) }
        return services.inRange(1..<configuration.messageDelayMillisecondsMax + 1)
    }

    /// A campaign is on its way: sometimes the store's leader is isolated while it is in flight.
    mutating func campaignStarted() {
        guard !healed, !blocked.contains(where: { $0.contains(true) }), faultRandom.chance(30) else { return }
        queue.schedule(.isolateStoreLeader, at: now + faultRandom.inRange(1..<15))
    }

    // MARK: Processes

    /// A broker process (re)starts from nothing but its clock; its predecessor's lease is left to expire.
    mutating func restartBroker(_ broker: Int) {
        guard !brokers[broker].up else { return }
        let incarnation = brokers[broker].incarnation + 1
        brokers[broker] = BillingSimulator.process(configuration, broker: broker, incarnation: incarnation,
                                                   drift: brokers[broker].driftPartsPerMillion)
        note("b\(broker) starts (incarnation \(incarnation))")
        brokerActions(broker, brokers[broker].broker.start(at: brokers[broker].local(now)))
        if restartingInRollout == broker {
            restartingInRollout = nil
            continueRollout()
        }
        queue.schedule(.brokerTick(broker: broker, incarnation: incarnation), at: now + 1 + clocks.inRange(0..<BillingSimulator.brokerTickMilliseconds))
    }

    mutating func crashBroker(_ broker: Int) {
        faults.brokerCrashes += 1
        brokerFaultTimes[broker].append(now)
        brokers[broker].up = false
        let connection = connection(broker, incarnation: brokers[broker].incarnation)
        for node in nodes.indices { nodes[node].disconnected(client: connection) }
        note("crash b\(broker)")
        queue.schedule(.restartBroker(broker: broker), at: now + faultRandom.inRange(500..<4_000))
    }

    /// Shuts the broker down as its code does on SIGTERM (its lease revoked, so the key goes at
    /// once), then the process exits once that request left; a new one starts 3 to 8 s later.
    mutating func gracefulRestart(_ broker: Int) {
        guard brokers[broker].up, !brokers[broker].isPaused(at: now), !brokers[broker].cutFromStore, !healed else { return continueRollout() }
        note("b\(broker) shuts down")
        brokerActions(broker, brokers[broker].broker.shutdown(at: brokers[broker].local(now)))
        brokers[broker].up = false
        brokerFaultTimes[broker].append(now)
        queue.schedule(.restartBroker(broker: broker), at: now + faultRandom.inRange(3_000..<8_000))
        restartingInRollout = broker
    }

    /// The broker loses its connections to every store node, not to the database or the provider.
    mutating func cutFromStore(_ broker: Int) {
        guard brokers[broker].up, !brokers[broker].cutFromStore, !healed else { return }
        faults.brokersCutFromStore += 1
        brokerFaultTimes[broker].append(now)
        brokers[broker].cutFromStore = true
        note("b\(broker) cut from the store")
        dropConnections(broker)
        queue.schedule(.healBroker(broker: broker), at: now + faultRandom.inRange(2_000..<8_000))
    }

    mutating func reconnect(_ broker: Int) {
        guard brokers[broker].up, brokers[broker].cutFromStore else { return }
        if brokers[broker].isPaused(at: now) {
            queue.schedule(.healBroker(broker: broker), at: brokers[broker].pausedUntil!)
            return
        }
        brokers[broker].cutFromStore = false
        brokerFaultTimes[broker].append(now)
        note("b\(broker) reconnected to the store")
        dropConnections(broker)
    }

    /// Both ends learn the connections are gone: the nodes drop its watches, its client ends its
    /// writes unknown and resumes its watches from the first revision it has not seen.
    mutating func dropConnections(_ broker: Int) {
        let connection = connection(broker, incarnation: brokers[broker].incarnation)
        for node in nodes.indices { nodes[node].disconnected(client: connection) }
        for node in nodes.indices {
            clientEffects(broker, brokers[broker].client.disconnected(from: node + 1, at: brokers[broker].local(now)))
        }
    }
}
