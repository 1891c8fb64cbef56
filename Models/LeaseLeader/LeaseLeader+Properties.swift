import ModelChecker

/// The named claims of issues 5, 6, 14 and 15, checked on every variant. The safety claims are
/// about the protocol, not the provider: the provider enforces nothing but its keys, which it
/// forgets after the retention.
///
/// **Why the request log's two claims excuse pauses.** `noItemSentUnderTwoRevisions` and
/// `noChargeAfterLeaseExpiry` are about the broker's clock discipline: its deadline must end
/// before its lease. A stop-the-world pause falls between any check a broker makes and the
/// send that follows it, and a paused broker's clock stops with it, so a broker that paused
/// since it asked for its lease can send after its lease expired whatever the design does
/// (issue 14's premise; the fence, the key and the lookup are what keep its charge single).
/// Counted over such runs the claims would fail for every design and tell nothing apart.
/// Issue 14 excused every run with any pause; that was coarser than the argument: a pause of
/// one broker says nothing about another broker's clock, and it hid any send after expiry
/// that merely happened in a run where someone else had paused. The ghost now excuses only a
/// send whose sender (or, for two revisions, either sender) paused since it asked for its
/// current lease (`BrokerState.pausedThisLease`).
extension LeaseLeader {
    public var properties: [Property<LeaseLeader>] {
        [
            .always(.atMostOnceCharge,
                    summary: "the ledger never holds two charges for one (subscription, period)") { model, state in
                (0..<model.itemCount).allSatisfy { state.provider.charges(of: $0) <= 1 }
            },
            .always(.noItemSentUnderTwoRevisions,
                    summary: "no item is sent to the provider under two different election revisions while both senders "
                        + "believed they led, unless one of them paused during its lease (the request log's ghost)") { _, state in
                !state.provider.sentUnderTwoRevisions
            },
            .always(.noChargeAfterLeaseExpiry,
                    summary: "no charge is sent by a broker whose lease had already expired at the store, unless it "
                        + "paused during that lease") { _, state in
                !state.provider.sentAfterLeaseExpiry
            },
            .always(.noWinOverLiveKey,
                    summary: "a campaign never succeeds while another broker's leader key is live") { _, state in
                !state.store.wonOverLiveKey
            },
            .always(.noTwoBelieversWithoutPause,
                    summary: "in a run without any pause, two brokers never both believe they lead "
                        + "(the clock question of issue 6)") { model, state in
                state.pausesUsed > 0 || model.believerCount(state) < 2
            },
            .always(.deadHolderKeyGoneInTime,
                    summary: "a crashed holder's key is deleted within TTL + max delay + one election timeout per store "
                        + "leader change, what a follower must assume about failover (etcd #9888)") { model, state in
                Int(state.store.deadHolderTicks) < model.deadHolderTicksMax(state)
            },
            .sometimes(.chargeMade, summary: "a charge reaches the ledger") { _, state in
                state.provider.ledger != 0
            },
            .sometimes(.failover, summary: "a second broker is elected") { _, state in
                state.everLed.nonzeroBitCount >= 2
            },
            .sometimes(.twoBrokersBelieveTheyLead,
                       summary: "two brokers both believe they lead at once (why fencing exists)") { model, state in
                model.believerCount(state) >= 2
            },
            .sometimes(.keyForgotten, applicable: variant.keysExpire && variant.sendsIdempotencyKey,
                       summary: "the provider forgets the key of a charge it made (the retention is reached)") { model, state in
                (0..<model.itemCount).contains { state.provider.charges(of: $0) > 0 && state.provider.keyTicks(of: $0) == 0 }
            },
            .sometimes(.keyOutlivesDeadHolder, applicable: configuration.maxStoreLeaderChanges > 0,
                       summary: "a crashed holder's key outlives it by a whole TTL (a store leader change extended its "
                        + "lease)") { model, state in
                Int(state.store.deadHolderTicks) >= Int(model.leaseTTL)
            },
            .alwaysPossibly(.allDueChargesRecorded, applicable: configuration.liveness,
                            summary: "from every state, a state remains reachable in which every due (subscription, "
                                + "period) is charged exactly once and recorded",
                            goal: { model, state in model.allDueChargesRecorded(state) }),
        ]
    }

    /// The bound on how long a key outlives its crashed holder: the holder's last refresh may
    /// reach the store up to the delay bound after the crash, the lease then runs its TTL, and
    /// each store leader change so far extends it by an election timeout (from its remaining
    /// TTL, with checkpoints; without them from the full TTL, which breaks the bound).
    func deadHolderTicksMax(_ state: State) -> Int {
        Int(leaseTTL) + Int(maxDelay) + Int(state.storeLeaderChangesUsed) * configuration.electionTimeoutTicks
    }

    /// The liveness goal: every due item is charged exactly once in the ledger and recorded.
    public func allDueChargesRecorded(_ state: State) -> Bool {
        (0..<itemCount).allSatisfy { item in
            state.database.due & bit(item) == 0
                || (state.provider.charges(of: item) == 1 && state.database.recorded & bit(item) != 0)
        }
    }
}
