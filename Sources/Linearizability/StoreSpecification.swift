import Support
/// The sequential specification of the project's etcd-like key-value store: a global
/// revision counter, keys with create/mod revisions and versions, transactions with
/// compares and success/failure branches, and leases whose revocation or expiry deletes the
/// keys attached to them.
///
/// The revision is global, so operations on different keys do not commute and the
/// specification has no footprint: a history is always checked whole.
///
/// Semantics follow etcd v3: a put bumps the revision and the key's version; a delete or a
/// transaction bumps it once, and only if it changes something; a compare on the value of a
/// missing key fails, other targets of a missing key read 0; a put with a lease that is not
/// live is not enabled; lease grants and keep-alives do not touch the revision.
///
/// Ranges take etcd's options (a revision to read at, a limit, keys only, count only), puts
/// and deletes may answer the previous key-values (`prevKv`), and a compaction makes reads
/// below its revision fail with etcd's "compacted" error. The state keeps the history of the
/// revisions that ranges of the history read at (`readRevisions`), and nothing more, so that
/// histories without such reads search states as small as before.
public struct StoreSpecification: Specification {
    public enum CompareTarget: String, Sendable, Hashable {
        case value, version, create, mod, lease
    }

    public enum CompareResult: String, Sendable, Hashable {
        case equal = "=", notEqual = "!=", less = "<", greater = ">"
    }

    public struct Compare: Sendable, Hashable {
        public var key: Int
        public var target: CompareTarget
        public var result: CompareResult
        /// A value index for `.value`, a number otherwise.
        public var operand: Int64
        public init(key: Int, target: CompareTarget, result: CompareResult, operand: Int64) {
            self.key = key
            self.target = target
            self.result = result
            self.operand = operand
        }
    }

    /// A request on its own or inside a transaction. Ranges are half-open intervals of key
    /// indices (keys are sorted, so a key interval is an index interval).
    public enum Request: Sendable, Hashable {
        case put(key: Int, value: Int, lease: Int64)
        /// A range of the latest revision, every key of it, keys and values.
        case range(from: Int, to: Int)
        case delete(from: Int, to: Int)
        /// A range with etcd's options (decoding keeps `.range` for the default ones).
        case rangeWith(from: Int, to: Int, options: RangeOptions)
        /// A put that answers the key as it was before (etcd's `prev_kv`).
        case putWithPrevious(key: Int, value: Int, lease: Int64)
        /// A delete that answers the keys it deleted as they were (etcd's `prev_kv`).
        case deleteWithPrevious(from: Int, to: Int)
    }

    /// etcd's `RangeRequest` options beyond the key interval.
    public struct RangeOptions: Sendable, Hashable {
        /// The revision to read at; 0 reads the latest.
        public var revision: Int64
        /// At most this many keys are returned (0: no limit); `count` still counts them all.
        public var limit: Int
        /// The keys are returned without their values.
        public var keysOnly: Bool
        /// No key is returned, only the count.
        public var countOnly: Bool
        public init(revision: Int64 = 0, limit: Int = 0, keysOnly: Bool = false, countOnly: Bool = false) {
            precondition(revision >= 0 && limit >= 0, "a range's revision and limit are not negative")
            self.revision = revision
            self.limit = limit
            self.keysOnly = keysOnly
            self.countOnly = countOnly
        }

        /// The latest revision, every key, keys and values: a plain `.range`.
        public var isDefault: Bool { revision == 0 && limit == 0 && !keysOnly && !countOnly }
    }

    /// Why the store refused a request that it answers with an error an observer can check
    /// (the other refusals are `fail`s that did not happen). A refusal changes nothing.
    public enum Failure: Error, Sendable, Hashable {
        /// etcd's "mvcc: required revision has been compacted": a range below the compaction
        /// revision, or a compaction at or below it. The compaction revision, when observed.
        case compacted(Int64?)
        /// etcd's "mvcc: required revision is a future revision": a range or a compaction
        /// above the store's revision.
        case futureRevision
    }

    public enum Input: Sendable, Hashable {
        case request(Request)
        case txn(compares: [Compare], success: [Request], failure: [Request])
        case leaseGrant(Int64)
        case leaseRevoke(Int64)
        case leaseKeepAlive(Int64)
        /// Recorded by the pseudo-process of the store's lease expiry at its commit time.
        case leaseExpire(Int64)
        /// Discards the history below the revision: ranges below it fail with `compacted`. It
        /// adds no revision.
        case compact(Int64)
    }

    public struct KeyValue: Sendable, Hashable {
        public var key: Int
        public var value: Int
        public var createRevision: Int64?
        public var modRevision: Int64?
        public var version: Int64?
        public var lease: Int64?
        public init(key: Int, value: Int, createRevision: Int64? = nil, modRevision: Int64? = nil,
                    version: Int64? = nil, lease: Int64? = nil) {
            self.key = key
            self.value = value
            self.createRevision = createRevision
            self.modRevision = modRevision
            self.version = version
            self.lease = lease
        }
    }

    public enum Response: Sendable, Hashable {
        case put
        case range([KeyValue])
        /// The number of keys deleted, nil when not observed.
        case delete(Int?)
        /// A range with options: the key-values returned (none for count only; with value 0,
        /// nil, for keys only), the number of keys at the revision read whatever the limit,
        /// and whether the limit left some out (count and more nil when not observed).
        case rangeWith(kvs: [KeyValue], count: Int?, more: Bool?)
        /// A put's previous key-value, nil when the key did not exist.
        case putWithPrevious(KeyValue?)
        /// The keys a delete deleted, as they were, and their number (nil when not observed).
        case deleteWithPrevious(deleted: Int?, previous: [KeyValue])
    }

    /// What an operation answered. Every field is optional on the observed side: a history
    /// that does not record a revision leaves it unconstrained.
    public struct Output: Sendable, Hashable {
        public var revision: Int64?
        public var succeeded: Bool?
        public var responses: [Response]?
        public var found: Bool?
        /// The error the store answered; nil when it succeeded. Always observed: an `ok` did
        /// not fail, and a `fail` with one of these errors failed so.
        public var failure: Failure?
        public init(revision: Int64? = nil, succeeded: Bool? = nil, responses: [Response]? = nil, found: Bool? = nil,
                    failure: Failure? = nil) {
            self.revision = revision
            self.succeeded = succeeded
            self.responses = responses
            self.found = found
            self.failure = failure
        }
    }

    public struct Record: Sendable, Hashable {
        public var value: Int
        public var createRevision: Int64
        public var modRevision: Int64
        public var version: Int64
        public var lease: Int64
    }

    public struct State: Sendable, Hashable, StableHashable {
        public var revision: Int64
        /// One slot per key index; nil when the key is absent.
        public var records: [Record?]
        /// Live lease ids, sorted.
        public var leases: [Int64]
        /// Ranges below this revision fail with `compacted` (0: nothing compacted).
        public var compactRevision: Int64 = 0
        /// Per key, what became of it at the revisions the specification's `readRevisions`
        /// needs, oldest first (see `StoreSpecification+History`); empty when it reads no past.
        public var history: [[Version]] = []

        public func stableHash(into hasher: inout StableHasher) {
            hasher.combine(UInt64(bitPattern: revision))
            for (key, record) in records.enumerated() {
                guard let record else { continue }
                hasher.combine(key)
                hasher.combine(record.value)
                hasher.combine(UInt64(bitPattern: record.modRevision))
                hasher.combine(UInt64(bitPattern: record.createRevision ^ (record.lease << 20)))
            }
            for lease in leases { hasher.combine(UInt64(bitPattern: lease)) }
            hasher.combine(UInt64(bitPattern: compactRevision))
            for (key, versions) in history.enumerated() where !versions.isEmpty {
                hasher.combine(key)
                for version in versions {
                    hasher.combine(UInt64(bitPattern: version.revision))
                    hasher.combine(version.record.map { $0.value + 1 } ?? 0)
                    hasher.combine(UInt64(bitPattern: version.record?.modRevision ?? 0))
                }
            }
        }
    }

    /// What one key became at one revision: its record, or nil when it was deleted.
    public struct Version: Sendable, Hashable {
        public var revision: Int64
        public var record: Record?
    }

    public let name = "etcd"
    /// Every key of the history, sorted by their UTF-8 bytes as etcd orders them.
    public let keys: [String]
    public let values: ValueTable
    public let initialState: State
    /// The past revisions ranges may read at (nil: none). The state keeps, for each key, what
    /// it was at every revision of this interval; a range at a past revision outside it is a
    /// programming error (decoding computes it from the history's ranges).
    public let readRevisions: ClosedRange<Int64>?

    public init(keys: [String], values: ValueTable, initialRevision: Int64 = 1, readRevisions: ClosedRange<Int64>? = nil) {
        precondition(zip(keys, keys.dropFirst()).allSatisfy { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) },
                     "keys must be sorted and distinct")
        precondition(readRevisions.map { $0.lowerBound >= 1 } ?? true, "revisions start at 1")
        self.keys = keys
        self.values = values
        self.readRevisions = readRevisions
        initialState = State(revision: initialRevision, records: Array(repeating: nil, count: keys.count), leases: [],
                             history: readRevisions == nil ? [] : Array(repeating: [], count: keys.count))
    }

    // MARK: Transitions

    public func step(_ state: State, _ input: Input) -> [(output: Output, state: State)] {
        guard let result = apply(state, input) else { return [] }
        return [result]
    }

    public func successors(of state: State, input: Input, observed: Output?, into buffer: inout [State]) {
        guard let result = apply(state, input) else { return }
        if let observed, !accepts(observed: observed, produced: result.output) { return }
        buffer.append(result.state)
    }

    /// The one transition of `input`, or nil when it is not enabled.
    func apply(_ state: State, _ input: Input) -> (output: Output, state: State)? {
        switch input {
        case .request(let request):
            var next = state
            var changed = false
            switch perform(request, on: &next, before: state, changed: &changed) {
            case nil: return nil
            case .failure(let failure)?: return (Output(failure: failure), state)
            case .success(let response)?:
                if changed { next.revision = state.revision + 1 }
                return (Output(revision: next.revision, responses: [response]), next)
            }
        case .txn(let compares, let success, let failure):
            let succeeded = compares.allSatisfy { holds($0, in: state) }
            var next = state
            var changed = false
            var responses: [Response] = []
            for request in succeeded ? success : failure {
                switch perform(request, on: &next, before: state, changed: &changed) {
                case nil: return nil
                // etcd checks the whole branch first: a range it cannot read fails the transaction.
                case .failure(let failure)?: return (Output(failure: failure), state)
                case .success(let response)?: responses.append(response)
                }
            }
            if changed { next.revision = state.revision + 1 }
            return (Output(revision: next.revision, succeeded: succeeded, responses: responses), next)
        case .leaseGrant(let lease):
            guard lease != 0, !state.leases.contains(lease) else { return nil }
            var next = state
            let index = next.leases.firstIndex { $0 > lease } ?? next.leases.count
            next.leases.insert(lease, at: index)
            return (Output(revision: state.revision), next)
        case .leaseKeepAlive(let lease):
            return (Output(revision: state.revision, found: state.leases.contains(lease)), state)
        case .leaseRevoke(let lease):
            guard state.leases.contains(lease) else { return (Output(revision: state.revision, found: false), state) }
            let next = revoking(lease, in: state)
            return (Output(revision: next.revision, found: true), next)
        case .leaseExpire(let lease):
            guard state.leases.contains(lease) else { return nil }
            let next = revoking(lease, in: state)
            return (Output(revision: next.revision, found: true), next)
        case .compact(let target):
            switch compacting(state, to: target) {
            case .failure(let failure): return (Output(failure: failure), state)
            case .success(let next): return (Output(revision: next.revision), next)
            }
        }
    }

    /// Removes the lease and, in one revision, every key attached to it.
    private func revoking(_ lease: Int64, in state: State) -> State {
        var next = state
        next.leases.removeAll { $0 == lease }
        var changed = false
        for key in next.records.indices where next.records[key]?.lease == lease {
            change(key, to: nil, at: state.revision + 1, in: &next)
            changed = true
        }
        if changed { next.revision += 1 }
        return next
    }

    /// One request on `state`, which already holds the changes of the requests before it in
    /// the same transaction; `before` is the state before the transaction (a range at a
    /// revision reads the store as it was then). Nil when the request is not enabled.
    private func perform(
        _ request: Request, on state: inout State, before: State, changed: inout Bool
    ) -> Result<Response, Failure>? {
        let revision = before.revision + 1
        switch request {
        case .put(let key, let value, let lease), .putWithPrevious(let key, let value, let lease):
            if lease != 0 && !state.leases.contains(lease) { return nil }
            let old = state.records[key]
            if let old {
                change(key, to: Record(value: value, createRevision: old.createRevision, modRevision: revision,
                                       version: old.version + 1, lease: lease), at: revision, in: &state)
            } else {
                change(key, to: Record(value: value, createRevision: revision, modRevision: revision, version: 1, lease: lease),
                       at: revision, in: &state)
            }
            changed = true
            if case .putWithPrevious = request { return .success(.putWithPrevious(old.map { keyValue(key, $0) })) }
            return .success(.put)
        case .range(let from, let to):
            var found: [KeyValue] = []
            for key in from..<max(from, to) {
                guard let record = state.records[key] else { continue }
                found.append(keyValue(key, record))
            }
            return .success(.range(found))
        case .rangeWith(let from, let to, let options):
            return read(from, to, options, current: state, before: before)
        case .delete(let from, let to), .deleteWithPrevious(let from, let to):
            var deleted: [KeyValue] = []
            for key in from..<max(from, to) {
                guard let record = state.records[key] else { continue }
                deleted.append(keyValue(key, record))
                change(key, to: nil, at: revision, in: &state)
            }
            if !deleted.isEmpty { changed = true }
            if case .deleteWithPrevious = request { return .success(.deleteWithPrevious(deleted: deleted.count, previous: deleted)) }
            return .success(.delete(deleted.count))
        }
    }

    func keyValue(_ key: Int, _ record: Record) -> KeyValue {
        KeyValue(key: key, value: record.value, createRevision: record.createRevision, modRevision: record.modRevision,
                 version: record.version, lease: record.lease)
    }

    private func holds(_ compare: Compare, in state: State) -> Bool {
        let record = state.records[compare.key]
        let actual: Int64
        switch compare.target {
        case .value:
            // etcd: comparing the value of a missing key always fails.
            guard let record else { return false }
            let equal = Int64(record.value) == compare.operand
            switch compare.result {
            case .equal: return equal
            case .notEqual: return !equal
            case .less: return values.name(record.value) < values.name(Int(compare.operand))
            case .greater: return values.name(record.value) > values.name(Int(compare.operand))
            }
        case .version: actual = record?.version ?? 0
        case .create: actual = record?.createRevision ?? 0
        case .mod: actual = record?.modRevision ?? 0
        case .lease: actual = record?.lease ?? 0
        }
        switch compare.result {
        case .equal: return actual == compare.operand
        case .notEqual: return actual != compare.operand
        case .less: return actual < compare.operand
        case .greater: return actual > compare.operand
        }
    }

    public func isReadOnly(_ input: Input, observed: Output?) -> Bool {
        // A refusal changes nothing, and an observed one accepts only refusals.
        if observed?.failure != nil { return true }
        func reads(_ requests: [Request]) -> Bool { requests.allSatisfy(\.isRead) }
        switch input {
        case .request(let request): return reads([request])
        case .txn(_, let success, let failure):
            switch observed?.succeeded {
            case true?: return reads(success)
            case false?: return reads(failure)
            case nil: return reads(success) && reads(failure)
            }
        case .leaseKeepAlive: return true
        case .leaseRevoke: return observed?.found == false
        case .leaseGrant, .leaseExpire, .compact: return false
        }
    }

    // MARK: Pruning by revision

    /// The revision: no transition lowers it.
    public func progress(of state: State) -> Int64 { state.revision }

    /// An operation answers the revision of the state after it, which is the state's own
    /// revision or one more, so it can only run in a state at or below the revision it
    /// observed; and one below, when every transition it may take changes something (a put,
    /// a transaction whose taken branch puts, a delete that deleted something).
    public func progressBound(of input: Input, observed: Output?) -> Int64? {
        guard let observed, let revision = observed.revision else { return nil }
        func puts(_ requests: [Request]) -> Bool { requests.contains { $0.putKey != nil } }
        switch input {
        case .request(.put), .request(.putWithPrevious):
            return revision - 1
        case .request(.delete), .request(.deleteWithPrevious):
            if let count = observed.responses?.first?.deletedCount, count > 0 { return revision - 1 }
            return revision
        case .txn(_, let success, let failure):
            switch observed.succeeded {
            case true?: return puts(success) ? revision - 1 : revision
            case false?: return puts(failure) ? revision - 1 : revision
            case nil: return puts(success) && puts(failure) ? revision - 1 : revision
            }
        case .request(.range), .request(.rangeWith), .leaseGrant, .leaseRevoke, .leaseKeepAlive, .leaseExpire, .compact:
            return revision
        }
    }

    /// Every operation answers the revision of the state it leaves (`accepts` requires the
    /// observed revision to be the produced one), so that revision is the floor, exactly. A
    /// compaction leaves the revision as it was; a range at a past revision answers the
    /// current one (etcd's header), not the one it read at. A refusal observes no revision.
    public func progressFloor(of input: Input, observed: Output?) -> Int64? { observed?.revision }

    public var progressName: String { "revision" }

    // MARK: Forgetting leases nobody will ask about

    /// The leases whose liveness the operation depends on. A pending grant or revocation
    /// names none: its output is unconstrained, so it can always be dropped from a run, and
    /// what it changes is the liveness of its own lease (a revocation also deletes the keys
    /// attached to the lease, but `forgetting` never erases a lease with keys attached).
    public func names(of input: Input, observed: Output?) -> [Int64] {
        func leases(_ requests: [Request]) -> [Int64] {
            requests.compactMap { request in
                guard let lease = request.putLease, lease != 0 else { return nil }
                return lease
            }
        }
        switch input {
        case .request(let request): return leases([request])
        case .txn(_, let success, let failure): return leases(success) + leases(failure)
        case .leaseGrant(let lease), .leaseRevoke(let lease):
            return observed == nil ? [] : [lease]
        case .leaseKeepAlive(let lease), .leaseExpire(let lease): return [lease]
        case .compact: return []
        }
    }

    /// Erases the liveness of unused leases (no operation still to be linearized names them)
    /// that no key is attached to.
    ///
    /// Why it is safe: let s and s' differ only in the liveness of such leases, and take a
    /// legal run from s of operations that name none of them. Drop from it the pending grants
    /// and revocations of those leases (the only operations in it that mention them). No
    /// operation left depends on their liveness: a put on a lease names it, and so do keep-
    /// alives, expiries and completed grants and revocations. No key gets attached to them
    /// (that takes a put naming the lease), so the dropped revocations deleted nothing and only
    /// changed liveness. Step by step, the run without them goes from s' through states that
    /// differ from the original ones only in those leases' liveness, with the same outputs.
    public func forgetting(in state: State, unused: (Int64) -> Bool) -> State? {
        func erasable(_ lease: Int64) -> Bool {
            unused(lease) && !state.records.contains { $0?.lease == lease }
        }
        guard state.leases.contains(where: erasable) else { return nil }
        var forgotten = state
        forgotten.leases.removeAll(where: erasable)
        return forgotten
    }
}

extension StoreSpecification.Request {
    /// A range, of either kind: it changes nothing.
    public var isRead: Bool {
        switch self {
        case .range, .rangeWith: return true
        case .put, .putWithPrevious, .delete, .deleteWithPrevious: return false
        }
    }

    /// The key of a put, of either kind.
    public var putKey: Int? {
        switch self {
        case .put(let key, _, _), .putWithPrevious(let key, _, _): return key
        case .range, .rangeWith, .delete, .deleteWithPrevious: return nil
        }
    }

    /// The lease of a put, of either kind (0: none).
    public var putLease: Int64? {
        switch self {
        case .put(_, _, let lease), .putWithPrevious(_, _, let lease): return lease
        case .range, .rangeWith, .delete, .deleteWithPrevious: return nil
        }
    }
}

extension StoreSpecification.Response {
    /// The number of keys a delete answered it deleted, nil when it is not a delete's or was
    /// not observed.
    public var deletedCount: Int? {
        switch self {
        case .delete(let count): return count
        case .deleteWithPrevious(let count, let previous): return count ?? previous.count
        case .put, .range, .rangeWith, .putWithPrevious: return nil
        }
    }
}
