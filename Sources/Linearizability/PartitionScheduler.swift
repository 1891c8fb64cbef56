import Dispatch
import Foundation
import Synchronization

/// Runs the searches of a history's partitions a slice at a time, round-robin, on as many
/// threads as there are processors, until each has an answer or one is illegal.
///
/// One illegal partition makes the whole history illegal, and partitions of the same history
/// can differ by orders of magnitude in how hard they are to decide (on Porcupine's
/// `c50-bad.txt` every key is illegal; one key is refuted in 3,000 states, another not in
/// 67 million). Searching them one after another, the first hard one decides the time;
/// searching them in turns, the easiest illegal one does, and the others are cancelled.
/// Partitions that are all linearizable cost the same either way.
///
/// A first slice of every partition runs on the calling thread: a small history is decided
/// there, without waking another thread.
enum PartitionScheduler {
    /// Iterations of the first slice, on the calling thread.
    static var firstSliceIterations: Int { 512 }
    /// Iterations of each later slice (a fraction of a millisecond of search: the finer the turns,
    /// the closer the work to that of the easiest illegal partition alone).
    static var sliceIterations: Int { 1_024 }

    /// One partition's search, handed to one worker at a time by the queue (the queue is the
    /// lock that makes the unchecked sendability hold: a slot is touched only by the worker
    /// that took its index, until it gives the index back).
    private final class Slot<S: Specification>: @unchecked Sendable {
        /// Nil once the answer is in and the search's memory handed back.
        var search: PartitionSearch<S>?
        var result: PartitionResult<S>?
        init(_ search: PartitionSearch<S>) { self.search = search }
    }

    static func run<S: Specification>(
        _ spec: S, _ groups: [[Operation<S.Input, S.Output>]], _ control: SearchControl, _ options: LinearizabilityOptions,
        _ overwrites: Overwrites<S.State>? = nil
    ) -> [PartitionResult<S>] {
        let slots = groups.map {
            Slot(PartitionSearch(spec: spec, operations: $0, control: control, options: options, overwrites: overwrites))
        }
        var waiting: [Int] = []
        for (index, slot) in slots.enumerated() {
            var budget = firstSliceIterations
            if let result = slot.search!.advance(budget: &budget) {
                slot.result = result
                if result.outcome == .illegal { control.cancel() }
            } else {
                waiting.append(index)
            }
        }
        let queue = Mutex(waiting)
        let work: @Sendable (Int) -> Void = { _ in
            while let index = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
                let slot = slots[index]
                if control.isCancelled {
                    slot.result = slot.search!.abandon(reason: "cancelled: another partition is illegal")
                    continue
                }
                var budget = sliceIterations
                if let result = slot.search!.advance(budget: &budget) {
                    slot.result = result
                    if result.outcome == .illegal { control.cancel() }
                } else {
                    queue.withLock { $0.append(index) }
                }
            }
        }
        let workers = options.parallel ? min(waiting.count, ProcessInfo.processInfo.activeProcessorCount) : 1
        if workers > 1 {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        } else if !waiting.isEmpty {
            work(0)
        }
        let results = slots.map { $0.result! }
        // The searches' memory, taken out of the slots (which the workers' closure still holds).
        var held: [PartitionSearch<S>]? = slots.map { $0.search! }
        for slot in slots { slot.search = nil }
        DeferredRelease.drop(&held, bytes: results.reduce(0) { $0 + $1.peakMemoBytes })
        return results
    }
}
