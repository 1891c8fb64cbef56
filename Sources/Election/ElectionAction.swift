import KeyValue

/// What the recipe asks its driver to do. Requests and watches are in the store's own terms
/// (etcd's v3 API), so a driver maps them onto a `StoreClient` or a real etcd client; each
/// carries the recipe's own number, which the driver hands back with the outcome or events.
public enum ElectionAction: Hashable, Sendable {
    case send(op: UInt64, Request)
    /// Watch the range from `startRevision` (never 0: the recipe always knows where it read).
    case watch(id: UInt64, KeyRange, startRevision: Int64)
    case cancelWatch(id: UInt64)
    /// For observers (and the simulation's figures); nothing to do.
    case event(ElectionEvent)
}
