import Dispatch
import Foundation
import Synchronization

/// Runs billing seeds on several threads; results come back in seed order, so the output with
/// N workers is the output with one.
public enum BillingRunner {
    public static func run(seeds: [UInt64], workers: Int, progress: @escaping @Sendable (String) -> Void = { _ in },
                           configure: @escaping @Sendable (UInt64) -> BillingConfiguration = { BillingConfiguration.plan(seed: $0) })
        -> [Result<BillingSeedResult, SimulationError>]
    {
        precondition(workers >= 1, "at least one worker")
        let results = Mutex<[Result<BillingSeedResult, SimulationError>?]>(Array(repeating: nil, count: seeds.count))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(workers, max(1, seeds.count))) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < seeds.count else { return }
                let result: Result<BillingSeedResult, SimulationError>
                do {
                    result = .success(try BillingSimulator.run(configure(seeds[index])))
                } catch {
                    result = .failure(SimulationError(seed: seeds[index], message: "\(error)"))
                }
                progress("billing seed \(seeds[index]) done")
                results.withLock { $0[index] = result }
            }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// Writes a failing seed's event trace and audit explanations under `directory/billing-seed-S/`.
    public static func writeReport(_ result: BillingSeedResult, under directory: String) throws -> String {
        let folder = "\(directory)/billing-seed-\(result.seed)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(result.trace.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: "\(folder)/trace.txt"))
        var audits = result.textLine + "\n"
        for (name, text) in result.explanations { audits += "\n\(name):\n\(text)\n" }
        try Data(audits.utf8).write(to: URL(fileURLWithPath: "\(folder)/audits.txt"))
        return folder
    }
}
