import Dispatch
import Foundation
import Synchronization

/// Runs seeds on several threads; results come back in seed order, whatever finishes first,
/// so the output with N workers is the output with one.
public enum SimulationRunner {
    public static func run(seeds: [UInt64], workers: Int, progress: @escaping @Sendable (String) -> Void = { _ in },
                           configure: @escaping @Sendable (UInt64) -> SimulationConfiguration = { SimulationConfiguration(seed: $0) })
        -> [Result<SeedResult, SimulationError>]
    {
        precondition(workers >= 1, "at least one worker")
        let results = Mutex<[Result<SeedResult, SimulationError>?]>(Array(repeating: nil, count: seeds.count))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(workers, max(1, seeds.count))) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < seeds.count else { return }
                let result: Result<SeedResult, SimulationError>
                do {
                    result = .success(try Simulator.run(configure(seeds[index])))
                } catch {
                    result = .failure(SimulationError(seed: seeds[index], message: "\(error)"))
                }
                progress("seed \(seeds[index]) done")
                results.withLock { $0[index] = result }
            }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// Writes a failing seed's history (for `verify lincheck FILE --model etcd`), its event
    /// trace and the audits' explanations under `directory/seed-S/`; returns that folder.
    public static func writeReport(_ result: SeedResult, under directory: String) throws -> String {
        let folder = "\(directory)/seed-\(result.seed)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(result.history.utf8).write(to: URL(fileURLWithPath: "\(folder)/history.jsonl"))
        try Data(result.trace.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: "\(folder)/trace.txt"))
        var audits = result.textLine + "\n"
        for (name, text) in result.explanations { audits += "\n\(name):\n\(text)\n" }
        try Data(audits.utf8).write(to: URL(fileURLWithPath: "\(folder)/audits.txt"))
        return folder
    }
}
