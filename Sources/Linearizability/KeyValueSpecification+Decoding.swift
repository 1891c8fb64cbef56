extension KeyValueSpecification {
    /// Functions `get`, `put` and `append`, each with a `key`; `put` and `append` carry a
    /// `value`, a completed `get` returns one (nil reads as "" under Jepsen semantics and is
    /// unconstrained under Knossos's).
    public static func decode(
        _ history: RecordedHistory, semantics: Semantics
    ) throws -> (KeyValueSpecification, [Operation<Input, Output>]) {
        let processNumber = history.processNumbers
        var keyTable = ValueTable()
        var operations: [Operation<Input, Output>] = []
        for call in history.calls {
            let line = call.line
            guard let keyValue = call.invocation.record[field: "key"], let keyText = keyValue.scalarText else {
                throw HistoryError(line: line, "\(call.f) needs a key")
            }
            let key = keyTable.intern(keyText) - 1
            let input: Input
            switch call.f {
            case "get", "read":
                input = .get(key: key)
            case "put", "write", "append":
                guard let text = call.invocation.value.scalarText else {
                    throw HistoryError(line: line, "\(call.f) needs a scalar value, got \(call.invocation.value.brief)")
                }
                input = call.f == "append" ? .append(key: key, value: text) : .put(key: key, value: text)
            default:
                throw HistoryError(line: line, "unknown function '\(call.f)' for the kv model (expected get, put or append)")
            }
            var output: Output?
            var returnTime = call.returnTime
            switch call.ending {
            case .info, .invoke:
                output = nil
                returnTime = nil
            case .ok:
                if case .get = input {
                    let seen = try call.completion!.reportedValue(of: call.f)
                    if seen.isNull {
                        output = semantics == .jepsen ? .value("") : nil
                    } else {
                        guard let text = seen.scalarText else {
                            throw HistoryError(line: call.completion!.line, "get returned a non-scalar value \(seen.brief)")
                        }
                        output = .value(text)
                    }
                } else {
                    output = .done
                }
            case .fail:
                if semantics == .jepsen, case .get = input {
                    output = nil
                } else {
                    continue
                }
            }
            operations.append(
                Operation(id: operations.count, process: processNumber[call.process]!,
                          callTime: call.callTime, returnTime: returnTime, input: input, output: output, line: line))
        }
        return (KeyValueSpecification(keys: Array(keyTable.names.dropFirst())), operations)
    }
}
