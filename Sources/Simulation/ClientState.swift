import KeyValue

/// The simulator's side of one client: its open call, the history process it records under,
/// its leases and watches.
struct ClientState: Sendable {
    struct Open: Sendable {
        var id: UInt64
        var process: Int
        var invokedAt: Int64
        var request: Request
    }

    var open: Open?
    /// Bumped after an unknown outcome: the client continues as a new history process.
    var generation = 0
    var nextRequestAt: Int64 = 0
    /// Leases it was granted (or may have been) and has not seen end, oldest first.
    var leases: [Int64] = []
    var leasesGranted = 0
    /// The highest revision its answers have shown (a watch may start from any before it).
    var revisionSeen: Int64 = 1
    /// Watches it opened.
    var watches = 0
    /// When it opens its second watch, from a revision in the past.
    var secondWatchAt: Int64 = 0
}
