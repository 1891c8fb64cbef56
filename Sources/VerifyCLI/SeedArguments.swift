import Foundation

/// The flags every `verify simulate` scenario shares: which seeds, how many workers, which
/// output format. Read before the scenario's own flags; `seeds` is asked after `finish()`.
struct SeedArguments {
    let count: Int?
    let single: Int?
    let workers: Int
    let format: String

    init(_ args: inout CommandLineArguments) throws {
        count = try args.integer("--seeds", in: 1...1_000_000)
        single = try args.integer("--seed", in: 0...Int.max)
        workers = try args.integer("--workers", in: 1...256) ?? ProcessInfo.processInfo.activeProcessorCount
        format = try args.choice("--format", among: ["text", "json"]) ?? "text"
    }

    /// `--seed S` alone, or seeds 1…N (`defaultCount` without `--seeds`).
    func seeds(defaultCount: Int) throws -> [UInt64] {
        if count != nil && single != nil { throw UsageError("give --seeds N or --seed S, not both") }
        return single.map { [UInt64($0)] } ?? (1...(count ?? defaultCount)).map { UInt64($0) }
    }
}
