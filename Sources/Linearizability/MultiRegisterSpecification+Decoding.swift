extension MultiRegisterSpecification {
    /// Knossos's encoding: `:f :txn` with `:value [[:read :x nil] [:write :y 2]]`, the
    /// completion carrying the values read. Also accepted: `:f :read` / `:f :write` with a
    /// map value `{:x 1, :y 2}` (a read's invocation may list the keys with nil values).
    public static func decode(
        _ history: RecordedHistory, initial: String?, semantics: Semantics
    ) throws -> (MultiRegisterSpecification, [Operation<Input, Output>]) {
        let processNumber = history.processNumbers
        var keyTable = ValueTable()
        var values = ValueTable()
        let initialIndex = initial == nil || initial == "nil" ? 0 : values.intern(initial)

        func micros(_ value: HistoryValue, f: String, line: Int) throws -> [(isRead: Bool, key: String, value: HistoryValue)] {
            switch f {
            case "txn":
                guard let items = value.elements else {
                    throw HistoryError(line: line, "txn needs a vector of [f key value] micro-operations, got \(value.brief)")
                }
                return try items.map { item in
                    guard let triple = item.elements, triple.count == 3, let name = triple[0].scalarText,
                        name == "read" || name == "write", let key = triple[1].scalarText
                    else {
                        throw HistoryError(line: line, "a micro-operation must be [:read key value] or [:write key value], got \(item.brief)")
                    }
                    return (name == "read", key, triple[2])
                }
            case "read", "write":
                guard case .map(let pairs) = value else {
                    throw HistoryError(line: line, "\(f) needs a map of registers to values, got \(value.brief)")
                }
                return try pairs.map { pair in
                    guard let key = pair.key.scalarText else { throw HistoryError(line: line, "register names must be scalars") }
                    return (f == "read", key, pair.value)
                }
            default:
                throw HistoryError(line: line, "unknown function '\(f)' for the multi-register model (expected txn, read or write)")
            }
        }

        var decoded: [(call: RecordedHistory.Call, input: Input, output: Output?, returnTime: Int64?)] = []
        for call in history.calls {
            let line = call.line
            let invoked = try micros(call.invocation.value, f: call.f, line: line)
            var input: Input = []
            for micro in invoked {
                let key = keyTable.intern(micro.key) - 1
                if micro.isRead {
                    input.append(.read(key: key))
                } else {
                    guard let text = micro.value.scalarText else {
                        throw HistoryError(line: line, "write of register \(micro.key) needs a scalar value")
                    }
                    input.append(.write(key: key, value: values.intern(text)))
                }
            }
            var output: Output?
            var returnTime = call.returnTime
            switch call.ending {
            case .info, .invoke:
                returnTime = nil
            case .fail:
                let readOnly = invoked.allSatisfy(\.isRead)
                if semantics == .jepsen && readOnly { output = nil } else { continue }
            case .ok:
                let completionLine = call.completion!.line
                // A completion may leave out the value of a transaction of writes only (it would
                // repeat the invocation's); one with reads must say what they read, or its reads
                // would be taken for reads of nil.
                let reported = call.completion!.record[field: "value"] ?? .null
                if reported.isNull && invoked.contains(where: \.isRead) {
                    throw HistoryError(line: completionLine, "ok of \(call.f) with reads without a value (the values read)")
                }
                let completion = reported.isNull ? call.invocation.value : reported
                let returned = try micros(completion, f: call.f, line: completionLine)
                guard returned.count == invoked.count else {
                    throw HistoryError(line: completionLine, "the completion lists \(returned.count) micro-operations, the invocation \(invoked.count)")
                }
                var slots: Output = []
                for (micro, result) in zip(invoked, returned) {
                    guard micro.key == result.key, micro.isRead == result.isRead else {
                        throw HistoryError(line: completionLine, "the completion's micro-operations differ from the invocation's")
                    }
                    if micro.isRead {
                        if result.value.isNull {
                            slots.append(semantics == .jepsen ? 0 : nil)
                        } else {
                            guard let text = result.value.scalarText else {
                                throw HistoryError(line: completionLine, "read of register \(micro.key) returned \(result.value.brief)")
                            }
                            slots.append(values.intern(text))
                        }
                    } else {
                        slots.append(nil)
                    }
                }
                output = slots
            }
            decoded.append((call, input, output, returnTime))
        }
        let spec = MultiRegisterSpecification(keys: Array(keyTable.names.dropFirst()), values: values, initial: initialIndex)
        let operations = decoded.enumerated().map { index, item in
            Operation(id: index, process: processNumber[item.call.process]!, callTime: item.call.callTime,
                      returnTime: item.returnTime, input: item.input, output: item.output, line: item.call.line)
        }
        return (spec, operations)
    }
}
