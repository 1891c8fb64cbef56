/// What a watch reports (etcd's `WatchResponse`): events of whole revisions in revision order,
/// the creation, a cancellation (with the compaction revision when the watch started below it),
/// or a progress notification (no events: everything up to `revision` was reported).
public struct WatchResponse: Hashable, Sendable {
    public var watchID: Int64
    /// The revision the serving node had applied when it sent this.
    public var revision: Int64
    public var created: Bool
    public var canceled: Bool
    public var compactRevision: Int64
    public var cancelReason: String
    public var events: [Event]

    public init(watchID: Int64, revision: Int64, created: Bool = false, canceled: Bool = false, compactRevision: Int64 = 0,
                cancelReason: String = "", events: [Event] = []) {
        self.watchID = watchID
        self.revision = revision
        self.created = created
        self.canceled = canceled
        self.compactRevision = compactRevision
        self.cancelReason = cancelReason
        self.events = events
    }

    public var isProgressNotification: Bool { events.isEmpty && !created && !canceled }
}
