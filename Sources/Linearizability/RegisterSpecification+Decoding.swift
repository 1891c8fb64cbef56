extension RegisterSpecification {
    /// Gives a recorded history the meaning of a register (`cas: false`) or CAS register.
    /// Functions: `read`, `write` (value), `cas` (value `[expected new]`).
    public static func decode(
        _ history: RecordedHistory, cas: Bool, initial: String?, semantics: Semantics
    ) throws -> (RegisterSpecification, [Operation<Input, Output>]) {
        let processNumber = history.processNumbers
        var values = ValueTable()
        let initialIndex = initial == nil || initial == "nil" ? 0 : values.intern(initial)
        var operations: [Operation<Input, Output>] = []
        for call in history.calls {
            let line = call.line
            let input: Input
            switch call.f {
            case "read":
                input = .read
            case "write":
                guard let text = call.invocation.value.scalarText else {
                    throw HistoryError(line: line, "write needs a scalar value, got \(call.invocation.value.brief)")
                }
                input = .write(values.intern(text))
            case "cas":
                guard cas else {
                    throw HistoryError(line: line, "cas is not an operation of the register model (use --model cas-register)")
                }
                guard let pair = call.invocation.value.elements, pair.count == 2,
                    let expected = pair[0].scalarText ?? (pair[0].isNull ? "nil" : nil),
                    let new = pair[1].scalarText
                else {
                    throw HistoryError(line: line, "cas needs a value [expected new], got \(call.invocation.value.brief)")
                }
                input = .cas(expected: values.intern(expected == "nil" ? nil : expected), new: values.intern(new))
            default:
                let known = cas ? "read, write or cas" : "read or write"
                throw HistoryError(line: line, "unknown function '\(call.f)' for the \(cas ? "cas-register" : "register") model (expected \(known))")
            }
            var output: Output?
            var returnTime = call.returnTime
            switch call.ending {
            case .info, .invoke:
                output = nil
                returnTime = nil
            case .ok:
                switch input {
                case .read:
                    let seen = try call.completion!.reportedValue(of: "read")
                    if seen.isNull {
                        output = semantics == .jepsen ? .read(0) : nil
                    } else {
                        guard let text = seen.scalarText else {
                            throw HistoryError(line: call.completion!.line, "read returned a non-scalar value \(seen.brief)")
                        }
                        output = .read(values.intern(text))
                    }
                case .write: output = .written
                case .cas: output = .cas(true)
                }
            case .fail:
                switch (semantics, input) {
                case (.jepsen, .cas): output = .cas(false)
                case (.jepsen, .read): output = nil
                default: continue  // did not happen
                }
            }
            operations.append(
                Operation(id: operations.count, process: processNumber[call.process]!,
                          callTime: call.callTime, returnTime: returnTime, input: input, output: output, line: line))
        }
        let spec = RegisterSpecification(name: cas ? "cas-register" : "register", initial: initialIndex, values: values)
        return (spec, operations)
    }
}
