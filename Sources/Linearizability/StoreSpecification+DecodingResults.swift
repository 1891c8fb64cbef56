extension StoreSpecification.HistoryDecoder {
    typealias Spec = StoreSpecification

    /// What an `ok` completion says the call answered; fields left out stay unchecked.
    mutating func output(_ completion: HistoryEvent, for input: Spec.Input) throws -> Spec.Output {
        let line = completion.line
        var observed = Spec.Output()
        if let revision = Self.field(completion, "revision"), !revision.isNull {
            guard let number = revision.integer else { throw HistoryError(line: line, "revision must be an integer") }
            observed.revision = number
        }
        switch input {
        case .request(let single):
            if let response = try response(Self.merged(completion), for: single, line: line, required: false) {
                observed.responses = [response]
            }
        case .txn(_, let success, let failure):
            if let succeeded = Self.field(completion, "succeeded"), !succeeded.isNull {
                guard case .bool(let flag) = succeeded else { throw HistoryError(line: line, "succeeded must be true or false") }
                observed.succeeded = flag
            }
            if let list = Self.field(completion, "responses"), !list.isNull {
                guard let flag = observed.succeeded else {
                    throw HistoryError(line: line, "txn responses need succeeded to say which branch ran")
                }
                let branch = flag ? success : failure
                guard let items = list.elements, items.count == branch.count else {
                    throw HistoryError(line: line, "txn responses must list one response per request of the branch that ran")
                }
                observed.responses = try zip(items, branch).map { try response($0, for: $1, line: line, required: true)! }
            }
        case .leaseRevoke, .leaseKeepAlive:
            // etcd answers a revocation or keep-alive of a lease it does not know with an
            // error (a `fail`), so an ok without `found` found the lease: a documented
            // default, not a guess. A `found` that is not a boolean is a mistake.
            switch Self.field(completion, "found") {
            case nil, .null?: observed.found = true
            case .bool(let flag)?: observed.found = flag
            case let other?: throw HistoryError(line: line, "found must be true or false, got \(other.brief)")
            }
        case .leaseGrant, .leaseExpire, .compact:
            break
        }
        return observed
    }

    /// A request's answer from its fields: nil when nothing of it was observed, unless
    /// `required` (a transaction's responses), where a range must carry its kvs.
    mutating func response(_ map: HistoryValue, for request: Spec.Request, line: Int, required: Bool) throws -> Spec.Response? {
        switch request {
        case .put:
            return required ? .put : nil
        case .putWithPrevious:
            guard let previous = map[field: "prev_kv"] else { return required ? .put : nil }
            return .putWithPrevious(previous.isNull ? nil : try keyValue(previous, line: line, keysOnly: false))
        case .range:
            guard let kvs = map[field: "kvs"] else {
                if required { throw HistoryError(line: line, "a range response needs kvs") }
                return nil
            }
            return .range(try keyValues(kvs, line: line, keysOnly: false))
        case .rangeWith(_, _, let options):
            guard let kvs = map[field: "kvs"] else {
                if required { throw HistoryError(line: line, "a range response needs kvs") }
                return nil
            }
            let found = try keyValues(kvs, line: line, keysOnly: options.keysOnly)
            let count = try Self.count(map[field: "count"], "count", line: line)
            var more: Bool?
            switch map[field: "more"] {
            case nil, .null?: more = nil
            case .bool(let flag)?: more = flag
            case let other?: throw HistoryError(line: line, "more must be true or false, got \(other.brief)")
            }
            return .rangeWith(kvs: found, count: count, more: more)
        case .delete, .deleteWithPrevious:
            let deleted = try Self.count(map[field: "deleted"], "deleted", line: line)
            if case .deleteWithPrevious = request, let previous = map[field: "prev_kvs"], !previous.isNull {
                return .deleteWithPrevious(deleted: deleted, previous: try keyValues(previous, line: line, keysOnly: false))
            }
            return deleted == nil && !required ? nil : .delete(deleted)
        }
    }

    mutating func keyValues(_ list: HistoryValue, line: Int, keysOnly: Bool) throws -> [Spec.KeyValue] {
        guard let items = list.elements else { throw HistoryError(line: line, "kvs must be a list, got \(list.brief)") }
        return try items.map { try keyValue($0, line: line, keysOnly: keysOnly) }
    }

    /// A returned key-value. With keys only, its value is 0 (nil: not returned) when left out
    /// or empty, as etcd returns it; any other value is kept, and cannot match.
    mutating func keyValue(_ item: HistoryValue, line: Int, keysOnly: Bool) throws -> Spec.KeyValue {
        guard let key = item[field: "key"]?.scalarText, let index = keyIndex[key] else {
            throw HistoryError(line: line, "a returned key-value needs a key that the history uses")
        }
        let valueText = item[field: "value"]?.scalarText
        let value: Int
        if keysOnly && (valueText ?? "").isEmpty {
            value = 0
        } else {
            guard let valueText else { throw HistoryError(line: line, "the returned key \(key) needs a value") }
            value = values.intern(valueText)
        }
        func number(_ name: String) throws -> Int64? {
            guard let found = item[field: name], !found.isNull else { return nil }
            guard let integer = found.integer else { throw HistoryError(line: line, "\(name) must be an integer") }
            return integer
        }
        return Spec.KeyValue(key: index, value: value, createRevision: try number("create_revision"),
                             modRevision: try number("mod_revision"), version: try number("version"), lease: try number("lease"))
    }

    /// A count (`deleted`, a range's `count`): nil when not reported, an error when it is not one.
    static func count(_ value: HistoryValue?, _ name: String, line: Int) throws -> Int? {
        guard let value, !value.isNull else { return nil }
        guard let count = value.integer, count >= 0, count <= Int64(Int32.max) else {
            throw HistoryError(line: line, "\(name) must be a non-negative integer, got \(value.brief)")
        }
        return Int(count)
    }

    /// The refusal a `fail` completion names in its `error`, when it is one the specification
    /// checks: "compacted" (with the `compact_revision` when given) or "future-revision", in
    /// these words or etcd's messages. Nil for any other: that call did not happen.
    static func failure(_ completion: HistoryEvent) throws -> Spec.Failure? {
        guard let error = field(completion, "error")?.scalarText else { return nil }
        switch error {
        case "compacted", "mvcc: required revision has been compacted":
            guard let revision = field(completion, "compact_revision"), !revision.isNull else { return .compacted(nil) }
            guard let number = revision.integer else {
                throw HistoryError(line: completion.line, "compact_revision must be an integer, got \(revision.brief)")
            }
            return .compacted(number)
        case "future-revision", "future revision", "mvcc: required revision is a future revision":
            return .futureRevision
        default:
            return nil
        }
    }
}
