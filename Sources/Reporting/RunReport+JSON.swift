import ModelChecker
import Support
import Verification

extension RunReport {
    /// The document `verify check --format json` prints: exactly one JSON object.
    public func json(traceFiles: [String: String], includeTimings: Bool = true) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("model", .string(family)),
            ("variant", .string(variant)),
            ("parameters", .object(parameters.entries.map { ($0.name, .int($0.value)) })),
            ("strategy", .string(strategy.rawValue)),
            ("symmetry", .bool(symmetry)),
            ("exact", .bool(exact)),
            ("complete", .bool(complete)),
        ]
        if let stoppedBy { members.append(("stoppedBy", .string(stoppedBy.description))) }
        members += [
            ("distinctStates", .int(statistics.distinct)),
            ("generatedStates", .int(statistics.generated)),
            ("depth", .int(statistics.depth)),
        ]
        if includeTimings {
            members += [
                ("seconds", .double((statistics.seconds * 1000).rounded() / 1000)),
                ("statesPerSecond", .int(Int(statistics.statesPerSecond))),
                ("workers", .int(statistics.workers)),
                ("bytesPerState", .double((statistics.bytesPerState * 100).rounded() / 100)),
                ("tableBytes", .int(statistics.tableBytes)),
                ("parentBytes", .int(statistics.parentBytes)),
                ("graphBytes", .int(statistics.graphBytes)),
                ("peakQueue", .int(statistics.peakQueue)),
                ("collisionProbability", .double(statistics.collisionProbability)),
            ]
        }
        members.append(("properties", .array(properties.map { property in
            var entry: [(String, JSONValue)] = [
                ("name", .string(property.name)),
                ("kind", .string(property.kind)),
                ("outcome", .string(property.outcome.rawValue)),
                ("traceLength", property.trace.map { .int($0.length) } ?? .null),
                ("traceFile", traceFiles[property.name].map { .string($0) } ?? .null),
            ]
            if let note = property.note { entry.append(("note", .string(note))) }
            return .object(entry)
        })))
        return .object(members)
    }
}
