import Election

/// What the broker asks its driver to do.
public enum BrokerAction: Hashable, Sendable {
    /// The election recipe's requests, watches and events (see `ElectionAction`).
    case election(ElectionAction)
    case database(op: UInt64, DatabaseRequest)
    case charge(ChargeRequest)
    case event(BrokerEvent)
}

public enum BrokerEvent: Hashable, Sendable {
    case startedLeading(fencingToken: Int64)
    case intentRecorded(ChargeKey)
    case chargeSent(ChargeKey, attempt: Int)
    case chargeRecorded(ChargeKey, chargeID: Int64)
    case stopped(StopReason)
}

public enum StopReason: Hashable, Sendable {
    /// The election said the session or the key is gone.
    case leadershipLost
    /// A fenced write was refused: a successor wrote with a higher token.
    case fenceRefused(highestToken: Int64)
    case shutdown
}
