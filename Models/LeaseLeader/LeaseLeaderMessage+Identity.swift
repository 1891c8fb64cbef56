extension LeaseLeader.Message: CustomDebugStringConvertible {
    /// The message's fields by name: how it appears in an action's stable identity (`actionId`).
    public var debugDescription: String {
        "\(kind)(broker: \(broker), first: \(first), second: \(second), keyLease: \(keyLease))"
    }
}
