extension StoreSpecification {
    /// Reads the store's operations (see the README's JSON-lines section for the fields).
    /// Arguments are read from the invocation, results from the completion, each either as
    /// top-level fields or inside the `value` map. A `fail` did not happen, under either
    /// semantics: the store answered with an error and changed nothing; one whose `error` is
    /// etcd's "compacted" or "future revision" happened, and is checked as that refusal.
    public static func decode(
        _ history: RecordedHistory, initialRevision: Int64 = 1
    ) throws -> (StoreSpecification, [Operation<Input, Output>]) {
        var decoder = HistoryDecoder(history)
        var operations: [Operation<Input, Output>] = []
        let processNumber = history.processNumbers
        for call in history.calls {
            let input = try decoder.input(call)
            var output: Output?
            var returnTime = call.returnTime
            switch call.ending {
            case .info, .invoke:
                returnTime = nil
            case .fail:
                guard let failure = try HistoryDecoder.failure(call.completion!) else { continue }
                output = Output(failure: failure)
            case .ok:
                output = try decoder.output(call.completion!, for: input)
            }
            operations.append(
                Operation(id: operations.count, process: processNumber[call.process]!,
                          callTime: call.callTime, returnTime: returnTime, input: input, output: output, line: call.line))
        }
        let spec = StoreSpecification(keys: decoder.keys, values: decoder.values, initialRevision: initialRevision,
                                      readRevisions: readRevisions(of: operations.map(\.input)))
        return (spec, operations)
    }

    /// The past revisions the ranges ask for, from the lowest to the highest, or nil when none
    /// asks for one: the history the states must keep.
    static func readRevisions(of inputs: [Input]) -> ClosedRange<Int64>? {
        var low = Int64.max
        var high: Int64 = 0
        func note(_ requests: [Request]) {
            for case .rangeWith(_, _, let options) in requests where options.revision > 0 {
                low = min(low, options.revision)
                high = max(high, options.revision)
            }
        }
        for input in inputs {
            switch input {
            case .request(let request): note([request])
            case .txn(_, let success, let failure): note(success + failure)
            case .leaseGrant, .leaseRevoke, .leaseKeepAlive, .leaseExpire, .compact: continue
            }
        }
        return high == 0 ? nil : low...high
    }

    /// The key table of a history, and the reading of its calls against it.
    struct HistoryDecoder {
        /// Every key the invocations name, sorted by their UTF-8 bytes, so that ranges are
        /// index intervals.
        let keys: [String]
        let keyIndex: [String: Int]
        var values = ValueTable()

        init(_ history: RecordedHistory) {
            var keyNames: Set<String> = []
            for call in history.calls {
                let event = call.invocation
                if let key = HistoryDecoder.field(event, "key")?.scalarText { keyNames.insert(key) }
                for branch in ["success", "failure", "compare"] {
                    for item in HistoryDecoder.field(event, branch)?.elements ?? [] {
                        if let key = item[field: "key"]?.scalarText { keyNames.insert(key) }
                    }
                }
            }
            keys = keyNames.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            var index: [String: Int] = [:]
            for (position, key) in keys.enumerated() { index[key] = position }
            keyIndex = index
        }

        // MARK: Arguments

        mutating func input(_ call: RecordedHistory.Call) throws -> Input {
            let line = call.line
            switch call.f {
            case "put", "range", "get", "delete":
                return .request(try request(HistoryDecoder.merged(call.invocation), f: call.f, line: line))
            case "txn":
                let compares = try list("compare", of: call).map { try compare($0, line: line) }
                let success = try list("success", of: call).map { item in
                    try request(item, f: item[field: "f"]?.scalarText ?? "", line: line)
                }
                let failure = try list("failure", of: call).map { item in
                    try request(item, f: item[field: "f"]?.scalarText ?? "", line: line)
                }
                return .txn(compares: compares, success: success, failure: failure)
            case "lease-grant": return .leaseGrant(try leaseID(call))
            case "lease-revoke": return .leaseRevoke(try leaseID(call))
            case "lease-keepalive": return .leaseKeepAlive(try leaseID(call))
            case "lease-expire": return .leaseExpire(try leaseID(call))
            case "compact":
                guard let revision = HistoryDecoder.field(call.invocation, "revision")?.integer else {
                    throw HistoryError(line: line, "compact needs the revision to compact at, an integer")
                }
                return .compact(revision)
            default:
                throw HistoryError(
                    line: line,
                    "unknown function '\(call.f)' for the etcd model (expected put, range, delete, txn, compact, lease-grant, "
                        + "lease-revoke, lease-keepalive or lease-expire)")
            }
        }

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

        mutating func request(_ map: HistoryValue, f: String, line: Int) throws -> Request {
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
                let (index, interned) = (keyIndex[key]!, values.intern(value))
                if try HistoryDecoder.flag(map, "prev_kv", line: line) {
                    return .putWithPrevious(key: index, value: interned, lease: lease)
                }
                return .put(key: index, value: interned, lease: lease)
            case "range", "get":
                let (from, to) = try interval(map, line: line, what: f)
                let options = try HistoryDecoder.rangeOptions(map, line: line)
                return options.isDefault ? .range(from: from, to: to) : .rangeWith(from: from, to: to, options: options)
            case "delete":
                let (from, to) = try interval(map, line: line, what: f)
                if try HistoryDecoder.flag(map, "prev_kv", line: line) { return .deleteWithPrevious(from: from, to: to) }
                return .delete(from: from, to: to)
            default:
                throw HistoryError(line: line, "unknown request '\(f)' (expected put, range or delete)")
            }
        }

        /// etcd's range options: `revision`, `limit`, `keys_only`, `count_only`.
        static func rangeOptions(_ map: HistoryValue, line: Int) throws -> RangeOptions {
            func count(_ name: String) throws -> Int64 {
                guard let found = map[field: name], !found.isNull else { return 0 }
                guard let number = found.integer, number >= 0, number <= Int64(Int32.max) else {
                    throw HistoryError(line: line, "a range's \(name) must be a non-negative integer, got \(found.brief)")
                }
                return number
            }
            return RangeOptions(revision: try count("revision"), limit: Int(try count("limit")),
                                keysOnly: try flag(map, "keys_only", line: line), countOnly: try flag(map, "count_only", line: line))
        }

        /// A boolean option, false when left out.
        static func flag(_ map: HistoryValue, _ name: String, line: Int) throws -> Bool {
            switch map[field: name] {
            case nil, .null?: return false
            case .bool(let flag)?: return flag
            case let other?: throw HistoryError(line: line, "\(name) must be true or false, got \(other.brief)")
            }
        }

        func leaseID(_ call: RecordedHistory.Call) throws -> Int64 {
            let found = HistoryDecoder.field(call.invocation, "lease") ?? call.completion.flatMap { HistoryDecoder.field($0, "lease") }
            guard let number = found?.integer, number > 0 else {
                throw HistoryError(line: call.line, "\(call.f) needs a positive integer lease id")
            }
            return number
        }

        /// A list of the invocation that must be written out, even empty: a transaction whose
        /// `compare` were missing would be read as unconditional.
        func list(_ name: String, of call: RecordedHistory.Call) throws -> [HistoryValue] {
            guard let found = HistoryDecoder.field(call.invocation, name) else {
                throw HistoryError(line: call.line, "\(call.f) needs \(name) (a list, [] when empty)")
            }
            guard let items = found.elements else {
                throw HistoryError(line: call.line, "\(call.f) \(name) must be a list, got \(found.brief)")
            }
            return items
        }

        mutating func compare(_ item: HistoryValue, line: Int) throws -> Compare {
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

        // MARK: Fields of an event

        /// A field of the record, or of its `value` map.
        static func field(_ event: HistoryEvent, _ name: String) -> HistoryValue? {
            if name != "value", let found = event.record[field: name] { return found }
            return event.value[field: name]
        }

        /// The record with the fields of its `value` map folded in, for requests whose
        /// arguments may sit at either level. A scalar `value` is the put's value itself.
        static func merged(_ event: HistoryEvent) -> HistoryValue {
            guard case .map(var pairs) = event.record else { return event.record }
            if case .map(let inner) = event.value {
                pairs.removeAll { $0.key == .string("value") || $0.key == .keyword("value") }
                pairs.append(contentsOf: inner)
            }
            return .map(pairs)
        }
    }
}
