import ModelChecker

/// The stable, injective encoding of a state and its renaming under broker symmetry. Every
/// field is written at a fixed width for the configuration (the message bag with a count), so
/// two different states never share bytes, and nothing depends on Swift's seeded hashing.
extension LeaseLeader {
    public func encode(_ state: State, into encoder: inout StateEncoder) {
        let store = state.store
        encoder.append(store.revision)
        encoder.append(store.keyOwner)
        encoder.append(store.keyCreateRevision)
        encoder.append(store.keyModRevision)
        encoder.append(store.deleteRevisions)
        encoder.append(store.wonOverLiveKey)
        encoder.append(store.compactedRevision)
        encoder.append(store.deadHolderTicks)
        for index in 0..<brokerCount {
            encoder.append(store.leaseTTL[index])
            encoder.append(store.leaseID[index])
            encoder.append(store.watchCursor[index])
            encoder.append(store.watchLag[index])
            encode(state.brokers[index], into: &encoder)
        }
        encoder.append(state.database.due)
        encoder.append(state.database.intents)
        encoder.append(state.database.recorded)
        encoder.append(state.database.fenceToken)
        let provider = state.provider
        encoder.append(provider.ledger)
        encoder.append(provider.keyTicksLeft)
        encoder.append(provider.highestToken)
        encoder.append(provider.sentByBelievers)
        encoder.append(provider.sentUnderTwoRevisions)
        encoder.append(provider.sentAfterLeaseExpiry)
        encoder.append(state.pausesUsed)
        encoder.append(state.crashesUsed)
        encoder.append(state.lossesUsed)
        encoder.append(state.delaysUsed)
        encoder.append(state.compactionsUsed)
        encoder.append(state.storeLeaderChangesUsed)
        encoder.append(state.everLed)
        encoder.appendCount(state.network.count)
        for index in 0..<state.network.count { encoder.append(state.network[index].raw) }
    }

    private func encode(_ broker: BrokerState, into encoder: inout StateEncoder) {
        encoder.append(broker.session.rawValue)
        encoder.append(broker.worker.rawValue)
        var flags: UInt8 = 0
        if broker.paused { flags |= 1 }
        if broker.deposed { flags |= 2 }
        if broker.refreshOutstanding { flags |= 4 }
        if broker.sessionTimedOut { flags |= 8 }
        if broker.workerTimedOut { flags |= 16 }
        if broker.pausedThisLease { flags |= 32 }
        encoder.append(flags)
        encoder.append(broker.item)
        encoder.append(broker.electionRevision)
        encoder.append(broker.readRevision)
        encoder.append(broker.deadline)
        encoder.append(broker.refreshTimer)
        encoder.append(broker.lag)
        encoder.append(broker.pausedTicks)
        encoder.append(broker.workerToken)
        encoder.append(broker.pendingDeadline)
        encoder.append(broker.lease)
    }

    /// Broker i becomes broker permutation[i]: its local state, its lease and watch at the
    /// store, the key's owner, the messages naming it (the bag is re-sorted) and the ghost.
    public func permuting(_ state: State, by permutation: [Int]) -> State {
        precondition(permutation.count == brokerCount, "a permutation renames every broker")
        var next = state
        next.brokers = state.brokers.permuted(by: permutation, count: brokerCount)
        next.store.leaseTTL = state.store.leaseTTL.permuted(by: permutation, count: brokerCount)
        next.store.leaseID = state.store.leaseID.permuted(by: permutation, count: brokerCount)
        next.store.watchCursor = state.store.watchCursor.permuted(by: permutation, count: brokerCount)
        next.store.watchLag = state.store.watchLag.permuted(by: permutation, count: brokerCount)
        if state.store.keyOwner != 0 { next.store.keyOwner = UInt8(permutation[Int(state.store.keyOwner) - 1] + 1) }
        var network = MessageBag()
        for message in state.network.messages { network.insert(message.renaming(by: permutation)) }
        next.network = network
        var everLed: UInt8 = 0
        for index in 0..<brokerCount where state.everLed & (1 << UInt8(index)) != 0 { everLed |= 1 << UInt8(permutation[index]) }
        next.everLed = everLed
        var sent: UInt16 = 0
        for item in 0..<itemCount {
            for index in 0..<brokerCount where state.provider.sentBy(index, item: item) {
                sent |= 1 << UInt16(3 * item + permutation[index])
            }
        }
        next.provider.sentByBelievers = sent
        return next
    }
}
