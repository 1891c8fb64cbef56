import KeyValue

/// The leader-election recipe (etcd's `concurrency.Election` over a `Session`) as a pure state
/// machine: the driver passes in outcomes, watch events and the time, and sends the requests
/// the recipe returns. No clock, no I/O; every time is the broker's own clock in milliseconds.
///
/// - A **session** is a lease of `ttlSeconds`, kept alive every TTL / `refreshDivisor`. Its
///   **deadline** is the SEND time of the last refresh (or grant) that succeeded plus
///   TTL·(1 − ρ) − ε: the store applied that refresh no earlier than it was sent, so the store's
///   lease outlives the deadline even if the answer came late and this clock runs slow by ρ.
/// - A **campaign** is one transaction: if `createRevision(key) == 0`, put the key with the
///   lease (value: our address); otherwise read the key. Winning makes the key's create
///   revision our **fencing token**.
/// - A campaign whose outcome is unknown is resolved by reading the key back and comparing its
///   lease with ours: we never hold the key while believing we lost.
/// - A loser watches the key from the read's revision + 1 (so a DELETE between the read and
///   the watch is still seen) and campaigns again on the DELETE; a cancelled watch is re-read.
/// - `resign` deletes the key only if its create revision is still our token; `shutdown` and
///   `fail` revoke the lease (which deletes the key with it).
public struct Election: Sendable {
    enum Purpose: Hashable, Sendable {
        case grant(sentAt: Int64)
        case keepAlive(lease: Int64, sentAt: Int64)
        case campaign(lease: Int64)
        /// A read of the key: after an unknown campaign, a cancelled watch, or a resign.
        case read(lease: Int64)
        case resign(fencingToken: Int64)
        case revoke(lease: Int64)
    }

    /// Requests of the recipe in flight at once: a grant or campaign or read, a resign, the
    /// keep-alives, and revocations of abandoned leases.
    public static let pendingRequestsMax = 16

    public let configuration: ElectionConfiguration
    public internal(set) var role: ElectionRole = .idle
    /// The session's lease, while it has one.
    public internal(set) var lease: Int64?
    /// The broker-clock time at which the session's belief ends (meaningful with a lease).
    public internal(set) var deadline: Int64 = 0
    var lastRefreshSentAt: Int64 = 0
    var pending: [UInt64: Purpose] = [:]
    var nextOp: UInt64 = 1
    /// The recipe's current watch, if any; events of any other are stale.
    public internal(set) var watchID: UInt64?
    var nextWatch: UInt64 = 1
    /// When a grant, campaign or read that failed outright is due again.
    var retryAt: Int64?
    public internal(set) var isRunning = false

    public init(configuration: ElectionConfiguration) {
        self.configuration = configuration
    }

    // MARK: What the broker asks

    /// Whether this broker may act as the leader at `now` (its clock): the key is ours as far
    /// as it knows AND the session's deadline has not passed. A belief without the deadline
    /// check outlives the lease after a pause.
    public func isLeader(at now: Int64) -> Bool {
        guard case .leading = role, lease != nil else { return false }
        return now < deadline
    }

    /// The key's create revision while the recipe believes it holds the key (check `isLeader`
    /// for whether it may still act on it).
    public var fencingToken: Int64? {
        if case .leading(let token) = role { return token }
        return nil
    }

    public var pendingCount: Int { pending.count }

    // MARK: Lifecycle

    /// Starts a session and campaigns once it has one.
    public mutating func start(at now: Int64) -> [ElectionAction] {
        precondition(role == .idle && !isRunning, "start only an idle recipe")
        isRunning = true
        return grant(at: now)
    }

    /// Steps down if leading: deletes the key if its create revision is still ours, then
    /// follows whoever holds it next (and campaigns again when it is free).
    public mutating func resign(at now: Int64) -> [ElectionAction] {
        guard case .leading(let token) = role else { return [] }
        role = .resigning(fencingToken: token)
        let txn = TxnRequest(compare: [Compare(key: configuration.key, .createRevision(token), .equal)],
                             success: [.deleteRange(DeleteRangeRequest(key: configuration.key))])
        return [.event(.deposed(fencingToken: token))] + send(.txn(txn), .resign(fencingToken: token))
    }

    /// Stops for good (a shutdown, or an error the broker cannot handle): revokes the lease,
    /// which deletes our key at once instead of after the TTL.
    public mutating func shutdown(at now: Int64) -> [ElectionAction] {
        var actions = endSession(reason: .revoked, revoke: true)
        isRunning = false
        role = .idle
        retryAt = nil
        actions += cancelWatch()
        return actions
    }

    // MARK: Time

    /// Ends the session when its deadline passed, sends due refreshes and retries.
    public mutating func tick(at now: Int64) -> [ElectionAction] {
        guard isRunning else { return [] }
        var actions: [ElectionAction] = []
        if lease != nil && now >= deadline {
            actions += loseSession(.deadlinePassed, at: now)
        }
        actions += refreshIfDue(at: now)
        if let due = retryAt, now >= due {
            retryAt = nil
            actions += retry(at: now)
        }
        return actions
    }

    mutating func retry(at now: Int64) -> [ElectionAction] {
        switch role {
        case .granting: return grant(at: now)
        case .campaigning: return campaign(at: now)
        case .resolving, .rereading: return read(at: now)
        case .idle, .following, .leading, .resigning: return []
        }
    }

    // MARK: Sending

    mutating func send(_ request: Request, _ purpose: Purpose) -> [ElectionAction] {
        precondition(pending.count < Election.pendingRequestsMax, "the recipe's requests are bounded")
        let op = nextOp
        nextOp += 1
        pending[op] = purpose
        return [.send(op: op, request)]
    }

    mutating func cancelWatch() -> [ElectionAction] {
        guard let id = watchID else { return [] }
        watchID = nil
        return [.cancelWatch(id: id)]
    }

    mutating func scheduleRetry(at now: Int64) {
        retryAt = now + configuration.retryMilliseconds
    }
}
