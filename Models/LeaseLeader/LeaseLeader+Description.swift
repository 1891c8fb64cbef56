import ModelChecker
import Support

/// How steps and states read in counterexamples: each step as a line of an incident report,
/// with the messages it receives and sends for the sequence diagram, and each state as an
/// ordered JSON object with every field (so that replay compares everything).
extension LeaseLeader {
    func brokerName(_ index: Int) -> String { "broker-\(index + 1)" }
    func leaseName(_ index: Int) -> String { "lease \(index + 1)" }
    /// A lease as a message names it: its holder and, with unique ids, the id among the
    /// holder's leases ("lease 1#2" is broker-1's lease with id 2).
    func leaseName(_ index: Int, id: UInt8) -> String {
        variant.uniqueLeaseIds && id != 0 ? "lease \(index + 1)#\(id)" : leaseName(index)
    }
    func itemName(_ item: Int) -> String {
        "sub-\(item / configuration.periods + 1)/period-\(item % configuration.periods + 1)"
    }
    func itemNames(_ mask: UInt8) -> [String] { (0..<itemCount).filter { mask & bit($0) != 0 }.map(itemName) }
    func ticks(_ count: Int) -> String { count == 1 ? "1 tick" : "\(count) ticks" }

    /// The process at the far end of a message from its broker.
    func endpointName(_ message: Message) -> String {
        switch message.kind {
        case .leaseGrant, .txn, .range, .put, .keepAlive, .revoke, .watchCreate,
             .granted, .txnWon, .txnLost, .leaseNotFound, .rangeResult, .putDone, .refreshed, .refreshNotFound, .revoked,
             .watchCancelled:
            return "store"
        case .readDue, .writeIntent, .record, .dueList, .intentResult, .recordDone, .recordFenced: return "database"
        case .charge, .lookup, .chargeAck, .chargeRejected, .lookupResult: return "provider"
        }
    }

    func keyText(_ item: Int) -> String {
        variant.sendsIdempotencyKey ? "key \(itemName(item))" : "no key"
    }

    func fenceText(_ token: UInt8) -> String { variant.databaseFencing ? "token \(token)" : "unfenced" }

    /// The message as the sequence diagram labels it; a cancelled call is marked, and with
    /// latency the message's age is given.
    func label(_ message: Message) -> String {
        var text = plainLabel(message)
        if message.isAbandoned { text += " [cancelled]" }
        if message.isSlow { text += " [slowed, in flight \(ticks(Int(message.age)))]" }
        return text
    }

    func plainLabel(_ message: Message) -> String {
        let lease = leaseName(message.broker, id: message.lease)
        switch message.kind {
        case .leaseGrant: return "LeaseGrant(TTL \(leaseTTL))"
        case .txn: return "Txn(create-if-absent, \(lease))"
        case .range: return "Range(election/billing)"
        case .put: return "Put(election/billing, \(lease))"
        case .keepAlive: return "KeepAlive(\(lease))"
        case .revoke: return "Revoke(\(lease))"
        case .watchCreate: return message.first == 0 ? "Watch(from now)" : "Watch(from revision \(message.first))"
        case .granted: return "Granted(\(lease))"
        case .txnWon: return "TxnWon(revision \(message.first))"
        case .txnLost:
            return "TxnLost(key of lease \(message.keyLease) created at \(message.second), revision \(message.first))"
        case .leaseNotFound: return "LeaseNotFound(\(lease))"
        case .rangeResult:
            return message.second == 0 ? "Range(absent, revision \(message.first))"
                : "Range(key of lease \(message.keyLease) created at \(message.second), revision \(message.first))"
        case .putDone: return "PutDone(revision \(message.first))"
        case .refreshed: return "Refreshed(\(lease))"
        case .refreshNotFound: return "RefreshFailed(\(lease) not found)"
        case .revoked: return "Revoked(\(lease))"
        case .readDue: return "ReadDue"
        case .dueList:
            if message.first == 0 { return "Due(nothing)" }
            let intents = message.second == 0 ? "" : "; intents: " + itemNames(message.second).joined(separator: ", ")
            return "Due(\(itemNames(message.first).joined(separator: ", "))\(intents))"
        case .writeIntent: return "Intent(\(itemName(Int(message.first))), \(fenceText(message.second)))"
        case .intentResult:
            return ["IntentWritten", "IntentFenced", "IntentRefused(recorded)"][Int(message.second)]
                + "(\(itemName(Int(message.first))))"
        case .record: return "Record(\(itemName(Int(message.first))), \(fenceText(message.second)))"
        case .recordDone: return "Recorded(\(itemName(Int(message.first))))"
        case .recordFenced: return "RecordFenced(\(itemName(Int(message.first))))"
        case .charge:
            let token = variant.providerFencing ? "token \(message.second)" : "elected at \(message.second)"
            return "Charge(\(itemName(Int(message.first))), \(token), \(keyText(Int(message.first))))"
        case .lookup: return "Lookup(\(keyText(Int(message.first))))"
        case .lookupResult:
            return "Lookup(\(itemName(Int(message.first))): \(message.second == 0 ? "never charged" : "charged"))"
        case .chargeAck: return "ChargeOK(\(itemName(Int(message.first))))"
        case .chargeRejected: return "Rejected(token below \(message.first))"
        case .watchCancelled: return "WatchCancelled(compacted at revision \(message.first))"
        }
    }

    /// One event of the sequence diagram for `message`.
    func event(_ kind: MessageEvent.Kind, _ message: Message) -> MessageEvent {
        let broker = brokerName(message.broker)
        let far = endpointName(message)
        return message.receiver == .broker
            ? MessageEvent(kind, from: far, to: broker, label: label(message))
            : MessageEvent(kind, from: broker, to: far, label: label(message))
    }

    /// Messages in `after` beyond those in `before` (multiset difference).
    func sent(from before: MessageBag, to after: MessageBag) -> [Message] {
        var remaining = before.messages
        var result: [Message] = []
        for message in after.messages {
            if let index = remaining.firstIndex(of: message) { remaining.remove(at: index) } else { result.append(message) }
        }
        return result
    }

    // MARK: Steps

    public func describe(_ action: Action, in state: State) -> ActionInfo {
        guard let next = successor(of: state, by: action) else {
            return ActionInfo(actor: "model", text: "(not enabled) \(action)")
        }
        var before = state.network
        var received: Message?
        if case .deliver(let message) = action {
            before.remove(message)
            received = message
        }
        var events: [MessageEvent] = received.map { [event(.receive, $0)] } ?? []
        events += sent(from: before, to: next.network).map { event(.send, $0) }
        let (actor, text) = story(action, state, next)
        if case .drop(let message) = action { events = [event(.drop, message)] }
        if case .delay = action { events = [] }
        if case .delayWatch = action { events = [] }
        return ActionInfo(actor: actor, text: text, messages: events)
    }

    private func story(_ action: Action, _ state: State, _ next: State) -> (String, String) {
        switch action {
        case .deliver(let message):
            switch message.receiver {
            case .store: return ("store", storeStory(message, state, next))
            case .database: return ("database", databaseStory(message, state) + (message.isAbandoned ? cancelledSuffix : ""))
            case .provider: return ("provider", providerStory(message, state, next) + (message.isAbandoned ? cancelledSuffix : ""))
            case .broker: return (brokerName(message.broker), brokerStory(message, state, next))
            }
        case .watchEvent(let broker):
            let index = Int(broker)
            let cursor = state.store.watchCursor[index]
            return (brokerName(index), state.store.isDelete(at: cursor)
                ? "\(brokerName(index)) sees the DELETE at revision \(cursor) and campaigns: it requests a lease"
                : "\(brokerName(index)) sees the PUT at revision \(cursor) and keeps watching")
        case .session(let broker):
            return (brokerName(Int(broker)), sessionStory(Int(broker), state))
        case .worker(let broker):
            return (brokerName(Int(broker)), workerStory(Int(broker), state))
        case .tick(let lagging):
            return ("clock", tickStory(Int(lagging), state, next))
        case .fallDue(let subscription):
            let period = periodsDue(Int(subscription), in: state)
            return ("calendar", "the calendar moves on: \(itemName(item(subscription: Int(subscription), period: period))) falls due")
        case .drop(let message):
            let what = message.receiver == .broker
                ? "the \(endpointName(message))'s \(label(message)) to \(brokerName(message.broker))"
                : "\(brokerName(message.broker))'s \(label(message)) to the \(endpointName(message))"
            return ("network", "the network loses \(what)")
        case .delay(let message):
            let what = message.receiver == .broker
                ? "the \(endpointName(message))'s \(label(message)) to \(brokerName(message.broker))"
                : "\(brokerName(message.broker))'s \(label(message)) to the \(endpointName(message))"
            return ("network", "the network slows \(what) (up to \(ticks(Int(maxDelay))))")
        case .delayWatch(let broker):
            let index = Int(broker)
            return ("network", "the network slows the store's watch stream to \(brokerName(index)): its event at revision "
                + "\(state.store.watchCursor[index]) may arrive up to \(ticks(Int(maxDelay))) late")
        case .pause(let broker):
            return (brokerName(Int(broker)), "\(brokerName(Int(broker))) pauses (a stop-the-world pause: its steps and its clock stop)")
        case .wake(let broker):
            let index = Int(broker)
            let believing = believes(state.brokers[index])
                ? ", still believing it leads (its deadline shows \(ticks(Int(state.brokers[index].deadline))) left)" : ""
            return (brokerName(index), "\(brokerName(index)) wakes\(believing)")
        case .crash(let broker):
            return (brokerName(Int(broker)), "\(brokerName(Int(broker))) crashes for good")
        case .compact:
            let cancelled = (0..<brokerCount).filter { state.store.watchCursor[$0] > 0 && next.store.watchCursor[$0] == 0 }
            return ("store", "the store compacts its history up to revision \(state.store.revision)"
                + (cancelled.isEmpty ? "" : ", cancelling " + cancelled.map { "\(brokerName($0))'s watch" }.joined(separator: " and ")))
        case .storeLeaderChange:
            let how = variant.leaseCheckpoints ? "its remaining TTL" : "its full TTL"
            let leases = (0..<brokerCount).filter { next.store.leaseTTL[$0] > 0 }
                .map { "\(leaseName($0)) \(ticks(Int(next.store.leaseTTL[$0])))" }
            return ("store", "the store's leader changes: the new leader restores every lease to \(how) plus "
                + "\(ticks(configuration.electionTimeoutTicks))" + (leases.isEmpty ? "" : " (" + leases.joined(separator: ", ") + ")"))
        }
    }

    private var cancelledSuffix: String { " (the call was cancelled: no answer)" }

    private func storeStory(_ message: Message, _ state: State, _ next: State) -> String {
        let text = storeEffect(message, state, next)
        return message.isAbandoned ? text + " (the call was cancelled: no answer)" : text
    }

    private func storeEffect(_ message: Message, _ state: State, _ next: State) -> String {
        let broker = brokerName(message.broker)
        let lease = leaseName(message.broker, id: message.lease)
        let store = state.store
        let live = leaseLive(message.broker, id: message.lease, state)
        switch message.kind {
        case .leaseGrant:
            if message.isAbandoned && variant.uniqueLeaseIds {
                return "the store grants \(broker) a lease whose id no one will learn"
            }
            return "the store grants \(leaseName(message.broker, id: next.store.leaseID[message.broker])) to \(broker) "
                + "(TTL \(ticks(Int(leaseTTL))))"
        case .txn:
            if store.keyOwner != 0 {
                return "the store runs \(broker)'s transaction: election/billing is held (created at revision "
                    + "\(store.keyCreateRevision)), so it returns the key at revision \(store.revision)"
            }
            if !live {
                return "the store fails \(broker)'s transaction: \(lease) is not found"
            }
            return "the store runs \(broker)'s transaction: election/billing is absent, so it puts the key with "
                + "\(lease) at revision \(next.store.revision)"
        case .range:
            return store.keyOwner == 0
                ? "the store answers \(broker)'s range at revision \(store.revision): election/billing is absent"
                : "the store answers \(broker)'s range at revision \(store.revision): election/billing is held "
                    + "(created at revision \(store.keyCreateRevision))"
        case .put:
            if !live { return "the store fails \(broker)'s put: \(lease) is not found" }
            if store.keyOwner != 0 && Int(store.keyOwner) != message.broker + 1 {
                return "the store puts election/billing with \(lease) at revision \(next.store.revision) for \(broker), "
                    + "over \(brokerName(Int(store.keyOwner) - 1))'s live key"
            }
            return "the store puts election/billing with \(lease) at revision \(next.store.revision) for \(broker)"
        case .keepAlive:
            return live
                ? "the store refreshes \(lease) (TTL back to \(ticks(Int(leaseTTL))))"
                : "the store cannot refresh \(lease): lease not found"
        case .revoke:
            if !live { return "the store finds \(lease) not found (already gone)" }
            if Int(store.keyOwner) == message.broker + 1 {
                return "the store revokes \(lease) and deletes election/billing at revision \(next.store.revision)"
            }
            return "the store revokes \(lease)"
        case .watchCreate:
            guard isLive(message.broker, state) else { return "the store drops crashed \(broker)'s watch request" }
            let start = next.store.watchCursor[message.broker]
            if start == 0 {
                return "the store cancels \(broker)'s watch from revision \(message.first): the history is compacted up to "
                    + "revision \(store.compactedRevision)"
            }
            if message.first == 0 {
                return "the store starts \(broker)'s watch at revision \(start), its next revision: earlier events are not sent"
            }
            let waiting = Int(store.revision) - Int(start) + 1
            return "the store starts \(broker)'s watch on election/billing at revision \(start)"
                + (waiting > 0 ? " (\(waiting == 1 ? "1 event is" : "\(waiting) events are") already waiting)" : "")
        default:
            preconditionFailure("the store does not handle \(message.kind)")
        }
    }

    private func databaseStory(_ message: Message, _ state: State) -> String {
        let broker = brokerName(message.broker)
        let name = itemName(Int(message.first))
        let item = Int(message.first)
        let fenced = variant.databaseFencing && message.second < state.database.fenceToken
        switch message.kind {
        case .readDue:
            let open = state.database.due & ~state.database.recorded
            let due = itemNames(open)
            let intents = itemNames(open & state.database.intents)
            return "the database tells \(broker) what is due: " + (due.isEmpty ? "nothing" : due.joined(separator: ", "))
                + (intents.isEmpty ? "" : " (with a charge intent: \(intents.joined(separator: ", ")))")
        case .writeIntent:
            if fenced {
                return "the database refuses \(broker)'s intent for \(name): token \(message.second) is below "
                    + "\(state.database.fenceToken)"
            }
            if state.database.recorded & bit(item) != 0 {
                return "the database refuses \(broker)'s intent for \(name): it is already recorded as charged"
            }
            return "the database writes \(broker)'s charge intent for \(name) (\(fenceText(message.second)))"
        default:
            if fenced {
                return "the database refuses \(broker)'s record of \(name): token \(message.second) is below "
                    + "\(state.database.fenceToken)"
            }
            return "the database records \(name) as charged (for \(broker), \(fenceText(message.second)))"
        }
    }

    private func providerStory(_ message: Message, _ state: State, _ next: State) -> String {
        let broker = brokerName(message.broker)
        let item = Int(message.first)
        let name = itemName(item)
        if message.kind == .lookup {
            return "the provider answers \(broker)'s lookup of \(name): "
                + (state.provider.charges(of: item) > 0 ? "charged" : "never charged")
        }
        if next.network.messages.contains(where: { $0.kind == .chargeRejected && $0.broker == message.broker }) {
            return "the provider rejects \(broker)'s charge of \(name): token \(message.second) is below "
                + "\(state.provider.highestToken), the highest it has accepted"
        }
        let charges = next.provider.charges(of: item)
        if charges == state.provider.charges(of: item) && charges < 2 {
            return "the provider acknowledges \(broker)'s charge of \(name) without charging: it remembers key \(name)"
        }
        let forgotten = variant.sendsIdempotencyKey && state.provider.charges(of: item) > 0 ? " (it has forgotten the key)" : ""
        return "the provider accepts \(broker)'s charge of \(name) (\(keyText(item)))\(forgotten): the ledger holds "
            + (charges == 1 ? "one charge" : "two charges") + " for \(name)"
    }

    private func brokerStory(_ message: Message, _ state: State, _ next: State) -> String {
        let index = message.broker
        let broker = brokerName(index)
        let lease = leaseName(index)
        let local = state.brokers[index]
        switch message.kind {
        case .granted:
            let granted = leaseName(index, id: message.lease)
            return variant.campaignsByTransaction
                ? "\(broker) is granted \(granted) and campaigns: txn create election/billing with \(granted) if absent"
                : "\(broker) is granted \(granted) and campaigns: range election/billing"
        case .watchCancelled:
            return variant.rereadsAfterCompaction
                ? "\(broker)'s watch is cancelled (compacted at revision \(message.first)): it re-reads election/billing"
                : "\(broker)'s watch is cancelled (compacted at revision \(message.first)): it watches again from now"
        case .rangeResult where local.session == .rereading:
            return message.second == 0
                ? "\(broker) re-reads election/billing absent at revision \(message.first) and campaigns: it requests a lease"
                : "\(broker) re-reads election/billing held (created at revision \(message.second)) at revision "
                    + "\(message.first) and watches from revision \(message.first + 1)"
        case .txnWon:
            return "\(broker) is elected at revision \(message.first) (\(lease))"
        case .putDone:
            return "\(broker) is elected at revision \(message.first) by its put (\(lease))"
        case .txnLost where Int(message.keyLease) == index + 1:
            return "\(broker) finds election/billing held by its own \(lease): its earlier attempt won, so it is elected "
                + "at revision \(message.second)"
        case .rangeResult where Int(message.keyLease) == index + 1:
            return "\(broker) finds election/billing held by its own \(lease): its earlier put landed, so it is elected "
                + "at revision \(message.second)"
        case .txnLost:
            return "\(broker) loses the campaign (election/billing was created at revision \(message.second), read at "
                + "revision \(message.first)) and revokes its \(lease) before watching"
        case .rangeResult:
            return message.second == 0
                ? "\(broker) reads election/billing absent at revision \(message.first) and puts it with \(lease)"
                : "\(broker) reads election/billing held (created at revision \(message.second)) at revision "
                    + "\(message.first) and revokes its \(lease) before watching"
        case .leaseNotFound:
            return "\(broker)'s campaign fails because \(lease) expired meanwhile: it requests a new lease"
        case .refreshed:
            let deadline = variant.deadlineFromSend ? max(local.deadline, local.pendingDeadline) : leaseTTL
            return "\(broker)'s \(lease) is refreshed: it may act for \(ticks(Int(deadline))) more"
        case .refreshNotFound:
            return "\(broker) learns that \(lease) has expired: it must stop acting as leader"
        case .revoked:
            if local.session == .revokingToCampaign {
                return "\(broker)'s \(lease) is revoked; it campaigns again: it requests a new lease"
            }
            return variant.watchesFromReadRevision
                ? "\(broker)'s \(lease) is revoked; it watches election/billing from revision \(local.readRevision + 1)"
                : "\(broker)'s \(lease) is revoked; it watches election/billing from the store's current revision "
                    + "(not from revision \(local.readRevision + 1), just after its read)"
        case .dueList:
            if !believes(local) { return "\(broker) no longer acts as leader and drops the due list" }
            if message.first == 0 { return "\(broker) sees nothing due and waits for the next tick" }
            let item = message.first.trailingZeroBitCount
            if !variant.writesIntent { return "\(broker) sees \(itemName(item)) due and charges it (\(keyText(item)))" }
            if message.second & bit(item) != 0 {
                return variant.looksUpBeforeRetry
                    ? "\(broker) finds a charge intent for \(itemName(item)) and asks the provider whether it was charged"
                    : "\(broker) finds a charge intent for \(itemName(item)) and retries it: it writes its own intent"
            }
            return "\(broker) sees \(itemName(item)) due and writes a charge intent (\(fenceText(local.workerToken)))"
        case .lookupResult:
            let name = itemName(Int(local.item))
            if message.second != 0 { return "\(broker) learns \(name) was charged and records it" }
            return believes(local) ? "\(broker) learns \(name) was never charged and writes a charge intent"
                : "\(broker) learns \(name) was never charged but no longer leads: it stops"
        case .intentResult:
            let name = itemName(Int(local.item))
            switch message.second {
            case 0: return "\(broker)'s charge intent for \(name) is written: it may charge"
            case 1: return "\(broker)'s intent for \(name) is fenced: a newer leader has written, it is deposed"
            default: return "\(broker)'s intent for \(name) is refused: it is recorded already"
            }
        case .chargeAck:
            return "\(broker) has the provider's acknowledgement for \(itemName(Int(local.item))) and records it in the database"
        case .chargeRejected:
            return "\(broker)'s charge of \(itemName(Int(local.item))) is rejected (its token \(local.workerToken) is below "
                + "\(message.first))" + (local.session == .leader ? ": it is deposed" : "")
        case .recordDone:
            return "\(broker)'s record of \(itemName(Int(local.item))) is stored"
        case .recordFenced:
            return "\(broker)'s record of \(itemName(Int(local.item))) is fenced: a newer leader has written"
        default:
            preconditionFailure("a broker does not handle \(message.kind)")
        }
    }

    private func sessionStory(_ index: Int, _ state: State) -> String {
        let broker = brokerName(index)
        let lease = leaseName(index)
        let local = state.brokers[index]
        switch local.session {
        case .starting:
            return "\(broker) starts and requests a lease (TTL \(ticks(Int(leaseTTL))))"
        case .leader where stepDownDue(local):
            let why = local.deposed ? "\(broker) has lost its lease" : "\(broker)'s local deadline has passed"
            return variant.campaignsAfterSessionEnds
                ? "\(why): it stops acting as leader, revokes \(lease) and will campaign again"
                : "\(why), but it still believes it leads: it stops charging and never campaigns again"
        case .leader:
            return local.refreshOutstanding
                ? "\(broker) times out and resends KeepAlive(\(lease))"
                : "\(broker) refreshes \(lease): KeepAlive"
        default:
            let request: String
            switch local.session {
            case .awaitingGrant: request = "LeaseGrant"
            case .awaitingTxn: request = "Txn(create-if-absent, \(lease))"
            case .awaitingRange: request = "Range(election/billing)"
            case .awaitingPut: request = "Put(election/billing, \(lease))"
            case .rereading: request = "Range(election/billing)"
            default: request = "Revoke(\(lease))"
            }
            return "\(broker) times out waiting for the store and resends \(request)"
        }
    }

    private func workerStory(_ index: Int, _ state: State) -> String {
        let broker = brokerName(index)
        let local = state.brokers[index]
        let name = itemName(Int(local.item))
        let leading = believes(local)
        switch local.worker {
        case .idle:
            return "\(broker) asks the database what is due"
        case .awaitingDue:
            return leading ? "\(broker) times out and asks the database again"
                : "\(broker) times out on the database and, no longer leading, stops"
        case .awaitingLookup:
            return leading ? "\(broker) times out and resends its lookup of \(name)"
                : "\(broker) times out on its lookup and, no longer leading, stops"
        case .awaitingIntent:
            if !leading { return "\(broker) times out on its intent and, no longer leading, stops" }
            return variant.looksUpBeforeRetry ? "\(broker) times out on its intent for \(name) and reads what is due again"
                : "\(broker) times out and resends its intent for \(name)"
        case .readyToCharge:
            return leading ? "\(broker) charges \(name) (\(keyText(Int(local.item))))"
                : "\(broker) no longer leads and does not charge \(name)"
        case .awaitingAck:
            if !leading { return "\(broker) times out on the provider and, no longer leading, gives up \(name)" }
            return variant.looksUpBeforeRetry
                ? "\(broker) times out on the provider and asks whether \(name) was charged"
                : "\(broker) times out and resends its charge of \(name) (\(keyText(Int(local.item))))"
        case .awaitingRecord:
            return "\(broker) times out and resends its record of \(name)"
        case .waitingForTick:
            preconditionFailure("a worker waiting for a tick takes no step")
        }
    }

    private func tickStory(_ lagging: Int, _ state: State, _ next: State) -> String {
        var parts: [String] = []
        for index in 0..<brokerCount where state.store.leaseTTL[index] > 0 && next.store.leaseTTL[index] == 0 {
            parts.append(Int(state.store.keyOwner) == index + 1
                ? "\(leaseName(index)) expires, the store deletes election/billing at revision \(next.store.revision)"
                : "\(leaseName(index)) expires")
        }
        for index in 0..<brokerCount where state.brokers[index].deadline > 0 && next.brokers[index].deadline == 0
            && state.brokers[index].session == .leader {
            parts.append("\(brokerName(index))'s local deadline passes")
        }
        for item in 0..<itemCount where state.provider.keyTicks(of: item) > 0 && next.provider.keyTicks(of: item) == 0 {
            parts.append("the provider forgets key \(itemName(item))")
        }
        for index in 0..<brokerCount where lagging & (1 << index) != 0 {
            parts.append("\(brokerName(index))'s clock lags (drift \(next.brokers[index].lag) of \(configuration.maxDriftTicks))")
        }
        return parts.isEmpty ? "tick" : "tick: " + parts.joined(separator: "; ")
    }

    // MARK: States

    public func describe(_ state: State) -> JSONValue {
        let store = state.store
        var key: JSONValue = .null
        if store.keyOwner != 0 {
            let owner = Int(store.keyOwner) - 1
            key = .object([("owner", .string(brokerName(owner))), ("lease", .string(leaseName(owner))),
                           ("createRevision", .int(Int(store.keyCreateRevision))), ("modRevision", .int(Int(store.keyModRevision)))])
        }
        let storeValue: JSONValue = .object([
            ("revision", .int(Int(store.revision))),
            ("key", key),
            ("leaseTTL", .object((0..<brokerCount).map { (leaseName($0), .int(Int(store.leaseTTL[$0]))) })),
            ("leaseID", .object((0..<brokerCount).map { (leaseName($0), .int(Int(store.leaseID[$0]))) })),
            ("compactedRevision", .int(Int(store.compactedRevision))),
            ("ghostDeadHolderTicks", .int(Int(store.deadHolderTicks))),
            ("watchCursor", .object((0..<brokerCount).map { (brokerName($0), .int(Int(store.watchCursor[$0]))) })),
            ("deleteRevisions", .array((0...Int(store.revision)).filter { store.isDelete(at: UInt8($0)) }.map { .int($0) })),
            ("ghostWonOverLiveKey", .bool(store.wonOverLiveKey)),
        ] + (maxDelay == 0 ? [] : [
            // Shown only on a network with latency, where a watch stream can be slowed.
            ("watchLag", .object((0..<brokerCount).map { (brokerName($0), .int(Int(store.watchLag[$0]))) })),
        ]))
        let brokers: JSONValue = .object((0..<brokerCount).map { index in
            let broker = state.brokers[index]
            return (brokerName(index), .object([
                ("session", .string(broker.session.name)),
                ("worker", .string(broker.worker.name)),
                ("item", .string(broker.worker.holdsItem ? itemName(Int(broker.item)) : "-")),
                ("paused", .bool(broker.paused)),
                ("deposed", .bool(broker.deposed)),
                ("refreshOutstanding", .bool(broker.refreshOutstanding)),
                ("sessionTimedOut", .bool(broker.sessionTimedOut)),
                ("workerTimedOut", .bool(broker.workerTimedOut)),
                ("electionRevision", .int(Int(broker.electionRevision))),
                ("readRevision", .int(Int(broker.readRevision))),
                ("deadline", .int(Int(broker.deadline))),
                ("refreshTimer", .int(Int(broker.refreshTimer))),
                ("clockLag", .int(Int(broker.lag))),
                ("pausedTicks", .int(Int(broker.pausedTicks))),
                ("workerToken", .int(Int(broker.workerToken))),
                ("pendingDeadline", .int(Int(broker.pendingDeadline))),
                ("lease", .int(Int(broker.lease))),
                ("ghostPausedThisLease", .bool(broker.pausedThisLease)),
            ]))
        })
        let provider = state.provider
        return .object([
            ("store", storeValue),
            ("brokers", brokers),
            ("database", .object([
                ("due", .array(itemNames(state.database.due).map { .string($0) })),
                ("intents", .array(itemNames(state.database.intents).map { .string($0) })),
                ("recorded", .array(itemNames(state.database.recorded).map { .string($0) })),
                ("fenceToken", .int(Int(state.database.fenceToken))),
            ])),
            ("provider", .object([
                ("ledger", .object((0..<itemCount).map { (itemName($0), .int(provider.charges(of: $0))) })),
                ("keyTicksLeft", .object((0..<itemCount).map { (itemName($0), .int(provider.keyTicks(of: $0))) })),
                ("highestToken", .int(Int(provider.highestToken))),
                ("ghostSentByBelievers", .object((0..<itemCount).map { item in
                    (itemName(item), .array((0..<brokerCount).filter { provider.sentBy($0, item: item) }
                        .map { .string(brokerName($0)) }))
                })),
                ("ghostSentUnderTwoRevisions", .bool(provider.sentUnderTwoRevisions)),
                ("ghostSentAfterLeaseExpiry", .bool(provider.sentAfterLeaseExpiry)),
            ])),
            ("network", .array(state.network.messages.map { message in
                let broker = brokerName(message.broker)
                let far = endpointName(message)
                return .string(message.receiver == .broker ? "\(far) → \(broker): \(label(message))"
                    : "\(broker) → \(far): \(label(message))")
            })),
            ("faults", .object([
                ("pauses", .int(Int(state.pausesUsed))),
                ("crashes", .int(Int(state.crashesUsed))),
                ("losses", .int(Int(state.lossesUsed))),
                ("delays", .int(Int(state.delaysUsed))),
                ("compactions", .int(Int(state.compactionsUsed))),
                ("storeLeaderChanges", .int(Int(state.storeLeaderChangesUsed))),
            ])),
            ("ghostEverLed", .array((0..<brokerCount).filter { state.everLed & (1 << UInt8($0)) != 0 }.map { .string(brokerName($0)) })),
        ])
    }
}
