/// The model's own structural invariants: what every reachable state must look like for the
/// model to mean what it says. Checked after every step in debug builds (tests), so a broken
/// transition fails loudly at the step that broke it rather than as a wrong verdict.
extension LeaseLeader {
    /// The first invariant `state` breaks, or nil.
    public func checkInvariants(_ state: State) -> String? {
        let store = state.store
        if Int(store.revision) > StoreState.revisionMax { return "revision \(store.revision) beyond the history" }
        if store.deleteRevisions >> UInt64(store.revision + 1) != 0 { return "history beyond the current revision" }
        if store.keyOwner != 0 {
            let owner = Int(store.keyOwner) - 1
            if owner >= brokerCount { return "the key names a broker that does not exist" }
            if store.leaseTTL[owner] == 0 { return "the key outlives its lease" }
            if store.keyCreateRevision < 2 || store.keyCreateRevision > store.keyModRevision { return "create revision after mod revision" }
            if store.keyModRevision > store.revision { return "mod revision beyond the store's revision" }
        } else if store.keyCreateRevision != 0 || store.keyModRevision != 0 {
            return "an absent key keeps revisions"
        }
        if Int(state.pausesUsed) > configuration.maxPauses { return "pauses beyond the budget" }
        if Int(state.crashesUsed) > configuration.maxCrashes { return "crashes beyond the budget" }
        if Int(state.lossesUsed) > configuration.maxLosses { return "losses beyond the budget" }
        if Int(state.delaysUsed) > configuration.maxDelayedMessages { return "delays beyond the budget" }
        if Int(state.compactionsUsed) > configuration.maxCompactions { return "compactions beyond the budget" }
        if Int(state.storeLeaderChangesUsed) > configuration.maxStoreLeaderChanges { return "store leader changes beyond the budget" }
        if store.compactedRevision > store.revision { return "compacted beyond the current revision" }
        if store.deadHolderTicks != 0 && (store.keyOwner == 0 || !state.brokers[Int(store.keyOwner) - 1].isCrashed) {
            return "a dead holder's ghost without a dead holder's key"
        }
        if let problem = checkNetwork(state) { return problem }
        if state.database.recorded & ~state.database.due != 0 { return "an item recorded before it fell due" }
        if state.database.due >> UInt8(itemCount) != 0 { return "a due item beyond the items" }
        if state.database.intents & ~state.database.due != 0 { return "an intent for an item not due" }
        if state.database.intents & state.database.recorded != 0 { return "an intent outlives its record" }
        if Int(state.database.fenceToken) > Int(store.revision) { return "a database token from the future" }
        if !variant.databaseFencing && state.database.fenceToken != 0 { return "a fence in an unfenced database" }
        if !variant.writesIntent && state.database.intents != 0 { return "an intent in a design that writes none" }
        if Int(state.provider.highestToken) > Int(store.revision) { return "a token from the future" }
        if state.provider.ledger >> UInt8(2 * itemCount) != 0 { return "a charge for an item that does not exist" }
        if state.provider.keyTicksLeft >> UInt16(4 * itemCount) != 0 { return "a key for an item that does not exist" }
        if state.provider.sentByBelievers >> UInt16(3 * itemCount) != 0 { return "a ghost send beyond the items" }
        for item in 0..<itemCount {
            if state.provider.keyTicks(of: item) > configuration.keyRetentionTicks { return "a key kept beyond its retention" }
            if state.provider.keyTicks(of: item) > 0 && state.provider.charges(of: item) == 0 { return "a key without a charge" }
            if !variant.sendsIdempotencyKey && state.provider.keyTicks(of: item) != 0 { return "a key in a design that sends none" }
            if state.provider.charges(of: item) > 0 && state.database.recorded & bit(item) == 0
                && state.database.intents & bit(item) == 0 && variant.writesIntent {
                return "a charge in the ledger with neither an intent nor a record"
            }
        }
        if state.everLed >> UInt8(brokerCount) != 0 { return "a ghost leader beyond the brokers" }
        var crashed = 0
        for index in 0..<BrokerSlots<UInt8>.capacity where index >= brokerCount {
            if state.brokers[index] != BrokerState() || store.leaseTTL[index] != 0 || store.watchCursor[index] != 0 {
                return "slot \(index) beyond the brokers is in use"
            }
        }
        for index in 0..<brokerCount {
            let broker = state.brokers[index]
            let name = "broker-\(index + 1)"
            if Int(store.leaseTTL[index]) > configuration.leaseLifetimeMaxTicks { return "\(name)'s lease TTL beyond its longest life" }
            if (store.leaseTTL[index] == 0) != (store.leaseID[index] == 0) { return "\(name)'s lease id without a live lease" }
            if !variant.uniqueLeaseIds && store.leaseID[index] > 1 { return "\(name)'s lease named other than by its index" }
            if broker.isCrashed {
                crashed += 1
                var expected = BrokerState()
                expected.session = .crashed
                if broker != expected { return "\(name) crashed but keeps state" }
                if state.network.contains(where: { $0.receiver == .broker && $0.broker == index }) {
                    return "a message waits for crashed \(name)"
                }
            }
            if Int(broker.lag) > configuration.maxDriftTicks { return "\(name)'s clock lags beyond the drift bound" }
            if Int(broker.pausedTicks) > configuration.maxPauseTicks || (!broker.paused && broker.pausedTicks != 0) {
                return "\(name)'s pause outside its bound"
            }
            if (broker.worker == .idle || broker.worker == .waitingForTick) != (broker.workerToken == 0) {
                return "\(name)'s worker token outside an exchange"
            }
            if !believes(broker) && (0..<itemCount).contains(where: { state.provider.sentBy(index, item: $0) }) {
                return "\(name) keeps a ghost send after its belief ended"
            }
            if broker.deadline > leaseTTL || broker.refreshTimer > refreshInterval { return "\(name)'s timers beyond their bounds" }
            let holdsLease: Bool
            switch broker.session {
            case .awaitingTxn, .awaitingRange, .awaitingPut, .leader: holdsLease = true
            default: holdsLease = false
            }
            if !holdsLease && (broker.deadline != 0 || broker.refreshTimer != 0) { return "\(name) times a lease it does not hold" }
            let knowsLease = holdsLease || broker.session == .revokingToWatch || broker.session == .revokingToCampaign
            if knowsLease != (broker.lease != 0) { return "\(name)'s lease id outside the phases that hold one" }
            let timesSend = broker.session == .awaitingGrant || (broker.session == .leader && broker.refreshOutstanding)
            if broker.pendingDeadline > deadlineFromSendTicks || (!timesSend && broker.pendingDeadline != 0) {
                return "\(name) times a send it did not make"
            }
            if (broker.session == .leader || broker.session == .staleLeader) != (broker.electionRevision != 0) {
                return "\(name)'s election revision does not match its phase"
            }
            if (broker.session == .revokingToWatch) != (broker.readRevision != 0) { return "\(name)'s read revision outside its phase" }
            if (broker.deposed || broker.refreshOutstanding) && broker.session != .leader { return "\(name) leader flags outside leadership" }
            if broker.sessionTimedOut && !broker.sessionAwaitsResponse { return "\(name) timed out waiting for nothing" }
            if broker.workerTimedOut && !broker.worker.awaitsResponse { return "\(name)'s worker timed out waiting for nothing" }
            let charging = broker.worker.holdsItem
            if charging ? Int(broker.item) >= itemCount : broker.item != 0 { return "\(name)'s item outside a charge" }
            if store.watchCursor[index] != 0 && broker.session != .watching { return "\(name) holds a watch but does not follow" }
            if store.watchLag[index] != 0 && store.watchCursor[index] == 0 { return "\(name)'s watch stream is slowed without a watch" }
            if store.watchLag[index] > maxDelay + 1 { return "\(name)'s watch event waited beyond the delay bound" }
        }
        if crashed != Int(state.crashesUsed) { return "crash count does not match the crashed brokers" }
        return nil
    }

    /// The network's shape: ages within the delay bound, only requests abandoned, and at most
    /// one exchange per thread that its broker still listens to (the design's bound on
    /// messages in flight; the abandoned requests are bounded by the delay).
    func checkNetwork(_ state: State) -> String? {
        var listened = [Int](repeating: 0, count: 2 * brokerCount)
        for message in state.network.messages {
            if message.broker >= brokerCount { return "a message names a broker that does not exist" }
            if message.age > maxDelay { return "a message older than the delay bound" }
            if message.isAbandoned && message.receiver == .broker { return "an answer to a cancelled call" }
            if !message.isAbandoned { listened[2 * message.broker + (message.isSessionTraffic ? 0 : 1)] += 1 }
            if !message.isSlow && message.age != 0 { return "a message aged without being slowed" }
            if maxDelay == 0 && (message.isAbandoned || message.isSlow) { return "a cancelled or slowed call without latency" }
        }
        for index in 0..<brokerCount {
            if listened[2 * index] > 1 { return "broker-\(index + 1) has two session exchanges under way" }
            if listened[2 * index + 1] > 1 { return "broker-\(index + 1) has two charging exchanges under way" }
        }
        return nil
    }
}
