/// The etcd-like store's replicated state machine: multi-version keys (etcd's `server/mvcc`),
/// transactions and leases (`server/lease`), applied from committed entries. Pure and
/// deterministic: the same entries give the same answers, revisions and state on every replica.
///
/// Revisions: the store starts at revision 1; every request that changes keys adds exactly one
/// revision, whatever it changes (a transaction, a range deletion, a lease's revocation with its
/// keys); one that changes nothing (a failed compare, a delete that matched nothing, lease
/// bookkeeping) adds none. History is kept from the compaction revision on, for reads at older
/// revisions and for watches that start in the past.
public struct KeyValueStore: Sendable {
    public let limits: StoreLimits
    /// The revision of the last change (1 when nothing changed yet).
    public internal(set) var revision: Int64 = 1
    /// Reads below this revision fail with `compacted` (0: nothing compacted yet).
    public internal(set) var compactRevision: Int64 = 0

    /// Key histories by slot; a slot freed by compaction is reused.
    var histories: [KeyHistory] = []
    var freeSlots: [Int32] = []
    var slotOfKey: [HashedKey: Int32] = [:]
    var order = OrderedKeyIndex()
    var leases: [Int64: LeaseRecord] = [:]
    /// The next id to try when a grant leaves the id to the store.
    var nextLeaseID: Int64 = 1
    var eventLog = EventLog(base: 1)

    public init(limits: StoreLimits = StoreLimits()) {
        self.limits = limits
        eventLog.append([], at: 1)
    }

    /// Keys that exist now.
    public var liveKeyCount: Int {
        var count = 0
        for history in histories where history.live != nil { count += 1 }
        return count
    }

    /// Keys with retained history (live or deleted since the compaction revision).
    public var indexedKeyCount: Int { order.count }

    /// Revisions whose events are retained for watches.
    public var retainedRevisions: ClosedRange<Int64> { eventLog.base...eventLog.lastRevision }

    func isFreeSlot(_ slot: Int) -> Bool { histories[slot].versions.isEmpty }

    // MARK: Reads that do not go through the log

    /// A range on the current state or an older revision (serializable when the node calls it
    /// on its local state; linearizable after a ReadIndex round).
    public func read(_ request: RangeRequest) -> Result<RangeResponse, StoreError> {
        if let problem = KeyValueStore.check(request) { return .failure(problem) }
        return range(request, current: revision)
    }

    /// The events of `revision` (retained revisions only): what the watch hub replays.
    public func events(at revision: Int64) -> [Event] {
        eventLog.events(at: revision)
    }

    /// The lease's replicated record: TTL, keep-alive count and last checkpoint (nil when it
    /// does not exist). For the lessor after a restart or a snapshot.
    public func leaseState(_ id: Int64) -> (ttlSeconds: Int64, epoch: UInt64, checkpointMilliseconds: Int64?)? {
        guard let record = leases[id] else { return nil }
        return (record.ttlSeconds, record.epoch, record.checkpointMilliseconds)
    }

    /// Every lease id, ascending.
    public var leaseIDs: [Int64] { leases.keys.sorted() }

    // MARK: Range

    /// etcd's `rangeKeys`: reads at `request.revision` (0: `current`), where `current` is the
    /// revision the state would have now (one more than `revision` inside a transaction that
    /// already changed something, whose changes are visible to its later ranges).
    func range(_ request: RangeRequest, current: Int64) -> Result<RangeResponse, StoreError> {
        if request.revision > current { return .failure(.futureRevision) }
        let at = request.revision <= 0 ? current : request.revision
        if at < compactRevision { return .failure(.compacted(compactRevision: compactRevision)) }
        let latest = at == current
        var kvs: [KeyValuePair] = []
        var count: Int64 = 0
        let limit = request.limit
        forEachSlot(in: request.range) { slot in
            let history = histories[Int(slot)]
            guard let version = latest ? history.live : history.visible(at: at) else { return true }
            count += 1
            if !request.countOnly && (limit <= 0 || Int64(kvs.count) < limit) {
                var pair = history.pair(version)
                if request.keysOnly { pair.value = [] }
                kvs.append(pair)
            }
            return true
        }
        // etcd's server sets `more` when the limit cut the key-values it fetched; a count-only
        // range fetches none, so it never has more.
        let more = !request.countOnly && limit > 0 && count > limit
        return .success(RangeResponse(revision: current, kvs: kvs, more: more, count: count))
    }

    /// The key's live version now.
    func liveVersion(_ key: [UInt8]) -> (slot: Int32, version: KeyHistory.Version)? {
        guard let slot = slotOfKey[HashedKey(key)], let version = histories[Int(slot)].live else { return nil }
        return (slot, version)
    }

    func livePair(_ key: [UInt8]) -> KeyValuePair? {
        guard let (slot, version) = liveVersion(key) else { return nil }
        return histories[Int(slot)].pair(version)
    }

    /// Calls `body` with the slot of every indexed key of the range in key order, until it
    /// returns false; one key is looked up by hash rather than in the ordered index.
    func forEachSlot(in range: KeyRange, _ body: (Int32) -> Bool) {
        if range.isSingleKey {
            if let slot = slotOfKey[HashedKey(range.key)] { _ = body(slot) }
            return
        }
        order.forEach(in: range, body)
    }

    /// The slots of the live keys of a range, in key order.
    func liveSlots(in range: KeyRange) -> [Int32] {
        var slots: [Int32] = []
        forEachSlot(in: range) { slot in
            if histories[Int(slot)].live != nil { slots.append(slot) }
            return true
        }
        return slots
    }
}
