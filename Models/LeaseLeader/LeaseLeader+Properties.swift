import ModelChecker

/// The named claims of issues 5 and 6, checked on every variant.
extension LeaseLeader {
    public var properties: [Property<LeaseLeader>] {
        [
            .always(.atMostOnceCharge,
                    summary: "the ledger never holds two accepted charges for one (subscription, period)") { model, state in
                (0..<model.itemCount).allSatisfy { state.provider.charges(of: $0) <= 1 }
            },
            .always(.acceptedEpochsMonotone,
                    summary: "the provider never accepts a request from a leader elected before one whose request "
                        + "it already accepted (checked from the log's ghost election revisions)") { _, state in
                !state.provider.acceptedEarlierEpoch
            },
            .always(.noWinOverLiveKey,
                    summary: "a campaign never succeeds while another broker's leader key is live") { _, state in
                !state.store.wonOverLiveKey
            },
            .always(.noTwoBelieversWithoutPause,
                    summary: "in a run without any pause, two brokers never both believe they lead "
                        + "(the clock question of issue 6)") { model, state in
                state.pausesUsed > 0 || state.believers(count: model.brokerCount) < 2
            },
            .sometimes(.chargeMade, summary: "a charge reaches the ledger") { _, state in
                state.provider.ledger != 0
            },
            .sometimes(.failover, summary: "a second broker is elected") { _, state in
                state.everLed.nonzeroBitCount >= 2
            },
            .sometimes(.twoBrokersBelieveTheyLead,
                       summary: "two brokers both believe they lead at once (why fencing exists)") { model, state in
                state.believers(count: model.brokerCount) >= 2
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
