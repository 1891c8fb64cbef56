import Election
import KeyValue

/// The billing broker, as the lease-leader model verified it: while it leads and its deadline
/// has not passed, it reads what is due, records each charge intent under a fenced write,
/// sends the charge with the idempotency key (subscription, period), records the outcome under
/// a fenced write, retries an unanswered charge with the same key, and completes or retries the
/// intents a predecessor left. It stops the moment its session is lost or a fenced write is
/// refused. Pure: outcomes, answers and the time in, actions out.
public struct Broker: Sendable {
    enum Stage: Hashable, Sendable {
        case recordingIntent
        case charging(lastSentAt: Int64, attempts: Int)
        case recordingOutcome(chargeID: Int64)
    }

    struct Item: Hashable, Sendable {
        var intent: ChargeIntent
        var stage: Stage
    }

    struct DatabaseCall: Hashable, Sendable {
        var request: DatabaseRequest
        var sentAt: Int64
    }

    public let configuration: BrokerConfiguration
    public internal(set) var election: Election
    /// The token the current work runs under (nil: not acting).
    public internal(set) var actingToken: Int64?
    var items: [ChargeKey: Item] = [:]
    var calls: [UInt64: DatabaseCall] = [:]
    var nextOp: UInt64 = 1
    var lastScanAt: Int64?

    public init(configuration: BrokerConfiguration, election: ElectionConfiguration) {
        self.configuration = configuration
        self.election = Election(configuration: election)
    }

    public var itemsInProgress: [ChargeKey] { items.keys.sorted() }

    /// May act as the leader at `now`: the recipe believes it leads, its deadline has not
    /// passed, and the work was started under the token it holds.
    public func canAct(at now: Int64) -> Bool {
        guard let token = actingToken else { return false }
        return election.isLeader(at: now) && election.fencingToken == token
    }

    // MARK: Lifecycle and time

    public mutating func start(at now: Int64) -> [BrokerAction] {
        wrap(election.start(at: now), at: now)
    }

    public mutating func shutdown(at now: Int64) -> [BrokerAction] {
        let actions = stop(.shutdown)
        return actions + wrap(election.shutdown(at: now), at: now)
    }

    public mutating func tick(at now: Int64) -> [BrokerAction] {
        var actions = wrap(election.tick(at: now), at: now)
        if actingToken != nil && !canAct(at: now) { actions += stop(.leadershipLost) }
        guard canAct(at: now) else { return actions }
        actions += retryDatabaseCalls(at: now)
        actions += retryCharges(at: now)
        let scanning = calls.values.contains { $0.request.operation == .readDue }
        if !scanning && (lastScanAt.map { now - $0 >= configuration.scanIntervalMilliseconds } ?? true) {
            lastScanAt = now
            actions += call(.readDue, at: now)
        }
        return actions
    }

    // MARK: The election's inputs, forwarded

    public mutating func storeCompleted(op: UInt64, _ outcome: RequestOutcome, at now: Int64) -> [BrokerAction] {
        wrap(election.completed(op: op, outcome, at: now), at: now)
    }

    public mutating func watchEvents(watch: UInt64, _ events: [Event], at now: Int64) -> [BrokerAction] {
        wrap(election.watchEvents(watch: watch, events, at: now), at: now)
    }

    public mutating func watchResynced(watch: UInt64, state: RangeResponse, at now: Int64) -> [BrokerAction] {
        wrap(election.watchResynced(watch: watch, state: state, at: now), at: now)
    }

    public mutating func watchCanceled(watch: UInt64, reason: String, at now: Int64) -> [BrokerAction] {
        wrap(election.watchCanceled(watch: watch, reason: reason, at: now), at: now)
    }

    /// Passes the recipe's actions on and follows its events: elected starts the work under
    /// the new token; deposed or a lost session stops it at once.
    mutating func wrap(_ actions: [ElectionAction], at now: Int64) -> [BrokerAction] {
        var out: [BrokerAction] = []
        for action in actions {
            out.append(.election(action))
            guard case .event(let event) = action else { continue }
            switch event {
            case .elected(let token, _):
                out += stop(.leadershipLost)
                actingToken = token
                lastScanAt = nil
                out.append(.event(.startedLeading(fencingToken: token)))
            case .deposed, .sessionLost:
                out += stop(.leadershipLost)
            default:
                continue
            }
        }
        return out
    }

    /// Drops every item and call: nothing more is sent under this token.
    mutating func stop(_ reason: StopReason) -> [BrokerAction] {
        guard actingToken != nil || reason == .shutdown else { return [] }
        actingToken = nil
        items = [:]
        calls = [:]
        lastScanAt = nil
        return [.event(.stopped(reason))]
    }
}
