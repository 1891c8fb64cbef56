import Support
/// The JSON counterexample file: enough to re-execute the trace (`verify replay`) and to read
/// it. Each step has the acting process, the action's description and the full state after it.
public struct TraceDocument: Sendable, Equatable {
    public var model: String
    public var variant: String
    public var parameters: ParameterValues
    public var property: String
    public var kind: String
    public var outcome: Outcome
    public var strategy: String
    public var symmetry: Bool
    public var note: String?
    public var trace: RenderedTrace

    public init(model: String, variant: String, parameters: ParameterValues, property: String, kind: String,
                outcome: Outcome, strategy: String, symmetry: Bool, note: String?, trace: RenderedTrace) {
        self.model = model
        self.variant = variant
        self.parameters = parameters
        self.property = property
        self.kind = kind
        self.outcome = outcome
        self.strategy = strategy
        self.symmetry = symmetry
        self.note = note
        self.trace = trace
    }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("model", .string(model)),
            ("variant", .string(variant)),
            ("parameters", .object(parameters.entries.map { ($0.name, .int($0.value)) })),
            ("property", .string(property)),
            ("kind", .string(kind)),
            ("outcome", .string(outcome.rawValue)),
            ("strategy", .string(strategy)),
            ("symmetry", .bool(symmetry)),
            ("traceLength", .int(trace.length)),
        ]
        if let note { members.append(("note", .string(note))) }
        members.append(("initialState", trace.initial))
        members.append(("steps", .array(trace.steps.enumerated().map { index, step in
            var stepMembers: [(String, JSONValue)] = [
                ("step", .int(index + 1)),
                ("actor", .string(step.action.actor)),
                ("action", .string(step.action.text)),
            ]
            if let id = step.action.id { stepMembers.append(("actionId", .string(id))) }
            if !step.action.messages.isEmpty {
                stepMembers.append(("messages", .array(step.action.messages.map { message in
                    .object([("kind", .string(message.kind.rawValue)), ("from", .string(message.from)),
                             ("to", .string(message.to)), ("label", .string(message.label))])
                })))
            }
            stepMembers.append(("state", step.state))
            return .object(stepMembers)
        })))
        return .object(members)
    }

    /// Reads a trace file, naming the first thing wrong with it.
    public init(json text: String) throws(TraceFormatError) {
        let value: JSONValue
        do {
            value = try JSONValue.parse(text)
        } catch {
            throw TraceFormatError(line: error.line, message: "not valid JSON: \(error.message)")
        }
        func field(_ name: String, in object: JSONValue = value) throws(TraceFormatError) -> JSONValue {
            guard let member = object[name] else { throw TraceFormatError(line: nil, message: "missing field '\(name)'") }
            return member
        }
        func string(_ name: String, in object: JSONValue = value) throws(TraceFormatError) -> String {
            guard let text = try field(name, in: object).stringValue else {
                throw TraceFormatError(line: nil, message: "field '\(name)' must be a string")
            }
            return text
        }
        guard value.objectValue != nil else { throw TraceFormatError(line: 1, message: "a trace file is a JSON object") }
        model = try string("model")
        variant = try string("variant")
        guard let parameterMembers = try field("parameters").objectValue else {
            throw TraceFormatError(line: nil, message: "field 'parameters' must be an object")
        }
        var entries: [(String, Int)] = []
        for (name, member) in parameterMembers {
            guard let number = member.intValue else {
                throw TraceFormatError(line: nil, message: "parameter '\(name)' must be an integer")
            }
            entries.append((name, number))
        }
        parameters = ParameterValues(entries)
        property = try string("property")
        kind = try string("kind")
        guard let parsedOutcome = Outcome(rawValue: try string("outcome")) else {
            throw TraceFormatError(line: nil, message: "field 'outcome' is not an outcome")
        }
        outcome = parsedOutcome
        strategy = (value["strategy"]?.stringValue) ?? "bfs"
        symmetry = value["symmetry"]?.boolValue ?? false
        note = value["note"]?.stringValue
        let initial = try field("initialState")
        guard let stepValues = try field("steps").arrayValue else {
            throw TraceFormatError(line: nil, message: "field 'steps' must be an array")
        }
        var steps: [RenderedTrace.Step] = []
        for (index, stepValue) in stepValues.enumerated() {
            guard stepValue.objectValue != nil else {
                throw TraceFormatError(line: nil, message: "step \(index + 1) is not an object")
            }
            let actor: String
            let text: String
            do {
                actor = try string("actor", in: stepValue)
                text = try string("action", in: stepValue)
            } catch {
                throw TraceFormatError(line: nil, message: "step \(index + 1): \(error.message)")
            }
            guard let state = stepValue["state"] else {
                throw TraceFormatError(line: nil, message: "step \(index + 1): missing field 'state'")
            }
            var messages: [MessageEvent] = []
            for message in stepValue["messages"]?.arrayValue ?? [] {
                guard let kind = message["kind"]?.stringValue.flatMap(MessageEvent.Kind.init(rawValue:)),
                      let from = message["from"]?.stringValue, let to = message["to"]?.stringValue,
                      let label = message["label"]?.stringValue
                else { throw TraceFormatError(line: nil, message: "step \(index + 1): malformed message") }
                messages.append(MessageEvent(kind, from: from, to: to, label: label))
            }
            if let id = stepValue["actionId"], id.stringValue == nil {
                throw TraceFormatError(line: nil, message: "step \(index + 1): field 'actionId' must be a string")
            }
            let info = ActionInfo(actor: actor, text: text, messages: messages, id: stepValue["actionId"]?.stringValue)
            steps.append(RenderedTrace.Step(action: info, state: state))
        }
        if let length = value["traceLength"]?.intValue, length != steps.count {
            throw TraceFormatError(line: nil, message: "traceLength is \(length) but the file has \(steps.count) steps")
        }
        trace = RenderedTrace(initial: initial, steps: steps)
    }
}

/// A malformed trace file.
public struct TraceFormatError: Error, Sendable, CustomStringConvertible {
    public let line: Int?
    public let message: String
    public var description: String { message }
}
