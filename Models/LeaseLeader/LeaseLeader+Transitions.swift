/// What each process does with a message or a step. Every handler changes only its own
/// process's state and the network (plus ghosts, which nothing but properties read).
extension LeaseLeader {
    /// Puts a message on the network. An answer to a crashed broker goes nowhere: its
    /// connections died with it.
    func send(_ kind: Message.Kind, to broker: Int, _ first: UInt8 = 0, _ second: UInt8 = 0, keyLease: UInt8 = 0,
              lease: UInt8 = 0, _ state: inout State) {
        let message = Message(kind, broker: broker, first, second, keyLease: keyLease, lease: lease)
        if message.receiver == .broker && state.brokers[broker].isCrashed { return }
        state.network.insert(message)
    }

    /// Answers `request`, unless its sender has cancelled the call (the request took effect,
    /// but no one listens for its answer any more).
    func answer(_ request: Message, _ kind: Message.Kind, _ first: UInt8 = 0, _ second: UInt8 = 0, keyLease: UInt8 = 0,
                lease: UInt8 = 0, _ state: inout State) {
        precondition(request.receiver != .broker, "only a request is answered")
        if request.isAbandoned { return }
        send(kind, to: request.broker, first, second, keyLease: keyLease, lease: lease, &state)
    }

    /// Cancels the calls of one of a broker's threads: its requests in flight still arrive and
    /// take effect but get no answer, and the answers already in flight to it are dropped. A
    /// thread does this whenever it resends or gives up after a timeout. The watch request
    /// rides its own stream and is never cancelled.
    func abandonCalls(of index: Int, session: Bool, _ state: inout State) {
        guard state.network.contains(where: { $0.broker == index && $0.isSessionTraffic == session }) else { return }
        var network = MessageBag()
        for message in state.network.messages {
            if message.broker != index || message.isSessionTraffic != session || message.kind == .watchCreate {
                network.insert(message)
            } else if message.receiver != .broker {
                network.insert(message.isAbandoned ? message : message.abandoned)
            }
        }
        state.network = network
    }

    // MARK: The store

    /// Whether broker `broker`'s lease named `id` is live at the store. Under
    /// `leaseByBrokerIndex` the store knows one lease per broker, whatever a request names.
    func leaseLive(_ broker: Int, id: UInt8, _ state: State) -> Bool {
        state.store.leaseTTL[broker] > 0 && (!variant.uniqueLeaseIds || state.store.leaseID[broker] == id)
    }

    func storeReceives(_ message: Message, _ state: inout State) {
        let broker = message.broker
        switch message.kind {
        case .leaseGrant:
            storeGrants(message, &state)
        case .txn:
            // "If the create revision of K is 0 then put K with lease L, else range K."
            if state.store.keyOwner != 0 {
                answer(message, .txnLost, state.store.revision, state.store.keyCreateRevision, keyLease: state.store.keyOwner, &state)
            } else if !leaseLive(broker, id: message.lease, state) {
                // etcd fails the whole transaction when the put names a lease that is gone.
                answer(message, .leaseNotFound, 0, 0, &state)
            } else {
                noteWin(of: broker, &state)
                state.store.putKey(owner: broker)
                answer(message, .txnWon, state.store.revision, 0, &state)
            }
        case .range:
            let create = state.store.keyOwner == 0 ? 0 : state.store.keyCreateRevision
            answer(message, .rangeResult, state.store.revision, create, keyLease: state.store.keyOwner, &state)
        case .put:
            if !leaseLive(broker, id: message.lease, state) {
                answer(message, .leaseNotFound, 0, 0, &state)
            } else {
                noteWin(of: broker, &state)
                state.store.putKey(owner: broker)
                answer(message, .putDone, state.store.revision, 0, &state)
            }
        case .keepAlive:
            if leaseLive(broker, id: message.lease, state) {
                state.store.leaseTTL[broker] = leaseTTL
                answer(message, .refreshed, 0, 0, &state)
            } else {
                answer(message, .refreshNotFound, 0, 0, &state)
            }
        case .revoke:
            // Revoking a lease deletes the keys attached to it; a gone lease is "not found",
            // which the broker takes as done.
            if leaseLive(broker, id: message.lease, state) { state.store.endLease(of: broker) }
            answer(message, .revoked, 0, 0, &state)
        case .watchCreate:
            // The stream to a crashed client is gone: there is no one to deliver to.
            guard isLive(broker, state), !message.isAbandoned else { return }
            precondition(state.store.watchCursor[broker] == 0, "a broker holds one watch at a time")
            let start = message.first == 0 ? state.store.revision + 1 : message.first
            if start <= state.store.compactedRevision {
                // etcd cancels a watch whose start revision is compacted (ErrCompacted).
                send(.watchCancelled, to: broker, state.store.compactedRevision, 0, &state)
            } else {
                state.store.watchCursor[broker] = start
            }
        default:
            preconditionFailure("the store does not handle \(message.kind)")
        }
    }

    /// A grant takes the broker's lease slot under a fresh id. The grant of a cancelled call
    /// makes a lease no one will learn the id of: it carries no key and expires unobserved, so
    /// it is not kept (under `leaseByBrokerIndex` it lands in the broker's one slot, whose TTL
    /// it resets).
    func storeGrants(_ message: Message, _ state: inout State) {
        let broker = message.broker
        if message.isAbandoned && variant.uniqueLeaseIds { return }
        // With unique ids a broker asks for a lease only once its key is gone. By index, a
        // stale request of an earlier lease (a cancelled campaign) can have put the key on the
        // slot meanwhile: the grant then refreshes that slot, key and all.
        precondition(!variant.uniqueLeaseIds || Int(state.store.keyOwner) != broker + 1,
                     "a broker asks for a lease only once its key is gone")
        let id = variant.uniqueLeaseIds ? freshLeaseID(for: broker, state) : 1
        state.store.leaseTTL[broker] = leaseTTL
        state.store.leaseID[broker] = id
        answer(message, .granted, 0, 0, lease: id, &state)
    }

    /// The smallest id no message in flight names for `broker`: the store's counter gives
    /// every lease a new id, and only ids still named somewhere can be told apart.
    func freshLeaseID(for broker: Int, _ state: State) -> UInt8 {
        var named: UInt8 = 0
        for message in state.network.messages where message.broker == broker && message.lease != 0 {
            named |= 1 << message.lease
        }
        guard let id = (1...Message.leaseIDMax).first(where: { named & (1 << $0) == 0 }) else {
            preconditionFailure("every lease id of broker-\(broker + 1) is still named in flight")
        }
        return id
    }

    /// Renames each broker's lease ids in order of first appearance (its own lease, the
    /// store's slot, then its messages), so that states that differ only in the names of ids
    /// are equal. Ids are only ever compared, so a renaming that keeps them distinct changes
    /// nothing any process can observe.
    func canonicalizeLeaseIDs(_ state: inout State) {
        guard variant.uniqueLeaseIds else { return }
        for index in 0..<brokerCount {
            var order: [UInt8] = []
            func note(_ id: UInt8) { if id != 0 && !order.contains(id) { order.append(id) } }
            note(state.brokers[index].lease)
            note(state.store.leaseID[index])
            let named = state.network.messages.filter { $0.broker == index && $0.lease != 0 }
                .map { (masked: $0.withLease(0).raw, id: $0.lease) }.sorted { ($0.masked, $0.id) < ($1.masked, $1.id) }
            for message in named { note(message.id) }
            guard order.enumerated().contains(where: { $0.element != UInt8($0.offset + 1) }) else { continue }
            func renamed(_ id: UInt8) -> UInt8 { id == 0 ? 0 : UInt8(order.firstIndex(of: id)! + 1) }
            state.brokers[index].lease = renamed(state.brokers[index].lease)
            state.store.leaseID[index] = renamed(state.store.leaseID[index])
            state.network.transform { $0.broker == index && $0.lease != 0 ? $0.withLease(renamed($0.lease)) : $0 }
        }
    }

    /// The ghost behind `noWinOverLiveKey`: the store's own truth at the moment a campaign
    /// write succeeds — whether the key is held by another broker's live lease.
    func noteWin(of broker: Int, _ state: inout State) {
        let owner = Int(state.store.keyOwner)
        if owner != 0 && owner != broker + 1 && state.store.leaseTTL[owner - 1] > 0 {
            state.store.wonOverLiveKey = true
        }
    }

    // MARK: The database and the provider

    /// Whether a write with `token` passes the database's fence (always, when it has none).
    func passesFence(_ token: UInt8, _ state: State) -> Bool {
        !variant.databaseFencing || token >= state.database.fenceToken
    }

    func databaseReceives(_ message: Message, _ state: inout State) {
        let item = Int(message.first)
        switch message.kind {
        case .readDue:
            let open = state.database.due & ~state.database.recorded
            answer(message, .dueList, open, state.database.intents & open, &state)
        case .writeIntent:
            precondition(item < itemCount && state.database.due & bit(item) != 0, "only a due item is ever charged")
            if !passesFence(message.second, state) {
                answer(message, .intentResult, message.first, 1, &state)
            } else if state.database.recorded & bit(item) != 0 {
                // The conditional write also requires the item still open: a charge recorded
                // meanwhile (by a successor) is not charged again.
                answer(message, .intentResult, message.first, 2, &state)
            } else {
                state.database.intents |= bit(item)
                raiseFence(to: message.second, &state)
                answer(message, .intentResult, message.first, 0, &state)
            }
        case .record:
            precondition(item < itemCount && state.database.due & bit(item) != 0,
                         "only a due item is ever charged, so only a due item is recorded")
            if passesFence(message.second, state) {
                state.database.recorded |= bit(item)
                state.database.intents &= ~bit(item)
                raiseFence(to: message.second, &state)
                answer(message, .recordDone, message.first, 0, &state)
            } else {
                answer(message, .recordFenced, message.first, 0, &state)
            }
        default:
            preconditionFailure("the database does not handle \(message.kind)")
        }
    }

    func raiseFence(to token: UInt8, _ state: inout State) {
        if variant.databaseFencing { state.database.fenceToken = max(state.database.fenceToken, token) }
    }

    func providerReceives(_ message: Message, _ state: inout State) {
        let item = Int(message.first)
        precondition(item < itemCount, "a request names an item")
        if message.kind == .lookup {
            // The ledger is permanent: a lookup answers whatever the key's retention.
            answer(message, .lookupResult, message.first, state.provider.charges(of: item) > 0 ? 1 : 0, &state)
            return
        }
        precondition(message.kind == .charge && message.second > 0, "a charge comes from an elected broker")
        if variant.providerFencing && message.second < state.provider.highestToken {
            answer(message, .chargeRejected, state.provider.highestToken, 0, &state)
            return
        }
        if variant.providerFencing { state.provider.highestToken = max(state.provider.highestToken, message.second) }
        if variant.sendsIdempotencyKey && state.provider.keyTicks(of: item) > 0 {
            // A remembered key: acknowledged as the first charge was, without charging again.
        } else {
            state.provider.addCharge(to: item)
            if variant.sendsIdempotencyKey { state.provider.setKeyTicks(of: item, configuration.keyRetentionTicks) }
        }
        answer(message, .chargeAck, message.first, 0, &state)
    }

    // MARK: A broker receives

    /// A broker only ever receives answers to calls it still listens to (it drops the answers
    /// to the calls it cancelled), so every answer matches its phase.
    func brokerReceives(_ message: Message, _ state: inout State) {
        let index = message.broker
        var broker = state.brokers[index]
        precondition(!broker.isCrashed && !broker.paused, "only a running broker receives")
        switch message.kind {
        case .granted:
            precondition(broker.session == .awaitingGrant && message.lease != 0, "a grant answers a grant request")
            // The store started the lease's TTL no earlier than the request's send, so the
            // deadline counted from the send (with the clock margin) ends no later than the lease
            // (deadlineFromReceipt counts the full TTL from now instead).
            broker.lease = message.lease
            broker.deadline = variant.deadlineFromSend ? broker.pendingDeadline : leaseTTL
            broker.pendingDeadline = 0
            broker.refreshTimer = refreshInterval
            broker.sessionTimedOut = false
            if variant.campaignsByTransaction {
                broker.session = .awaitingTxn
                send(.txn, to: index, 0, 0, lease: broker.lease, &state)
            } else {
                broker.session = .awaitingRange
                send(.range, to: index, 0, 0, lease: broker.lease, &state)
            }
        case .txnWon, .putDone:
            precondition(broker.session == (message.kind == .txnWon ? .awaitingTxn : .awaitingPut), "a win answers a campaign")
            winCampaign(&broker, electionRevision: message.first, index, &state)
        case .txnLost:
            precondition(broker.session == .awaitingTxn, "a lost transaction answers a campaign")
            if Int(message.keyLease) == index + 1 {
                // The key carries its own lease: an earlier attempt of this campaign won and
                // its answer was lost or cancelled. It leads since the key's create revision.
                winCampaign(&broker, electionRevision: message.second, index, &state)
            } else {
                loseCampaign(&broker, readRevision: message.first, index, &state)
            }
        case .rangeResult where broker.session == .rereading:
            rereadResult(message, &broker, index, &state)
        case .rangeResult:
            precondition(broker.session == .awaitingRange, "a range result answers a range")
            if Int(message.keyLease) == index + 1 {
                winCampaign(&broker, electionRevision: message.second, index, &state)
            } else if message.second == 0 {
                broker.session = .awaitingPut
                broker.sessionTimedOut = false
                send(.put, to: index, 0, 0, lease: broker.lease, &state)
            } else {
                loseCampaign(&broker, readRevision: message.first, index, &state)
            }
        case .leaseNotFound:
            precondition(broker.session == .awaitingTxn || broker.session == .awaitingPut, "only a campaign write names a lease")
            // Its lease ran out before the campaign reached the store: start over.
            broker.deadline = 0
            broker.refreshTimer = 0
            broker.lease = 0
            requestLease(&broker, index, &state)
        case .refreshed:
            precondition(broker.session == .leader && broker.refreshOutstanding, "a refresh answers a refresh")
            broker.refreshOutstanding = false
            broker.sessionTimedOut = false
            // The store reset the TTL when the KeepAlive arrived, no earlier than its send.
            broker.deadline = variant.deadlineFromSend ? max(broker.deadline, broker.pendingDeadline) : leaseTTL
            broker.pendingDeadline = 0
        case .refreshNotFound:
            precondition(broker.session == .leader && broker.refreshOutstanding, "a refresh answers a refresh")
            broker.refreshOutstanding = false
            broker.sessionTimedOut = false
            broker.pendingDeadline = 0
            broker.deposed = true
        case .revoked:
            broker.sessionTimedOut = false
            broker.lease = 0
            switch broker.session {
            case .revokingToWatch:
                let start = variant.watchesFromReadRevision ? broker.readRevision + 1 : 0
                broker.readRevision = 0
                broker.session = .watching
                send(.watchCreate, to: index, start, 0, &state)
            case .revokingToCampaign:
                requestLease(&broker, index, &state)
            default:
                preconditionFailure("a revocation answers a revoke")
            }
        case .watchCancelled:
            precondition(broker.session == .watching, "only a follower's watch is cancelled")
            if variant.rereadsAfterCompaction {
                // The events it missed are gone: read the key again, then watch from the read.
                broker.session = .rereading
                broker.sessionTimedOut = false
                send(.range, to: index, 0, 0, &state)
            } else {
                send(.watchCreate, to: index, 0, 0, &state)
            }
        case .dueList, .lookupResult, .intentResult, .chargeAck, .chargeRejected, .recordDone, .recordFenced:
            workerReceives(message, &broker, index, &state)
        default:
            preconditionFailure("a broker does not handle \(message.kind)")
        }
        state.brokers[index] = broker
    }

    /// The follower's read after a cancelled watch: campaign if the key is gone, else watch
    /// from just after the read.
    func rereadResult(_ message: Message, _ broker: inout BrokerState, _ index: Int, _ state: inout State) {
        precondition(Int(message.keyLease) != index + 1, "a follower holds no lease, so the key is not its own")
        broker.sessionTimedOut = false
        if message.second == 0 {
            requestLease(&broker, index, &state)
        } else {
            broker.session = .watching
            send(.watchCreate, to: index, variant.watchesFromReadRevision ? message.first + 1 : 0, 0, &state)
        }
    }

    /// Asks for a new lease; the deadline it will give counts from this send.
    func requestLease(_ broker: inout BrokerState, _ index: Int, _ state: inout State) {
        precondition(broker.lease == 0, "a broker asks for a lease only once it holds none")
        broker.session = .awaitingGrant
        broker.sessionTimedOut = false
        broker.pausedThisLease = false
        broker.pendingDeadline = variant.deadlineFromSend ? deadlineFromSendTicks : 0
        send(.leaseGrant, to: index, 0, 0, &state)
    }

    func winCampaign(_ broker: inout BrokerState, electionRevision: UInt8, _ index: Int, _ state: inout State) {
        precondition(electionRevision >= 2, "the key is first put at revision 2 or later")
        broker.session = .leader
        broker.electionRevision = electionRevision
        broker.sessionTimedOut = false
        state.everLed |= 1 << UInt8(index)
    }

    /// The key is held: give the unused lease back, then watch from just after the read.
    func loseCampaign(_ broker: inout BrokerState, readRevision: UInt8, _ index: Int, _ state: inout State) {
        precondition(readRevision >= 2, "a held key was put at revision 2 or later")
        broker.deadline = 0
        broker.refreshTimer = 0
        broker.readRevision = readRevision
        broker.session = .revokingToWatch
        broker.sessionTimedOut = false
        send(.revoke, to: index, 0, 0, lease: broker.lease, &state)
    }

    // MARK: Watch events

    func watchEvent(_ index: Int, _ state: inout State) {
        precondition(state.brokers[index].session == .watching, "only a follower holds a watch")
        let cursor = state.store.watchCursor[index]
        if state.store.isDelete(at: cursor) {
            // The leader's key is gone: cancel the watch and campaign.
            state.store.watchCursor[index] = 0
            var broker = state.brokers[index]
            requestLease(&broker, index, &state)
            state.brokers[index] = broker
        } else {
            state.store.watchCursor[index] = cursor + 1
        }
    }

    // MARK: A broker's own steps

    func sessionStep(_ index: Int, _ state: inout State) {
        var broker = state.brokers[index]
        // Every step of a thread that awaits an answer is a timeout: cancel the call first.
        if broker.sessionAwaitsResponse { abandonCalls(of: index, session: true, &state) }
        switch broker.session {
        case .starting:
            requestLease(&broker, index, &state)
        case .leader where stepDownDue(broker):
            broker.deadline = 0
            broker.refreshTimer = 0
            broker.pendingDeadline = 0
            broker.deposed = false
            broker.refreshOutstanding = false
            broker.sessionTimedOut = false
            if variant.campaignsAfterSessionEnds {
                broker.electionRevision = 0
                broker.session = .revokingToCampaign
                send(.revoke, to: index, 0, 0, lease: broker.lease, &state)
            } else {
                broker.lease = 0
                broker.session = .staleLeader
            }
        case .leader:
            precondition(refreshDue(broker), "a leader's step is a step-down or a refresh")
            broker.refreshTimer = refreshInterval
            broker.refreshOutstanding = true
            broker.sessionTimedOut = false
            if variant.deadlineFromSend { broker.pendingDeadline = deadlineFromSendTicks }
            send(.keepAlive, to: index, 0, 0, lease: broker.lease, &state)
        case .awaitingGrant:
            precondition(broker.sessionTimedOut, "a request is resent only after its timeout")
            requestLease(&broker, index, &state)
        case .awaitingTxn, .awaitingRange, .awaitingPut, .revokingToWatch, .revokingToCampaign, .rereading:
            precondition(broker.sessionTimedOut, "a request is resent only after its timeout")
            broker.sessionTimedOut = false
            let kind: Message.Kind
            switch broker.session {
            case .awaitingTxn: kind = .txn
            case .awaitingRange, .rereading: kind = .range
            case .awaitingPut: kind = .put
            default: kind = .revoke
            }
            send(kind, to: index, 0, 0, lease: broker.session == .rereading ? 0 : broker.lease, &state)
        case .watching, .staleLeader, .crashed:
            preconditionFailure("no session step in phase \(broker.session)")
        }
        state.brokers[index] = broker
    }

    /// The worker's answers: the due list, a lookup, the intent write, the charge, the record.
    func workerReceives(_ message: Message, _ broker: inout BrokerState, _ index: Int, _ state: inout State) {
        precondition(broker.worker.awaitsResponse, "an answer comes to a worker awaiting one")
        precondition(message.kind == .dueList || message.first == broker.item || message.kind == .chargeRejected,
                     "an answer names the item asked about")
        broker.workerTimedOut = false
        switch message.kind {
        case .dueList:
            precondition(broker.worker == .awaitingDue, "a due list answers a read")
            if !believes(broker) {
                stopWorker(&broker)
            } else if message.first == 0 {
                broker.worker = .waitingForTick
                broker.workerToken = 0
            } else {
                let item = message.first.trailingZeroBitCount
                broker.item = UInt8(item)
                if !variant.writesIntent {
                    sendCharge(&broker, index, &state)
                } else if message.second & bit(item) != 0 && variant.looksUpBeforeRetry {
                    // An intent: a charge may have been sent. Ask before charging again.
                    broker.worker = .awaitingLookup
                    send(.lookup, to: index, broker.item, 0, &state)
                } else {
                    broker.worker = .awaitingIntent
                    send(.writeIntent, to: index, broker.item, broker.workerToken, &state)
                }
            }
        case .lookupResult:
            precondition(broker.worker == .awaitingLookup, "a lookup result answers a lookup")
            if message.second != 0 {
                broker.worker = .awaitingRecord
                send(.record, to: index, broker.item, broker.workerToken, &state)
            } else if believes(broker) {
                broker.worker = .awaitingIntent
                send(.writeIntent, to: index, broker.item, broker.workerToken, &state)
            } else {
                stopWorker(&broker)
            }
        case .intentResult:
            precondition(broker.worker == .awaitingIntent, "an intent result answers an intent write")
            if message.second == 0 {
                broker.worker = .readyToCharge
            } else {
                if message.second == 1 { depose(&broker) }
                stopWorker(&broker)
            }
        case .chargeAck:
            precondition(broker.worker == .awaitingAck, "an acknowledgement answers a charge")
            // Charged (or deduplicated): record it, whether or not this broker still leads;
            // the database's fence decides whether the record is taken.
            broker.worker = .awaitingRecord
            send(.record, to: index, broker.item, broker.workerToken, &state)
        case .chargeRejected:
            precondition(broker.worker == .awaitingAck, "a rejection answers a charge")
            depose(&broker)
            stopWorker(&broker)
        case .recordDone:
            precondition(broker.worker == .awaitingRecord, "a confirmation answers a record")
            stopWorker(&broker)
        case .recordFenced:
            precondition(broker.worker == .awaitingRecord, "a fenced record answers a record")
            depose(&broker)
            stopWorker(&broker)
        default:
            preconditionFailure("the worker does not handle \(message.kind)")
        }
    }

    /// A fenced write or a rejected token: a newer leader has written. The session steps down
    /// only if the exchange belonged to its current term.
    func depose(_ broker: inout BrokerState) {
        if broker.session == .leader && broker.electionRevision == broker.workerToken { broker.deposed = true }
    }

    func stopWorker(_ broker: inout BrokerState) {
        broker.worker = .idle
        broker.item = 0
        broker.workerToken = 0
        broker.workerTimedOut = false
    }

    /// Sends the charge of the worker's item, noting on the request log's ghost who sent it.
    func sendCharge(_ broker: inout BrokerState, _ index: Int, _ state: inout State) {
        let item = Int(broker.item)
        if !leaseLive(index, id: broker.lease, state) && !broker.pausedThisLease { state.provider.sentAfterLeaseExpiry = true }
        for other in 0..<brokerCount where other != index && state.provider.sentBy(other, item: item) {
            let excused = broker.pausedThisLease || state.brokers[other].pausedThisLease
            if believes(state.brokers[other]) && state.brokers[other].electionRevision != broker.electionRevision && !excused {
                state.provider.sentUnderTwoRevisions = true
            }
        }
        if believes(broker) { state.provider.sentByBelievers |= 1 << UInt16(3 * item + index) }
        broker.worker = .awaitingAck
        send(.charge, to: index, broker.item, broker.workerToken, &state)
    }

    func workerStep(_ index: Int, _ state: inout State) {
        var broker = state.brokers[index]
        // A step of a worker that awaits an answer is a timeout: cancel the call first.
        if broker.worker.awaitsResponse { abandonCalls(of: index, session: false, &state) }
        broker.workerTimedOut = false
        let leading = believes(broker)
        switch broker.worker {
        case .idle:
            precondition(leading, "only an acting leader polls")
            broker.worker = .awaitingDue
            broker.workerToken = broker.electionRevision
            send(.readDue, to: index, 0, 0, &state)
        case .awaitingDue:
            if leading { send(.readDue, to: index, 0, 0, &state) } else { stopWorker(&broker) }
        case .awaitingLookup:
            if leading { send(.lookup, to: index, broker.item, 0, &state) } else { stopWorker(&broker) }
        case .awaitingIntent:
            // The write or its answer was lost. Resending it would act on a due list read a
            // timeout ago (a charge may have been sent since): read again, and ask the provider
            // about any intent found. Only retryWithoutLookup resends the write as it was.
            if !leading {
                stopWorker(&broker)
            } else if variant.looksUpBeforeRetry {
                broker.item = 0
                broker.worker = .awaitingDue
                send(.readDue, to: index, 0, 0, &state)
            } else {
                send(.writeIntent, to: index, broker.item, broker.workerToken, &state)
            }
        case .readyToCharge:
            if leading { sendCharge(&broker, index, &state) } else { stopWorker(&broker) }
        case .awaitingAck:
            if !leading {
                stopWorker(&broker)
            } else if variant.looksUpBeforeRetry {
                // No answer: the charge or its acknowledgement was lost. Ask before resending.
                broker.worker = .awaitingLookup
                send(.lookup, to: index, broker.item, 0, &state)
            } else {
                sendCharge(&broker, index, &state)
            }
        case .awaitingRecord:
            send(.record, to: index, broker.item, broker.workerToken, &state)
        case .waitingForTick:
            preconditionFailure("a worker waiting for a tick takes no step")
        }
        state.brokers[index] = broker
    }

    /// Clears the request log's ghost for brokers that no longer believe they lead.
    func forgetEndedBeliefs(_ state: inout State) {
        for index in 0..<brokerCount where !believes(state.brokers[index]) {
            for item in 0..<itemCount { state.provider.sentByBelievers &= ~(1 << UInt16(3 * item + index)) }
        }
    }

    // MARK: Time and faults

    func tick(lagging: Int, _ state: inout State) {
        precondition(state.network.messages.allSatisfy { ($0.isSlow && $0.age < maxDelay) || !canReceive($0, in: state) },
                     "time passes only when every message in flight is slowed within its bound or waits for a paused broker")
        if state.network.contains(where: { $0.isSlow }) {
            state.network.transform { $0.isSlow ? $0.aged(saturatingAt: maxDelay) : $0 }
        }
        for index in 0..<brokerCount where state.store.watchLag[index] > 0 {
            state.store.watchLag[index] = min(state.store.watchLag[index] + 1, maxDelay + 1)
        }
        for index in 0..<brokerCount where state.store.leaseTTL[index] > 0 {
            state.store.leaseTTL[index] -= 1
            if state.store.leaseTTL[index] == 0 { state.store.endLease(of: index) }
        }
        if state.store.keyOwner != 0 && state.brokers[Int(state.store.keyOwner) - 1].isCrashed {
            state.store.deadHolderTicks += 1
        }
        if variant.keysExpire {
            for item in 0..<itemCount where state.provider.keyTicks(of: item) > 0 {
                state.provider.setKeyTicks(of: item, state.provider.keyTicks(of: item) - 1)
            }
        }
        for index in 0..<brokerCount where isLive(index, state) && state.brokers[index].paused {
            precondition(Int(state.brokers[index].pausedTicks) < configuration.maxPauseTicks, "a pause outlasts its bound")
            state.brokers[index].pausedTicks += 1
        }
        for index in 0..<brokerCount where isRunning(index, state) {
            var broker = state.brokers[index]
            if lagging & (1 << index) != 0 {
                broker.lag += 1
            } else {
                if broker.deadline > 0 { broker.deadline -= 1 }
                if broker.refreshTimer > 0 { broker.refreshTimer -= 1 }
                if broker.pendingDeadline > 0 { broker.pendingDeadline -= 1 }
                // A whole tick without an answer: the request or its answer was lost, or (with
                // latency) is still on its way; either way the call times out.
                if broker.sessionAwaitsResponse { broker.sessionTimedOut = true }
                if broker.worker.awaitsResponse { broker.workerTimedOut = true }
                if broker.worker == .waitingForTick { broker.worker = .idle }
            }
            state.brokers[index] = broker
        }
    }

    func crash(_ index: Int, _ state: inout State) {
        var crashed = BrokerState()
        crashed.session = .crashed
        state.brokers[index] = crashed
        // What it sent is still on its way; what was on its way to it is lost with it.
        state.network.removeAll { $0.receiver == .broker && $0.broker == index }
        state.store.watchCursor[index] = 0
        state.crashesUsed += 1
    }

    /// A compaction up to the current revision: every watch that still had an event to
    /// deliver (its cursor at or below the revision) is cancelled, as etcd cancels a watcher
    /// whose next revision was compacted.
    func compact(_ state: inout State) {
        state.compactionsUsed += 1
        state.store.compactedRevision = state.store.revision
        for index in 0..<brokerCount {
            let cursor = state.store.watchCursor[index]
            guard cursor > 0 && cursor <= state.store.revision else { continue }
            state.store.watchCursor[index] = 0
            send(.watchCancelled, to: index, state.store.revision, 0, &state)
        }
    }

    /// The store's Raft group elects a new leader. Its lessor is promoted and extends every
    /// lease by an election timeout, from the lease's checkpointed remaining TTL or (etcd 3.4
    /// without checkpoints) from its full TTL, so a lease lives longer than anyone timed it.
    func storeLeaderChange(_ state: inout State) {
        state.storeLeaderChangesUsed += 1
        let extend = UInt8(configuration.electionTimeoutTicks)
        for index in 0..<brokerCount where state.store.leaseTTL[index] > 0 {
            state.store.leaseTTL[index] = (variant.leaseCheckpoints ? state.store.leaseTTL[index] : leaseTTL) + extend
        }
    }

    /// Forgets the history no watch can still ask for: below every live watch's cursor and
    /// every watch start a follower may still request. Nothing reads those bits, so states
    /// that differ only there behave alike.
    func compactHistory(_ state: inout State) {
        var lowest = Int.max
        for index in 0..<brokerCount {
            let cursor = Int(state.store.watchCursor[index])
            if cursor > 0 { lowest = min(lowest, cursor) }
            if variant.watchesFromReadRevision && state.brokers[index].session == .revokingToWatch {
                lowest = min(lowest, Int(state.brokers[index].readRevision) + 1)
            }
        }
        for message in state.network.messages {
            switch message.kind {
            case .txnLost where variant.watchesFromReadRevision:
                lowest = min(lowest, Int(message.first) + 1)
            case .rangeResult where variant.watchesFromReadRevision && message.second != 0:
                lowest = min(lowest, Int(message.first) + 1)
            case .watchCreate where message.first != 0:
                lowest = min(lowest, Int(message.first))
            default:
                break
            }
        }
        if lowest == Int.max {
            state.store.deleteRevisions = 0
        } else if lowest < 64 {
            state.store.deleteRevisions &= ~((UInt64(1) << UInt64(lowest)) &- 1)
        }
    }
}
