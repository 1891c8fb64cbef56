import KeyValue

/// The simulator's side of one client: its open calls (one per lane), the history process each
/// lane records under, its leases and watches, and, with an offered rate, the arrivals waiting
/// for a free lane.
struct ClientState: Sendable {
    struct Open: Sendable {
        var id: UInt64
        var process: Int
        var invokedAt: Int64
        var request: Request
        /// Its invoke line in the history (`HistoryRecorder.records`).
        var invokeLine: Int
    }

    /// One call at a time, as one history process: concurrent calls on one etcd client
    /// connection are concurrent processes. A closed-loop client has one lane; with an offered
    /// rate a client opens lanes as arrivals need them, up to `callsPerClientMax`.
    struct Lane: Sendable {
        var open: Open?
        /// The history process of the lane's calls; a fresh one after an unknown outcome.
        var process: Int
    }

    var lanes: [Lane] = []
    /// History processes this client has started (lanes opened plus unknown outcomes): the next
    /// one is `client + clientCount * processesStarted`, so processes of clients never collide.
    var processesStarted = 0
    var nextRequestAt: Int64 = 0
    /// With an offered rate: when the next request arrives (simulated microseconds, so that
    /// rates whose mean interval is not a whole millisecond keep their mean), the arrivals
    /// waiting for a free lane, and the arrivals shed because too many were waiting.
    var nextArrivalMicroseconds: Int64 = 0
    var arrivalsWaiting = 0
    var arrivalsShed = 0
    /// Leases it was granted (or may have been) and has not seen end, oldest first.
    var leases: [Int64] = []
    var leasesGranted = 0
    /// The highest revision its answers have shown (a watch may start from any before it).
    var revisionSeen: Int64 = 1
    /// Watches it opened.
    var watches = 0
    /// When it opens its second watch, from a revision in the past, and its third, in the heal
    /// phase from a revision a compaction may have passed.
    var secondWatchAt: Int64 = 0
    var thirdWatchAt: Int64 = 0

    /// A call still open on some lane (the first), or nil when every lane is idle.
    var open: Open? { lanes.lazy.compactMap(\.open).first }

    /// Calls open now, over every lane.
    var openCount: Int { lanes.reduce(0) { $0 + ($1.open == nil ? 0 : 1) } }

    /// The lane whose open call has this request id.
    func lane(ofCall id: UInt64) -> Int? { lanes.firstIndex { $0.open?.id == id } }

    /// A new history process for `client`.
    mutating func newProcess(client: Int, clientCount: Int) -> Int {
        precondition(client >= 0 && client < clientCount, "a client of the run")
        let process = client + clientCount * processesStarted
        processesStarted += 1
        return process
    }

    /// The first idle lane, opening one if every lane is busy and fewer than `lanesMax` are open;
    /// nil when all `lanesMax` are busy.
    mutating func freeLane(lanesMax: Int, client: Int, clientCount: Int) -> Int? {
        precondition(lanesMax >= 1, "a client has a lane")
        if let idle = lanes.firstIndex(where: { $0.open == nil }) { return idle }
        guard lanes.count < lanesMax else { return nil }
        lanes.append(Lane(open: nil, process: newProcess(client: client, clientCount: clientCount)))
        return lanes.count - 1
    }
}
