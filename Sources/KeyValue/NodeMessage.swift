/// What a node sends a client.
public enum NodeMessage: Hashable, Sendable {
    case reply(id: UInt64, Reply)
    case watch(WatchResponse)
}
