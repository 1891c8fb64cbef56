import KeyValue
import Raft

/// What one input to a `StoreNode` produced, for the simulator to deliver and audit.
public struct StoreNodeOutput: Sendable {
    public var messages: [RaftMessage] = []
    /// Replies and watch responses, per client, in the order they were produced.
    public var replies: [(client: Int, NodeMessage)] = []
    /// (index, term, digest) of each applied entry, in order.
    public var applied: [(index: UInt64, term: UInt64, digest: UInt64)] = []
    /// Writes answered `ok`: the index of their entry and its digest.
    public var acknowledged: [(index: UInt64, digest: UInt64)] = []
    /// What each applied request did (its events and lease changes), by entry index.
    public var results: [(index: UInt64, result: ApplyResult)] = []
    /// Entries written to the log (appended or overwriting), for the log-matching audit.
    public var appended: [LogEntry] = []
    /// Whether a Ready of this input synced the disk (its messages leave after the latency).
    public var synced = false
    /// The store's new revisions and their events, as applied (for the watch audit).
    public var revisions: [(revision: Int64, events: [Event])] = []
    /// Leases the store expired (an applied expiry that removed the lease).
    public var expired: [Int64] = []
    /// What the node saw go wrong in the store (a lease removed without deleting its keys).
    public var problems: [String] = []

    public init() {}

    mutating func absorb(_ other: StoreNodeOutput) {
        messages += other.messages
        replies += other.replies
        applied += other.applied
        acknowledged += other.acknowledged
        results += other.results
        appended += other.appended
        synced = synced || other.synced
        revisions += other.revisions
        expired += other.expired
        problems += other.problems
    }
}

extension StoreNodeOutput {
    /// An output of watch responses only.
    init(watch deliveries: [WatchHub.Delivery]) {
        self.init()
        replies = deliveries.map { (Int($0.owner), .watch($0.response)) }
    }
}
