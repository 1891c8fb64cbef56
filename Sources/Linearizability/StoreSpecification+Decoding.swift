extension StoreSpecification {
    /// Reads the store's operations (see the README's JSON-lines section for the fields).
    /// Arguments are read from the invocation, results from the completion, each either as
    /// top-level fields or inside the `value` map. A `fail` did not happen, under either
    /// semantics: the store answered with an error and changed nothing.
    public static func decode(
        _ history: RecordedHistory, initialRevision: Int64 = 1
    ) throws -> (StoreSpecification, [Operation<Input, Output>]) {
        // Keys first: the key table must be sorted so that ranges are index intervals.
        var keyNames: Set<String> = []
        for call in history.calls {
            let event = call.invocation
            if let key = field(event, "key")?.scalarText { keyNames.insert(key) }
            for branch in ["success", "failure", "compare"] {
                for item in field(event, branch)?.elements ?? [] {
                    if let key = item[field: "key"]?.scalarText { keyNames.insert(key) }
                }
            }
        }
        let keys = keyNames.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var keyIndex: [String: Int] = [:]
        for (index, key) in keys.enumerated() { keyIndex[key] = index }
        var values = ValueTable()

        func lowerBound(_ text: String) -> Int {
            let bytes = Array(text.utf8)
            var low = 0
            var high = keys.count
            while low < high {
                let middle = (low + high) / 2
                if Array(keys[middle].utf8).lexicographicallyPrecedes(bytes) { low = middle + 1 } else { high = middle }
            }
            return low
        }

        func interval(_ map: HistoryValue, line: Int, what: String) throws -> (Int, Int) {
            guard let key = map[field: "key"]?.scalarText else { throw HistoryError(line: line, "\(what) needs a key") }
            let from = keyIndex[key]!
            guard let end = map[field: "end"], !end.isNull else { return (from, from + 1) }
            guard let endText = end.scalarText else { throw HistoryError(line: line, "\(what) end must be a string") }
            if endText == "\u{0}" { return (from, keys.count) }
            return (from, max(from, lowerBound(endText)))
        }

        func request(_ map: HistoryValue, f: String, line: Int) throws -> Request {
            switch f {
            case "put":
                guard let key = map[field: "key"]?.scalarText else { throw HistoryError(line: line, "put needs a key") }
                guard let value = map[field: "value"]?.scalarText else { throw HistoryError(line: line, "put needs a value") }
                var lease: Int64 = 0
                if let leaseValue = map[field: "lease"], !leaseValue.isNull {
                    guard let number = leaseValue.integer, number >= 0 else {
                        throw HistoryError(line: line, "lease must be a non-negative integer, got \(leaseValue.brief)")
                    }
                    lease = number
                }
                return .put(key: keyIndex[key]!, value: values.intern(value), lease: lease)
            case "range", "get":
                let (from, to) = try interval(map, line: line, what: f)
                return .range(from: from, to: to)
            case "delete":
                let (from, to) = try interval(map, line: line, what: f)
                return .delete(from: from, to: to)
            default:
                throw HistoryError(line: line, "unknown request '\(f)' (expected put, range or delete)")
            }
        }

        func leaseID(_ call: RecordedHistory.Call) throws -> Int64 {
            let found = field(call.invocation, "lease") ?? call.completion.flatMap { field($0, "lease") }
            guard let number = found?.integer, number > 0 else {
                throw HistoryError(line: call.line, "\(call.f) needs a positive integer lease id")
            }
            return number
        }

        func keyValues(_ list: HistoryValue, line: Int) throws -> [KeyValue] {
            guard let items = list.elements else { throw HistoryError(line: line, "kvs must be a list, got \(list.brief)") }
            return try items.map { item in
                guard let key = item[field: "key"]?.scalarText, let index = keyIndex[key] else {
                    throw HistoryError(line: line, "a returned key-value needs a key that the history uses")
                }
                guard let value = item[field: "value"]?.scalarText else {
                    throw HistoryError(line: line, "the returned key \(key) needs a value")
                }
                func number(_ name: String) throws -> Int64? {
                    guard let found = item[field: name], !found.isNull else { return nil }
                    guard let integer = found.integer else { throw HistoryError(line: line, "\(name) must be an integer") }
                    return integer
                }
                return KeyValue(key: index, value: values.intern(value), createRevision: try number("create_revision"),
                                modRevision: try number("mod_revision"), version: try number("version"),
                                lease: try number("lease"))
            }
        }

        func response(_ map: HistoryValue, for request: Request, line: Int) throws -> Response {
            switch request {
            case .put: return .put
            case .range:
                guard let kvs = map[field: "kvs"] else { throw HistoryError(line: line, "a range response needs kvs") }
                return .range(try keyValues(kvs, line: line))
            case .delete:
                return .delete(try deletedCount(map[field: "deleted"], line: line))
            }
        }

        /// A list of the invocation that must be written out, even empty: a transaction whose
        /// `compare` were missing would be read as unconditional.
        func list(_ name: String, of call: RecordedHistory.Call) throws -> [HistoryValue] {
            guard let found = field(call.invocation, name) else {
                throw HistoryError(line: call.line, "\(call.f) needs \(name) (a list, [] when empty)")
            }
            guard let items = found.elements else {
                throw HistoryError(line: call.line, "\(call.f) \(name) must be a list, got \(found.brief)")
            }
            return items
        }

        var operations: [Operation<Input, Output>] = []
        for call in history.calls {
            let line = call.line
            let invocation = call.invocation
            let input: Input
            switch call.f {
            case "put", "range", "get", "delete":
                input = .request(try request(merged(invocation), f: call.f, line: line))
            case "txn":
                let compares = try list("compare", of: call).map { try compare($0, keyIndex, &values, line: line) }
                let success = try list("success", of: call).map { item in
                    try request(item, f: item[field: "f"]?.scalarText ?? "", line: line)
                }
                let failure = try list("failure", of: call).map { item in
                    try request(item, f: item[field: "f"]?.scalarText ?? "", line: line)
                }
                input = .txn(compares: compares, success: success, failure: failure)
            case "lease-grant": input = .leaseGrant(try leaseID(call))
            case "lease-revoke": input = .leaseRevoke(try leaseID(call))
            case "lease-keepalive": input = .leaseKeepAlive(try leaseID(call))
            case "lease-expire": input = .leaseExpire(try leaseID(call))
            default:
                throw HistoryError(
                    line: line,
                    "unknown function '\(call.f)' for the etcd model (expected put, range, delete, txn, lease-grant, lease-revoke, lease-keepalive or lease-expire)")
            }
            var output: Output?
            var returnTime = call.returnTime
            switch call.ending {
            case .info, .invoke:
                returnTime = nil
            case .fail:
                continue
            case .ok:
                let completion = call.completion!
                let completionLine = completion.line
                var observed = Output()
                if let revision = field(completion, "revision"), !revision.isNull {
                    guard let number = revision.integer else { throw HistoryError(line: completionLine, "revision must be an integer") }
                    observed.revision = number
                }
                switch input {
                case .request(let single):
                    switch single {
                    case .put: break
                    case .range:
                        if let kvs = field(completion, "kvs") { observed.responses = [.range(try keyValues(kvs, line: completionLine))] }
                    case .delete:
                        if let deleted = try deletedCount(field(completion, "deleted"), line: completionLine) {
                            observed.responses = [.delete(deleted)]
                        }
                    }
                case .txn(_, let success, let failure):
                    if let succeeded = field(completion, "succeeded"), !succeeded.isNull {
                        guard case .bool(let flag) = succeeded else {
                            throw HistoryError(line: completionLine, "succeeded must be true or false")
                        }
                        observed.succeeded = flag
                    }
                    if let list = field(completion, "responses"), !list.isNull {
                        guard let flag = observed.succeeded else {
                            throw HistoryError(line: completionLine, "txn responses need succeeded to say which branch ran")
                        }
                        let branch = flag ? success : failure
                        guard let items = list.elements, items.count == branch.count else {
                            throw HistoryError(line: completionLine, "txn responses must list one response per request of the branch that ran")
                        }
                        observed.responses = try zip(items, branch).map { try response($0, for: $1, line: completionLine) }
                    }
                case .leaseRevoke, .leaseKeepAlive:
                    // etcd answers a revocation or keep-alive of a lease it does not know with an
                    // error (a `fail`), so an ok without `found` found the lease: a documented
                    // default, not a guess. A `found` that is not a boolean is a mistake.
                    switch field(completion, "found") {
                    case nil, .null?: observed.found = true
                    case .bool(let flag)?: observed.found = flag
                    case let other?: throw HistoryError(line: completionLine, "found must be true or false, got \(other.brief)")
                    }
                case .leaseGrant, .leaseExpire:
                    break
                }
                output = observed
            }
            operations.append(
                Operation(id: operations.count, process: history.processes.firstIndex(of: call.process)!,
                          callTime: call.callTime, returnTime: returnTime, input: input, output: output, line: line))
        }
        return (StoreSpecification(keys: keys, values: values, initialRevision: initialRevision), operations)
    }

    /// A delete's `deleted` count: nil when not reported, an error when it is not a count.
    private static func deletedCount(_ value: HistoryValue?, line: Int) throws -> Int? {
        guard let value, !value.isNull else { return nil }
        guard let count = value.integer, count >= 0, count <= Int64(Int32.max) else {
            throw HistoryError(line: line, "deleted must be a non-negative integer, got \(value.brief)")
        }
        return Int(count)
    }

    /// A field of the record, or of its `value` map.
    private static func field(_ event: HistoryEvent, _ name: String) -> HistoryValue? {
        if name != "value", let found = event.record[field: name] { return found }
        return event.value[field: name]
    }

    /// The record with the fields of its `value` map folded in, for requests whose
    /// arguments may sit at either level. A scalar `value` is the put's value itself.
    private static func merged(_ event: HistoryEvent) -> HistoryValue {
        guard case .map(var pairs) = event.record else { return event.record }
        if case .map(let inner) = event.value {
            pairs.removeAll { $0.key == .string("value") || $0.key == .keyword("value") }
            pairs.append(contentsOf: inner)
        }
        return .map(pairs)
    }

    private static func compare(_ item: HistoryValue, _ keyIndex: [String: Int], _ values: inout ValueTable, line: Int) throws -> Compare {
        guard let key = item[field: "key"]?.scalarText, let index = keyIndex[key] else {
            throw HistoryError(line: line, "a compare needs a key")
        }
        let targetName = item[field: "target"]?.scalarText ?? ""
        let target: CompareTarget
        switch targetName {
        case "value": target = .value
        case "version": target = .version
        case "create", "create_revision", "create-revision": target = .create
        case "mod", "mod_revision", "mod-revision": target = .mod
        case "lease": target = .lease
        default: throw HistoryError(line: line, "compare target must be value, version, create, mod or lease, got '\(targetName)'")
        }
        let resultName = (item[field: "op"] ?? item[field: "result"])?.scalarText ?? ""
        let result: CompareResult
        switch resultName {
        case "=", "==", "equal": result = .equal
        case "!=", "not_equal", "not-equal": result = .notEqual
        case "<", "less": result = .less
        case ">", "greater": result = .greater
        default: throw HistoryError(line: line, "compare op must be =, !=, < or >, got '\(resultName)'")
        }
        guard let operandValue = item[field: "value"] else { throw HistoryError(line: line, "a compare needs a value") }
        let operand: Int64
        if target == .value {
            guard let text = operandValue.scalarText else { throw HistoryError(line: line, "a value compare needs a scalar value") }
            operand = Int64(values.intern(text))
        } else {
            guard let number = operandValue.integer else {
                throw HistoryError(line: line, "a \(targetName) compare needs an integer, got \(operandValue.brief)")
            }
            operand = number
        }
        return Compare(key: index, target: target, result: result, operand: operand)
    }
}
