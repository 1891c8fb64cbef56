import ModelChecker

/// The named claims of issues 5, 6 and 14, checked on every variant. The safety claims are
/// about the protocol, not the provider: the provider enforces nothing but its keys, which it
/// forgets after the retention.
extension LeaseLeader {
    public var properties: [Property<LeaseLeader>] {
        [
            .always(.atMostOnceCharge,
                    summary: "the ledger never holds two charges for one (subscription, period)") { model, state in
                (0..<model.itemCount).allSatisfy { state.provider.charges(of: $0) <= 1 }
            },
            .always(.noItemSentUnderTwoRevisions,
                    summary: "in a run without any pause, no item is sent to the provider under two different election "
                        + "revisions while both senders believed they led (the request log's ghost)") { _, state in
                state.pausesUsed > 0 || !state.provider.sentUnderTwoRevisions
            },
            .always(.noChargeAfterLeaseExpiry,
                    summary: "in a run without any pause, no charge is sent by a broker whose lease had already expired "
                        + "at the store") { _, state in
                state.pausesUsed > 0 || !state.provider.sentAfterLeaseExpiry
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
            .alwaysPossibly(.allDueChargesRecorded, applicable: configuration.liveness,
                            summary: "from every state, a state remains reachable in which every due (subscription, "
                                + "period) is charged exactly once and recorded",
                            goal: { model, state in model.allDueChargesRecorded(state) }),
        ]
    }

    /// The liveness goal: every due item is charged exactly once in the ledger and recorded.
    public func allDueChargesRecorded(_ state: State) -> Bool {
        (0..<itemCount).allSatisfy { item in
            state.database.due & bit(item) == 0
                || (state.provider.charges(of: item) == 1 && state.database.recorded & bit(item) != 0)
        }
    }
}
