/// The specifications `verify lincheck` knows by name, and the one entry point that reads a
/// recorded history with a model's meaning and checks it.
public enum SpecificationCatalog {
    public static let names = ["register", "cas-register", "kv", "multi-register", "etcd"]

    /// Decodes `history` for `model` and checks it. `initial` is the registers' initial value
    /// (nil by default) or the store's initial revision (1 by default).
    public static func check(
        _ history: RecordedHistory, model: String, initial: String? = nil, semantics: Semantics? = nil,
        options: LinearizabilityOptions = LinearizabilityOptions()
    ) throws -> HistoryReport {
        let meaning = semantics ?? Semantics.defaultFor(history.format)
        switch model {
        case "register", "cas-register":
            let (spec, operations) = try RegisterSpecification.decode(history, cas: model == "cas-register", initial: initial, semantics: meaning)
            return run(spec, operations, history, options)
        case "kv":
            if initial != nil { throw HistoryError(line: nil, "--initial does not apply to the kv model (every key starts as \"\")") }
            let (spec, operations) = try KeyValueSpecification.decode(history, semantics: meaning)
            return run(spec, operations, history, options)
        case "multi-register":
            let (spec, operations) = try MultiRegisterSpecification.decode(history, initial: initial, semantics: meaning)
            return run(spec, operations, history, options)
        case "etcd":
            var revision: Int64 = 1
            if let initial {
                guard let number = Int64(initial), number >= 1 else {
                    throw HistoryError(line: nil, "--initial for the etcd model is the initial revision, a positive integer")
                }
                revision = number
            }
            let (spec, operations) = try StoreSpecification.decode(history, initialRevision: revision)
            return run(spec, operations, history, options)
        default:
            throw HistoryError(line: nil, "unknown model '\(model)' (models: \(names.joined(separator: ", ")))")
        }
    }

    /// `check(history, model: "etcd")`'s verdict and note, without its report: for a caller
    /// that checks many histories and writes one out only when it fails (the simulator). The
    /// search is specialised here, in this module, for the store's specification.
    public static func storeVerdict(
        _ history: RecordedHistory, initialRevision: Int64 = 1, options: LinearizabilityOptions = LinearizabilityOptions()
    ) throws -> (outcome: Verdict, note: String?) {
        let (spec, operations) = try StoreSpecification.decode(history, initialRevision: initialRevision)
        let result = LinearizabilityChecker.check(spec, history: operations, options: options)
        return (result.outcome, result.note)
    }

    private static func run<S: Specification>(
        _ spec: S, _ operations: [Operation<S.Input, S.Output>], _ history: RecordedHistory, _ options: LinearizabilityOptions
    ) -> HistoryReport {
        let result = LinearizabilityChecker.check(spec, history: operations, options: options)
        return HistoryReport(spec: spec, history: operations, processes: history.processes, result: result)
    }
}
