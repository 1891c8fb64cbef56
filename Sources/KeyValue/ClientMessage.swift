/// What a client sends a node.
public enum ClientMessage: Hashable, Sendable {
    case request(id: UInt64, Request)
    case watchCreate(WatchCreateRequest)
    case watchCancel(watchID: Int64)
    /// Ask for a progress notification on every watch of this client.
    case progressRequest
}
