/// The client library's state machine: requests out, replies in, effects for the caller. No
/// sockets and no clock: the caller passes in the time, sends the `.send` effects and reports
/// what nodes answer, and disconnections.
///
/// - A request is sent to the node believed to lead; "not the leader" (which says it was not
///   proposed) is followed to the leader named, or the next node (after a backoff, when the
///   configuration sets one).
/// - A request that times out, or whose node disconnects or loses track of it, ends
///   `unknown`: a write is never retried as if it had failed. Reads are retried (they change
///   nothing). A request whose connection could not be made (refused, unreachable) provably
///   never arrived: it goes to another node, and ends `notSent` when none takes it.
/// - A watch remembers the next revision it has not seen; after a disconnection it resumes
///   there on another node, so it loses nothing and sees nothing twice. Cancelled because its
///   start was compacted, it re-reads its range and watches again from after that read.
public struct StoreClient: Sendable {
    public enum Effect: Hashable, Sendable {
        case send(node: Int, ClientMessage)
        case completed(id: UInt64, RequestOutcome)
        /// New events of a watch, whole revisions in revision order, each once.
        case watchEvents(watch: UInt64, events: [Event])
        /// Everything of the watch through `revision` was reported.
        case watchProgress(watch: UInt64, revision: Int64)
        /// The watch's history was compacted before it was seen: `state` is the range read again
        /// at `state.revision`; events continue from the revision after.
        case watchResynced(watch: UInt64, state: RangeResponse)
        /// The node refused or ended the watch for a reason other than compaction.
        case watchCanceled(watch: UInt64, reason: String)
    }

    struct Pending: Sendable {
        enum Purpose: Hashable, Sendable {
            case caller
            case resync(watch: UInt64)
        }
        var request: Request
        var node: Int
        var deadline: Int64
        var redirects: Int
        var purpose: Purpose
        /// The order of its last send among all the client's sends (set by `send`): a refusal
        /// says nothing of what was sent to the same node after the refused message.
        var sentSequence: UInt64 = 0
        /// Backing off after "not the leader" with none named: not in flight anywhere, sent to
        /// `node` at the first tick at or after this time.
        var heldUntil: Int64?
    }

    struct Watch: Sendable {
        var request: WatchCreateRequest
        /// The first revision not yet reported; 0 until the first creation says where "now" is.
        var nextRevision: Int64
        var node: Int?
        /// The watch id of the current creation on its node (a fresh one per creation, so
        /// answers to an earlier one are recognised and ignored).
        var incarnation: Int64
        /// A re-read after compaction is in flight, or due at the next tick.
        var resyncRead: UInt64?
        var resyncDue = false
    }

    public let configuration: StoreClientConfiguration
    /// The node believed to lead, if any.
    public private(set) var leader: Int?
    var rotation = 0
    var pending: [UInt64: Pending] = [:]
    var nextRequestID: UInt64 = 1
    var nextSentSequence: UInt64 = 0
    var watches: [UInt64: Watch] = [:]
    var watchOfIncarnation: [Int64: UInt64] = [:]
    var nextIncarnation: Int64 = 1
    var nextWatchID: UInt64 = 1

    public init(configuration: StoreClientConfiguration) {
        self.configuration = configuration
    }

    public var inflightCount: Int { pending.values.reduce(0) { $0 + ($1.purpose == .caller ? 1 : 0) } }

    /// The next revision the watch will report from (0 while not yet established).
    public func resumeRevision(of watch: UInt64) -> Int64? { watches[watch]?.nextRevision }

    var target: Int { leader ?? configuration.nodes[rotation % configuration.nodes.count] }

    /// Moves on from a node that failed us.
    private mutating func avoid(_ node: Int) {
        if leader == node { leader = nil }
        if configuration.nodes[rotation % configuration.nodes.count] == node { rotation += 1 }
    }

    // MARK: Requests

    /// Sends a request; its outcome comes as a `.completed` effect with the returned id.
    public mutating func submit(_ request: Request, at now: Int64) -> (id: UInt64, effects: [Effect]) {
        let id = nextRequestID
        nextRequestID += 1
        if inflightCount >= configuration.inflightRequestsMax { return (id, [.completed(id: id, .notSent(.tooManyInflight))]) }
        return (id, send(id, Pending(request: request, node: target, deadline: now + configuration.requestTimeoutMilliseconds,
                                     redirects: 0, purpose: .caller)))
    }

    mutating func send(_ id: UInt64, _ request: Pending) -> [Effect] {
        var request = request
        request.sentSequence = nextSentSequence
        nextSentSequence += 1
        pending[id] = request
        return [.send(node: request.node, .request(id: id, request.request))]
    }

    /// Ends a request (or hands a re-read's result to its watch).
    mutating func finish(_ id: UInt64, _ outcome: RequestOutcome, at now: Int64) -> [Effect] {
        guard let request = pending.removeValue(forKey: id) else { return [] }
        switch request.purpose {
        case .caller: return [.completed(id: id, outcome)]
        case .resync(let watch): return resynced(watch, read: id, outcome, at: now)
        }
    }

    /// Takes a node's message.
    public mutating func receive(_ message: NodeMessage, from node: Int, at now: Int64) -> [Effect] {
        switch message {
        case .reply(let id, let reply):
            guard let request = pending[id], request.node == node, request.heldUntil == nil else { return [] }
            switch reply {
            case .ok(let response): return finish(id, .ok(response), at: now)
            case .rejected(let error): return finish(id, .failed(error), at: now)
            case .unknown: return finish(id, .unknown(.nodeLostTrack), at: now)
            case .notLeader(let hint):
                // Not proposed, so sending it elsewhere cannot make it happen twice.
                avoid(node)
                if let hint, hint != node, configuration.nodes.contains(hint) { leader = hint }
                guard request.redirects < configuration.redirectsMax else { return finish(id, .notSent(.noLeader), at: now) }
                var again = request
                again.redirects += 1
                if leader == nil && configuration.noLeaderBackoffMilliseconds > 0 {
                    again.heldUntil = now + configuration.noLeaderBackoffMilliseconds
                    pending[id] = again
                    return []
                }
                again.node = target
                return send(id, again)
            }
        case .watch(let response):
            return watchResponse(response, from: node, at: now)
        }
    }

    /// Ends requests past their deadline as unknown (those backing off, never proposed, as not
    /// sent), sends those whose backoff is over, and starts due re-reads.
    public mutating func tick(at now: Int64) -> [Effect] {
        // Most ticks find nothing due: looked for first without sorting or hashing any key.
        let anyDue = pending.values.contains { $0.deadline <= now || ($0.heldUntil ?? .max) <= now }
        guard anyDue || watches.values.contains(where: \.resyncDue) else { return [] }
        var effects: [Effect] = []
        for id in pending.keys.sorted() where anyDue {
            let request = pending[id]!
            if request.deadline <= now {
                effects += finish(id, request.heldUntil == nil ? .unknown(.timeout) : .notSent(.noLeader), at: now)
            } else if let until = request.heldUntil, until <= now {
                var again = request
                again.heldUntil = nil
                again.node = target
                effects += send(id, again)
            }
        }
        for id in watches.keys.sorted() where watches[id]!.resyncDue {
            effects += startResync(id, at: now)
        }
        return effects
    }

    /// The connection to `node` could not be made, so `message` never reached it (a refused or
    /// unreachable connection: no byte of the message was delivered). A request in it was not
    /// proposed there, so it goes to another node as a "not the leader" answer would send it,
    /// and ends `notSent(.unreachable)` past the redirect limit: it did not happen. Requests sent
    /// to `node` earlier, on the connection that is now gone, may have been delivered: they end
    /// as `disconnected` ends them. Requests sent to `node` after the refused one went on the
    /// same failed attempt or on a later connection: nothing is known of them yet, so each
    /// waits for its own answer, refusal or timeout (ending them unknown here would make calls
    /// that never left the client look as if they might have happened, when a client has
    /// several calls open).
    public mutating func refused(_ message: ClientMessage, by node: Int, at now: Int64) -> [Effect] {
        // Taken out first, so that `disconnected` does not end it as possibly delivered.
        var undelivered: (id: UInt64, request: Pending)?
        if case .request(let id, _) = message, let request = pending[id], request.node == node, request.heldUntil == nil {
            pending[id] = nil
            undelivered = (id, request)
        }
        let effects = disconnected(from: node, at: now, sentBefore: undelivered?.request.sentSequence ?? .max)
        guard let (id, request) = undelivered else { return effects }
        pending[id] = request
        guard request.redirects < configuration.redirectsMax else { return effects + finish(id, .notSent(.unreachable), at: now) }
        var again = request
        again.redirects += 1
        again.node = target
        return effects + send(id, again)
    }

    /// The connection to `node` is gone: its requests end unknown (reads go elsewhere), its
    /// watches resume on another node from the first revision they have not reported.
    public mutating func disconnected(from node: Int, at now: Int64) -> [Effect] {
        disconnected(from: node, at: now, sentBefore: .max)
    }

    /// `disconnected` for the requests sent to `node` before the send numbered `sentBefore`;
    /// later ones stay pending.
    mutating func disconnected(from node: Int, at now: Int64, sentBefore: UInt64) -> [Effect] {
        avoid(node)
        var effects: [Effect] = []
        for id in pending.keys.sorted() where pending[id]!.node == node && pending[id]!.sentSequence < sentBefore && pending[id]!.heldUntil == nil {
            var request = pending[id]!
            if request.request.isReadOnly {
                request.node = target
                effects += send(id, request)
            } else {
                effects += finish(id, .unknown(.connectionLost), at: now)
            }
        }
        for id in watches.keys.sorted() where watches[id]!.node == node {
            effects += create(id)
        }
        return effects
    }
}
