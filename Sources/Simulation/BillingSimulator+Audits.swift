import Billing

extension BillingSimulator {
    /// Judges the finished run from the provider's log and ledger, the database and the store's
    /// history; measures the handovers and the overlap of beliefs.
    func audit() -> BillingSeedResult {
        var result = BillingSeedResult(seed: configuration.seed, faults: faults)
        result.outsideAssumption = beyondRetention.first.map {
            "\($0), the retention is \(configuration.retentionMilliseconds) ms (max pause + delay < retention does not hold)"
        }
        result.charges = provider.ledger.count
        result.chargeRequests = provider.log.count
        result.overlapMilliseconds = overlapMilliseconds
        result.failovers = failovers()
        result.trace = trace
        let calendar = database.calendar
        let end = configuration.endMilliseconds
        let atMostOnce = BillingAudits.atMostOnce(ledger: provider.ledger, plans: plans, calendar: calendar)
        add(&result, atMostOnce, decided: !provider.ledger.isEmpty)
        add(&result, BillingAudits.noChargeAfterLeaseExpired(log: provider.log, leases: history.leases), decided: !provider.log.isEmpty)
        add(&result, BillingAudits.noItemUnderTwoRevisionsAtOnce(log: provider.log), decided: !provider.log.isEmpty)
        add(&result, BillingAudits.writesInTokenOrder(database.writeLog), decided: !database.writeLog.isEmpty)
        let atLeastOnce = BillingAudits.atLeastOnce(ledger: provider.ledger, plans: plans, calendar: calendar,
                                                    healedAt: configuration.faultPhaseMilliseconds,
                                                    boundMilliseconds: configuration.atLeastOnceBoundMilliseconds, end: end)
        add(&result, atLeastOnce.result, decided: atLeastOnce.decided)
        let quiescent = BillingAudits.ledgerMatchesDatabase(ledger: provider.ledger, intents: database.sortedIntents, plans: plans,
                                                            calendar: calendar, dueBy: end - configuration.atLeastOnceBoundMilliseconds)
        add(&result, quiescent, decided: true)
        add(&result, "noWinOverLiveKey", history.takeovers)
        let takeover = takeoverProblems()
        result.judgedTakeovers = takeover.judged
        add(&result, "followerTakesOver", takeover.problems)
        add(&result, "watchesStartAfterWhatWasSeen", watchStartViolations)
        add(&result, "healthyLeaderCharges", stalls)
        add(&result, "electionSafety", monitor.electionViolations)
        add(&result, "stateMachineSafety", monitor.stateMachineViolations)
        precondition(result.audits.map(\.name) == BillingSeedResult.auditNames, "audits in their declared order")
        return result
    }

    func add(_ result: inout BillingSeedResult, _ audit: AuditResult, decided: Bool) {
        let outcome: AuditOutcome = audit.passed ? (decided ? .passed : .undecided) : .failed
        result.audits.append((audit.name.rawValue, outcome))
        if outcome != .passed { result.explanations.append((audit.name.rawValue, audit.explanation)) }
    }

    func add(_ result: inout BillingSeedResult, _ name: String, _ problems: [String]) {
        result.audits.append((name, problems.isEmpty ? .passed : .failed))
        if !problems.isEmpty { result.explanations.append((name, problems.joined(separator: "\n"))) }
    }

    /// Each deletion of the key with a broker ready to take over and no store fault or fault of
    /// that broker around it: a new key must exist within the bound (a follower saw the DELETE).
    /// A broker whose watch stream was slow to open is given the bound from its opening.
    func takeoverProblems() -> (problems: [String], judged: Int) {
        let bound = configuration.takeoverBoundMilliseconds, quiet = configuration.takeoverQuietMilliseconds
        var problems: [String] = []
        var judged = 0
        for candidate in takeoverCandidates {
            let deleted = candidate.deletedAt
            var deadlines: [Int64] = []
            for broker in candidate.brokers {
                let opens = slowWatches[broker].filter { $0.contains(deleted) }.map(\.upperBound).max() ?? deleted
                let deadline = opens + bound
                guard deadline <= configuration.endMilliseconds else { continue }
                guard !storeFaultTimes.contains(where: { ((deleted - quiet)...deadline).contains($0) }) else { continue }
                guard !brokerFaultTimes[broker].contains(where: { (deleted...deadline).contains($0) }) else { continue }
                deadlines.append(deadline)
            }
            guard let deadline = deadlines.min() else { continue }
            judged += 1
            let next = history.holders.first { $0.createdAt >= deleted }
            if let next, next.createdAt <= deadline { continue }
            let when = next.map { "only at \($0.createdAt) ms" } ?? "never"
            problems.append("the key of revision \(candidate.token) was deleted at \(deleted) ms with brokers \(candidate.brokers) ready; owed a new key by \(deadline) ms, it came \(when)")
        }
        return (problems, judged)
    }

    /// Each handover of the key: from the previous holder's last refresh at the store to the
    /// new key's creation, and to the new holder's first charge request.
    func failovers() -> [FailoverFigure] {
        var firstCharge: [Int64: Int64] = [:]
        for entry in provider.log where firstCharge[entry.request.fencingToken].map({ entry.sentAt < $0 }) ?? true {
            firstCharge[entry.request.fencingToken] = entry.sentAt
        }
        var figures: [FailoverFigure] = []
        for (previous, next) in zip(history.holders, history.holders.dropFirst()) {
            guard let cause = previous.cause, let refreshed = history.lastRefreshAt[previous.lease] else { continue }
            // A holder refreshed after the next key was created did not fail over: only a
            // campaign that overwrites a live key makes this (the audits judge that).
            guard refreshed <= next.createdAt else { continue }
            figures.append(FailoverFigure(fencingToken: next.token, cause: cause, toCampaignMilliseconds: next.createdAt - refreshed,
                                          toFirstChargeMilliseconds: firstCharge[next.token].map { $0 - refreshed }))
        }
        return figures
    }

    /// Liveness under a healthy leader: while the key has been held for `stallBoundMilliseconds`
    /// by the lease of a broker that is running, connected and unfaulted, with the store's
    /// leader unfaulted, no item may stay due and uncharged for that long. Ground truth only:
    /// the store's key, the wire's record of whom a lease was granted to, the processes'
    /// states, the provider's ledger.
    mutating func checkHolderCharges() {
        let bound = configuration.stallBoundMilliseconds
        guard let holder = history.holders.last, holder.removedAt == nil, let owner = leaseOwner[holder.lease] else {
            healthyHolderSince = nil
            return
        }
        let process = brokers[owner]
        let recent = (now - bound)...now
        let healthy = process.up && !process.isPaused(at: now) && !process.cutFromStore && process.congestedUntil <= now
            && !brokerFaultTimes[owner].contains(where: { recent.contains($0) }) && !storeFaultTimes.contains(where: { recent.contains($0) })
        guard healthy else {
            healthyHolderSince = nil
            return
        }
        let since = healthyHolderSince ?? now
        healthyHolderSince = since
        guard now - since >= bound, stalls.count < 16 else { return }
        for plan in plans {
            var period = 0
            while charged.contains(ChargeKey(subscription: plan.id, period: period)) { period += 1 }
            let due = database.calendar.start(ofDay: plan.dueDay(ofPeriod: period))
            guard now - max(due, since) >= bound else { continue }
            stalls.append("at \(now) ms \(plan.id)/\(period), due at \(due) ms, is uncharged while broker \(owner) has held the key (revision \(holder.token)) healthy since \(since) ms")
            healthyHolderSince = nil
            return
        }
    }
}
