import ModelChecker

/// The system this project exists for: billing brokers elected through an etcd-style store,
/// charging a payment provider (issues 5 and 6).
///
/// **Processes.** Each acts only on its own state and the messages it receives:
/// - the **store**, one linearizable etcd-like process: the revision counter, the key
///   `election/billing` (owner's lease, create and mod revision), one lease per broker with a
///   remaining TTL, and one watch per broker whose events (PUT or DELETE, one per revision)
///   stream in revision order, delayed but never lost;
/// - the **brokers**, each running the seed's loop on two threads. The session thread grants a
///   lease, campaigns with the create-if-absent transaction, refreshes the lease as leader,
///   and as follower revokes its unused lease and watches from the read's revision + 1; on a
///   DELETE it campaigns again, and when a refresh fails, its local deadline passes or the
///   provider rejects its token it stops acting, revokes, and campaigns again. The charging
///   loop, while its broker leads and its deadline has not passed, reads what is due, charges
///   the first item with its token and idempotency key, and records what the provider
///   acknowledged (even after stepping down: the database must learn what the ledger holds);
/// - the **subscription database** (what is due, what is recorded);
/// - the **payment provider** (ledger, idempotency keys, highest fencing token, and the
///   request log's ghost: the election revision each request carries).
///
/// **Time.** A `tick` decrements every timer, saturating at 0: lease TTLs in the store, each
/// running broker's deadline, refresh timer and request timeouts. There is no absolute time,
/// so the space is finite without a tick bound. Steps are much faster than a tick: a tick is
/// enabled only when no process that can act has a step left to take. Messages (issue 15) may
/// cross up to `maxMessageDelayTicks` ticks: each carries its age, and a tick waits only for
/// the messages that have reached the bound. A request times out after one tick, so with a
/// delay of 1 or more a retry races its original (the broker cancels the original call: see
/// `Message`). A watch stream's next event may be slowed the same way, from the same budget
/// (`delayWatch`): the follower then learns of a DELETE up to the delay bound late.
///
/// **Faults** are budgets in the state. A pause freezes a broker's steps and its clock (its
/// own ticks stop, as a stopped process's ticker does), so it wakes believing what it
/// believed: the worst case of check-then-act, where the check came before the pause. A crash
/// is permanent; answers to a crashed broker go nowhere, what it sent still arrives. A lost
/// request or response is noticed one tick later (the sender's request timeout) and resent;
/// a retried campaign that finds the key under its own lease knows its first attempt won.
/// Drift lets a running broker miss ticks, up to `maxDriftTicks` over the run. The store has
/// failures of its own (issue 15): a compaction cancels the watches that had events left, and
/// a store leader change restores and extends every lease.
///
/// **Why each variant fails** is in `LeaseLeaderPlan`; the clock question in
/// `LeaseLeaderDriftTable`.
public struct LeaseLeader: Model, Sendable {
    public let configuration: Configuration
    public let variant: Variant
    let brokerCount: Int
    let itemCount: Int
    let leaseTTL: UInt8
    let refreshInterval: UInt8
    let maxDelay: UInt8
    /// The deadline a grant or refresh gives, counted from its send (`TTL·(1 − ρ) − ε`).
    let deadlineFromSendTicks: UInt8

    public init(_ configuration: Configuration = Configuration(), variant: Variant = .fencedIdempotent) {
        if let problem = configuration.problem { preconditionFailure("lease-leader: \(problem)") }
        precondition(configuration.brokers <= BrokerSlots<UInt8>.capacity, "at most three brokers are stored inline")
        precondition(configuration.itemCount <= 4, "the database and the ledger hold at most four items")
        self.configuration = configuration
        self.variant = variant
        brokerCount = configuration.brokers
        itemCount = configuration.itemCount
        leaseTTL = UInt8(configuration.leaseTTLTicks)
        refreshInterval = UInt8(configuration.refreshIntervalTicks)
        maxDelay = UInt8(configuration.maxMessageDelayTicks)
        deadlineFromSendTicks = UInt8(max(0, configuration.leaseTTLTicks - configuration.clockMarginTicks))
    }

    /// Every subscription's first period is due; no broker has done anything yet.
    public var initialStates: [State] {
        var state = State()
        for subscription in 0..<configuration.subscriptions {
            state.database.due |= bit(item(subscription: subscription, period: 0))
        }
        return [state]
    }

    public var symmetricIdentifierCount: Int { brokerCount }

    // MARK: Items

    func item(subscription: Int, period: Int) -> Int { subscription * configuration.periods + period }
    func bit(_ item: Int) -> UInt8 { UInt8(1) << UInt8(item) }

    /// How many periods of `subscription` have fallen due (they fall due in order).
    func periodsDue(_ subscription: Int, in state: State) -> Int {
        (0..<configuration.periods).filter { state.database.due & bit(item(subscription: subscription, period: $0)) != 0 }.count
    }

    // MARK: Enabledness

    func isLive(_ broker: Int, _ state: State) -> Bool { !state.brokers[broker].isCrashed }
    func isRunning(_ broker: Int, _ state: State) -> Bool {
        !state.brokers[broker].isCrashed && !state.brokers[broker].paused
    }

    func canReceive(_ message: Message, in state: State) -> Bool {
        message.receiver != .broker || isRunning(message.broker, state)
    }

    func watchEventPending(_ broker: Int, _ state: State) -> Bool {
        let cursor = state.store.watchCursor[broker]
        return isRunning(broker, state) && cursor > 0 && cursor <= state.store.revision
    }

    /// A pending watch event that time must wait for: its stream is not slowed, or it has
    /// waited the whole delay bound.
    func watchEventUrgent(_ broker: Int, _ state: State) -> Bool {
        guard watchEventPending(broker, state) else { return false }
        let lag = state.store.watchLag[broker]
        return lag == 0 || lag - 1 >= maxDelay
    }

    /// Whether a broker acts as leader: elected, not deposed, and (unless the design ignores
    /// it) its local deadline not passed. A paused leader keeps this belief, since it cannot
    /// notice anything while paused.
    func believes(_ broker: BrokerState) -> Bool {
        broker.session == .leader && !broker.deposed && (broker.deadline > 0 || !variant.checksDeadline)
    }

    /// Brokers that believe they lead and would act on it.
    func believerCount(_ state: State) -> Int {
        (0..<brokerCount).reduce(0) { $0 + (believes(state.brokers[$1]) ? 1 : 0) }
    }

    /// A leader steps down when its deadline has passed (unless it ignores it) or it was
    /// deposed, once no refresh is still on its way (a timed-out one was lost).
    func stepDownDue(_ broker: BrokerState) -> Bool {
        broker.session == .leader && !believes(broker)
            && (!broker.refreshOutstanding || broker.sessionTimedOut)
    }

    /// A leader refreshes when its refresh timer has run out, or resends a lost refresh.
    func refreshDue(_ broker: BrokerState) -> Bool {
        believes(broker) && (broker.refreshOutstanding ? broker.sessionTimedOut : broker.refreshTimer == 0)
    }

    func sessionStepEnabled(_ index: Int, _ state: State) -> Bool {
        guard isRunning(index, state) else { return false }
        let broker = state.brokers[index]
        switch broker.session {
        case .starting: return true
        case .leader: return stepDownDue(broker) || refreshDue(broker)
        default: return broker.session.awaitsStore && broker.sessionTimedOut
        }
    }

    func workerStepEnabled(_ index: Int, _ state: State) -> Bool {
        guard isRunning(index, state) else { return false }
        let broker = state.brokers[index]
        switch broker.worker {
        case .idle: return believes(broker)
        case .readyToCharge: return true
        case .awaitingDue, .awaitingLookup, .awaitingIntent, .awaitingAck, .awaitingRecord: return broker.workerTimedOut
        case .waitingForTick: return false
        }
    }

    /// Whether some process that can act has something to do before time may pass: a message
    /// that has been in flight for the whole delay bound, a watch event to hand over, or a step
    /// of its own. Ticks wait for it, which models processes much faster than a lease tick and
    /// a network that delivers within `maxMessageDelayTicks`.
    func hasUrgentWork(_ state: State) -> Bool {
        if state.network.contains(where: { (!$0.isSlow || $0.age >= maxDelay) && canReceive($0, in: state) }) { return true }
        for broker in 0..<brokerCount {
            if watchEventUrgent(broker, state) || sessionStepEnabled(broker, state) || workerStepEnabled(broker, state) {
                return true
            }
        }
        return false
    }

    /// Whether time may pass: nothing is urgent, and no pause would outlast `maxPauseTicks`
    /// (a broker paused that long wakes first).
    func tickAllowed(_ state: State) -> Bool {
        guard !hasUrgentWork(state) else { return false }
        for broker in 0..<brokerCount where state.brokers[broker].paused {
            if Int(state.brokers[broker].pausedTicks) >= configuration.maxPauseTicks { return false }
        }
        return true
    }

    /// Whether the brokers in `mask` may all miss the next tick (each running, drift left).
    func lagAllowed(_ mask: Int, _ state: State) -> Bool {
        for broker in 0..<brokerCount where mask & (1 << broker) != 0 {
            guard isRunning(broker, state), Int(state.brokers[broker].lag) < configuration.maxDriftTicks else { return false }
        }
        return true
    }

    // MARK: Actions

    public func actions(in state: State, into actions: inout [Action]) {
        var previous: UInt32?
        for index in 0..<state.network.count {
            let message = state.network[index]
            defer { previous = message.raw }
            if message.raw != previous && canReceive(message, in: state) { actions.append(.deliver(message)) }
        }
        for broker in 0..<brokerCount where watchEventPending(broker, state) {
            actions.append(.watchEvent(broker: UInt8(broker)))
        }
        for broker in 0..<brokerCount {
            if sessionStepEnabled(broker, state) { actions.append(.session(broker: UInt8(broker))) }
            if workerStepEnabled(broker, state) { actions.append(.worker(broker: UInt8(broker))) }
        }
        if tickAllowed(state) {
            for mask in 0..<(1 << brokerCount) where lagAllowed(mask, state) {
                actions.append(.tick(lagging: UInt8(mask)))
            }
        }
        for subscription in 0..<configuration.subscriptions where periodsDue(subscription, in: state) < configuration.periods {
            actions.append(.fallDue(subscription: UInt8(subscription)))
        }
        if Int(state.lossesUsed) < configuration.maxLosses {
            previous = nil
            for index in 0..<state.network.count {
                let message = state.network[index]
                defer { previous = message.raw }
                if message.raw != previous && message.isLossy { actions.append(.drop(message)) }
            }
        }
        if delayAllowed(state) {
            previous = nil
            for index in 0..<state.network.count {
                let message = state.network[index]
                defer { previous = message.raw }
                if message.raw != previous && !message.isSlow { actions.append(.delay(message)) }
            }
            for broker in 0..<brokerCount where watchEventPending(broker, state) && state.store.watchLag[broker] == 0 {
                actions.append(.delayWatch(broker: UInt8(broker)))
            }
        }
        for broker in 0..<brokerCount where isLive(broker, state) {
            if state.brokers[broker].paused {
                actions.append(.wake(broker: UInt8(broker)))
            } else if Int(state.pausesUsed) < configuration.maxPauses {
                actions.append(.pause(broker: UInt8(broker)))
            }
        }
        if Int(state.crashesUsed) < configuration.maxCrashes {
            for broker in 0..<brokerCount where isLive(broker, state) { actions.append(.crash(broker: UInt8(broker))) }
        }
        if compactAllowed(state) { actions.append(.compact) }
        if Int(state.storeLeaderChangesUsed) < configuration.maxStoreLeaderChanges { actions.append(.storeLeaderChange) }
    }

    /// Slowing a message is a fault with a budget, possible only on a network with latency.
    func delayAllowed(_ state: State) -> Bool {
        maxDelay > 0 && Int(state.delaysUsed) < configuration.maxDelayedMessages
    }

    /// A compaction is a fault with a budget; it changes something only past the last one.
    func compactAllowed(_ state: State) -> Bool {
        Int(state.compactionsUsed) < configuration.maxCompactions && state.store.compactedRevision < state.store.revision
    }

    public func successor(of state: State, by action: Action) -> State? {
        var next = state
        switch action {
        case .deliver(let message):
            guard canReceive(message, in: state), next.network.remove(message) else { return nil }
            switch message.receiver {
            case .store: storeReceives(message, &next)
            case .database: databaseReceives(message, &next)
            case .provider: providerReceives(message, &next)
            case .broker: brokerReceives(message, &next)
            }
        case .watchEvent(let broker):
            guard watchEventPending(Int(broker), state) else { return nil }
            watchEvent(Int(broker), &next)
        case .session(let broker):
            guard sessionStepEnabled(Int(broker), state) else { return nil }
            sessionStep(Int(broker), &next)
        case .worker(let broker):
            guard workerStepEnabled(Int(broker), state) else { return nil }
            workerStep(Int(broker), &next)
        case .tick(let lagging):
            guard tickAllowed(state), lagAllowed(Int(lagging), state) else { return nil }
            tick(lagging: Int(lagging), &next)
        case .fallDue(let subscription):
            let due = periodsDue(Int(subscription), in: state)
            guard due < configuration.periods else { return nil }
            next.database.due |= bit(item(subscription: Int(subscription), period: due))
        case .drop(let message):
            guard Int(state.lossesUsed) < configuration.maxLosses, message.isLossy, next.network.remove(message) else { return nil }
            next.lossesUsed += 1
        case .pause(let broker):
            guard isRunning(Int(broker), state), Int(state.pausesUsed) < configuration.maxPauses else { return nil }
            next.brokers[Int(broker)].paused = true
            next.brokers[Int(broker)].pausedThisLease = true
            next.pausesUsed += 1
        case .wake(let broker):
            guard isLive(Int(broker), state), state.brokers[Int(broker)].paused else { return nil }
            next.brokers[Int(broker)].paused = false
            next.brokers[Int(broker)].pausedTicks = 0
        case .crash(let broker):
            guard isLive(Int(broker), state), Int(state.crashesUsed) < configuration.maxCrashes else { return nil }
            crash(Int(broker), &next)
        case .delay(let message):
            guard delayAllowed(state), !message.isSlow, next.network.remove(message) else { return nil }
            next.network.insert(message.slowed)
            next.delaysUsed += 1
        case .delayWatch(let broker):
            let index = Int(broker)
            guard delayAllowed(state), watchEventPending(index, state), state.store.watchLag[index] == 0 else { return nil }
            next.store.watchLag[index] = 1
            next.delaysUsed += 1
        case .compact:
            guard compactAllowed(state) else { return nil }
            compact(&next)
        case .storeLeaderChange:
            guard Int(state.storeLeaderChangesUsed) < configuration.maxStoreLeaderChanges else { return nil }
            storeLeaderChange(&next)
        }
        // A slowed stream's held event is the one at its cursor: once the cursor moves (the
        // event arrived, the watch ended), the stream is fast again.
        for index in 0..<brokerCount where next.store.watchCursor[index] != state.store.watchCursor[index] {
            next.store.watchLag[index] = 0
        }
        canonicalizeLeaseIDs(&next)
        compactHistory(&next)
        forgetEndedBeliefs(&next)
        assert(checkInvariants(next) == nil, "lease-leader invariant: \(checkInvariants(next) ?? "")")
        return next
    }
}
