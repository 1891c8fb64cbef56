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
        case range(from: Int, to: Int)
        case delete(from: Int, to: Int)
    }

    public enum Input: Sendable, Hashable {
        case request(Request)
        case txn(compares: [Compare], success: [Request], failure: [Request])
        case leaseGrant(Int64)
        case leaseRevoke(Int64)
        case leaseKeepAlive(Int64)
        /// Recorded by the pseudo-process of the store's lease expiry at its commit time.
        case leaseExpire(Int64)
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
    }

    /// What an operation answered. Every field is optional on the observed side: a history
    /// that does not record a revision leaves it unconstrained.
    public struct Output: Sendable, Hashable {
        public var revision: Int64?
        public var succeeded: Bool?
        public var responses: [Response]?
        public var found: Bool?
        public init(revision: Int64? = nil, succeeded: Bool? = nil, responses: [Response]? = nil, found: Bool? = nil) {
            self.revision = revision
            self.succeeded = succeeded
            self.responses = responses
            self.found = found
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
        }
    }

    public let name = "etcd"
    /// Every key of the history, sorted by their UTF-8 bytes as etcd orders them.
    public let keys: [String]
    public let values: ValueTable
    public let initialState: State

    public init(keys: [String], values: ValueTable, initialRevision: Int64 = 1) {
        precondition(zip(keys, keys.dropFirst()).allSatisfy { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) },
                     "keys must be sorted and distinct")
        self.keys = keys
        self.values = values
        initialState = State(revision: initialRevision, records: Array(repeating: nil, count: keys.count), leases: [])
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
            guard let response = perform(request, on: &next, at: state.revision + 1, changed: &changed) else { return nil }
            if changed { next.revision = state.revision + 1 }
            return (Output(revision: next.revision, responses: [response]), next)
        case .txn(let compares, let success, let failure):
            let succeeded = compares.allSatisfy { holds($0, in: state) }
            var next = state
            var changed = false
            var responses: [Response] = []
            for request in succeeded ? success : failure {
                guard let response = perform(request, on: &next, at: state.revision + 1, changed: &changed) else {
                    return nil
                }
                responses.append(response)
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
        }
    }

    /// Removes the lease and, in one revision, every key attached to it.
    private func revoking(_ lease: Int64, in state: State) -> State {
        var next = state
        next.leases.removeAll { $0 == lease }
        var changed = false
        for key in next.records.indices where next.records[key]?.lease == lease {
            next.records[key] = nil
            changed = true
        }
        if changed { next.revision += 1 }
        return next
    }

    private func perform(_ request: Request, on state: inout State, at revision: Int64, changed: inout Bool) -> Response? {
        switch request {
        case .put(let key, let value, let lease):
            if lease != 0 && !state.leases.contains(lease) { return nil }
            if let old = state.records[key] {
                state.records[key] = Record(value: value, createRevision: old.createRevision, modRevision: revision,
                                            version: old.version + 1, lease: lease)
            } else {
                state.records[key] = Record(value: value, createRevision: revision, modRevision: revision, version: 1, lease: lease)
            }
            changed = true
            return .put
        case .range(let from, let to):
            var found: [KeyValue] = []
            for key in from..<max(from, to) {
                guard let record = state.records[key] else { continue }
                found.append(KeyValue(key: key, value: record.value, createRevision: record.createRevision,
                                      modRevision: record.modRevision, version: record.version, lease: record.lease))
            }
            return .range(found)
        case .delete(let from, let to):
            var count = 0
            for key in from..<max(from, to) where state.records[key] != nil {
                state.records[key] = nil
                count += 1
            }
            if count > 0 { changed = true }
            return .delete(count)
        }
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
        func reads(_ requests: [Request]) -> Bool {
            requests.allSatisfy { request in
                if case .range = request { return true }
                return false
            }
        }
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
        case .leaseGrant, .leaseExpire: return false
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
        func puts(_ requests: [Request]) -> Bool {
            requests.contains { request in
                if case .put = request { return true }
                return false
            }
        }
        switch input {
        case .request(.put):
            return revision - 1
        case .request(.delete):
            if case .delete(let count?)? = observed.responses?.first, count > 0 { return revision - 1 }
            return revision
        case .txn(_, let success, let failure):
            switch observed.succeeded {
            case true?: return puts(success) ? revision - 1 : revision
            case false?: return puts(failure) ? revision - 1 : revision
            case nil: return puts(success) && puts(failure) ? revision - 1 : revision
            }
        case .request(.range), .leaseGrant, .leaseRevoke, .leaseKeepAlive, .leaseExpire:
            return revision
        }
    }

    /// Every operation answers the revision of the state it leaves (`accepts` requires the
    /// observed revision to be the produced one), so that revision is the floor, exactly.
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
                if case .put(_, _, let lease) = request, lease != 0 { return lease }
                return nil
            }
        }
        switch input {
        case .request(let request): return leases([request])
        case .txn(_, let success, let failure): return leases(success) + leases(failure)
        case .leaseGrant(let lease), .leaseRevoke(let lease):
            return observed == nil ? [] : [lease]
        case .leaseKeepAlive(let lease), .leaseExpire(let lease): return [lease]
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

    // MARK: Matching observed outputs

    public func accepts(observed: Output, produced: Output) -> Bool {
        if let revision = observed.revision, revision != produced.revision { return false }
        if let succeeded = observed.succeeded, succeeded != produced.succeeded { return false }
        if let found = observed.found, found != produced.found { return false }
        if let responses = observed.responses {
            guard let actual = produced.responses, actual.count == responses.count else { return false }
            for (seen, real) in zip(responses, actual) where !matches(seen, real) { return false }
        }
        return true
    }

    private func matches(_ seen: Response, _ real: Response) -> Bool {
        switch (seen, real) {
        case (.put, .put): return true
        case (.delete(let seenCount), .delete(let realCount)): return seenCount == nil || seenCount == realCount
        case (.range(let seenKVs), .range(let realKVs)):
            guard seenKVs.count == realKVs.count else { return false }
            for (a, b) in zip(seenKVs, realKVs) {
                if a.key != b.key || a.value != b.value { return false }
                if let x = a.createRevision, x != b.createRevision { return false }
                if let x = a.modRevision, x != b.modRevision { return false }
                if let x = a.version, x != b.version { return false }
                if let x = a.lease, x != b.lease { return false }
            }
            return true
        default: return false
        }
    }

    // MARK: Descriptions

    public func describe(input: Input) -> String {
        switch input {
        case .request(let request): return describe(request)
        case .txn(let compares, let success, let failure):
            let condition = compares.map(describe).joined(separator: " && ")
            return "txn(if \(condition.isEmpty ? "true" : condition) then [\(success.map(describe).joined(separator: ", "))]"
                + " else [\(failure.map(describe).joined(separator: ", "))])"
        case .leaseGrant(let lease): return "lease-grant(\(lease))"
        case .leaseRevoke(let lease): return "lease-revoke(\(lease))"
        case .leaseKeepAlive(let lease): return "lease-keepalive(\(lease))"
        case .leaseExpire(let lease): return "lease-expire(\(lease))"
        }
    }

    private func describe(_ request: Request) -> String {
        switch request {
        case .put(let key, let value, let lease):
            return "put(\(keys[key]), \(values.name(value))\(lease != 0 ? ", lease \(lease)" : ""))"
        case .range(let from, let to): return "range(\(describeRange(from, to)))"
        case .delete(let from, let to): return "delete(\(describeRange(from, to)))"
        }
    }

    private func describeRange(_ from: Int, _ to: Int) -> String {
        if to == from + 1 { return keys[from] }
        if from >= to { return "∅" }
        return "\(keys[from])…\(keys[to - 1])"
    }

    private func describe(_ compare: Compare) -> String {
        let operand = compare.target == .value ? values.name(Int(compare.operand)) : String(compare.operand)
        return "\(compare.target.rawValue)(\(keys[compare.key])) \(compare.result.rawValue) \(operand)"
    }

    public func describe(output: Output) -> String {
        var parts: [String] = []
        if let succeeded = output.succeeded { parts.append(succeeded ? "succeeded" : "failed") }
        if let found = output.found { parts.append(found ? "found" : "not found") }
        for response in output.responses ?? [] {
            switch response {
            case .put: break
            case .range(let kvs):
                parts.append("[" + kvs.map { kv in
                    var text = "\(keys[kv.key])=\(values.name(kv.value))"
                    if let mod = kv.modRevision { text += "@\(mod)" }
                    return text
                }.joined(separator: ", ") + "]")
            case .delete(let count): if let count { parts.append("deleted \(count)") }
            }
        }
        if let revision = output.revision { parts.append("rev \(revision)") }
        return parts.isEmpty ? "ok" : parts.joined(separator: ", ")
    }

    public func describe(state: State) -> String {
        var parts: [String] = []
        for (key, record) in state.records.enumerated() {
            guard let record else { continue }
            var text = "\(keys[key])=\(values.name(record.value)) (create \(record.createRevision), mod \(record.modRevision), version \(record.version)"
            if record.lease != 0 { text += ", lease \(record.lease)" }
            parts.append(text + ")")
            if parts.count == 8 { break }
        }
        let leases = state.leases.isEmpty ? "no live lease" : "live leases " + state.leases.map(String.init).joined(separator: ", ")
        return "the store is at revision \(state.revision) with "
            + (parts.isEmpty ? "no keys" : parts.joined(separator: "; ")) + " and " + leases
    }
}
