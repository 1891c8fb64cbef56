import Foundation
import KeyValue
import Linearizability
import Support
import Testing

/// The store against the linearizability checker's `etcd` specification on random operation
/// sequences: the same answers and the same revisions, step by step, and histories the store
/// produces (through the recorder) that the checker accepts.
@Suite("The store agrees with the checker's etcd specification")
struct DifferentialTests {
    static let seeds: [UInt64] = [1, 2, 3, 4, 5, 6, 7, 8]

    /// Applies the request to the store, with the epoch an expiry needs (the leader's lessor
    /// knows it; the workload asks for the current one).
    static func apply(_ request: Request, to store: inout KeyValueStore) -> ApplyResult {
        if case .leaseExpire(let id, _) = request {
            return store.apply(.leaseExpire(id: id, epoch: store.leaseState(id)?.epoch ?? 0))
        }
        return store.apply(request)
    }

    @Test("Same answers and revisions as the specification, step by step", arguments: seeds)
    func stepByStep(seed: UInt64) throws {
        var workload = RandomWorkload(seed: seed)
        let spec = workload.specification
        let view = SpecificationView(values: workload.values)
        var store = KeyValueStore()
        var state = spec.initialState
        var refusedBoth = 0
        var changed = 0
        var duplicates = 0
        for step in 0..<400 {
            let (request, input) = workload.next()
            let result = DifferentialTests.apply(request, to: &store)
            let expected = spec.step(state, input)
            if case .failure(.leaseNotFound) = result.result, case .leaseRevoke = request {
                // etcd refuses the revocation of a missing lease; the specification answers found: false.
                #expect(expected.first?.output.found == false, "seed \(seed) step \(step)")
                continue
            }
            if case .failure(.duplicateKey) = result.result {
                // etcd refuses a branch that writes a key twice; the specification has no such rule.
                duplicates += 1
                continue
            }
            let output = view.output(result)
            try #require(output == expected.first?.output, "seed \(seed) step \(step): \(request)")
            if let next = expected.first?.state { state = next } else { refusedBoth += 1 }
            try #require(state.revision == store.revision, "seed \(seed) step \(step)")
            if !result.events.isEmpty { changed += 1 }
        }
        // The final states agree key by key.
        let all = try store.read(RangeRequest(range: KeyRange(key: KeyBytes.of("a"), rangeEnd: [0]))).get()
        let records = all.kvs.map(view.keyValue)
        let expectedRecords = state.records.enumerated().compactMap { key, record in
            record.map { StoreSpecification.KeyValue(key: key, value: $0.value, createRevision: $0.createRevision,
                                                    modRevision: $0.modRevision, version: $0.version, lease: $0.lease) }
        }
        #expect(records == expectedRecords)
        #expect(store.leaseIDs == state.leases)
        // Not vacuous: both refusals and changes happened.
        #expect(refusedBoth > 5 && changed > 50, "seed \(seed): \(refusedBoth) refused, \(changed) changes")
        #expect(duplicates < 60, "seed \(seed): \(duplicates) transactions skipped for duplicate keys")
        store.checkInvariants()
    }

    /// Runs the workload sequentially as process 0..2 in turn and records it.
    static func recordedHistory(seed: UInt64, steps: Int) -> String {
        var workload = RandomWorkload(seed: seed)
        var store = KeyValueStore()
        var recorder = HistoryRecorder()
        var time: Int64 = 0
        for step in 0..<steps {
            let (request, _) = workload.next()
            if case .leaseExpire(let id, _) = request {
                // Expiries are the leader's, recorded by the lease-expiry pseudo-process when they commit.
                if case .success(.leaseExpire(_, true)) = DifferentialTests.apply(request, to: &store).result {
                    recorder.leaseExpired(id, at: time)
                    time += 1
                }
                continue
            }
            let process = step % 3
            guard (try? recorder.invoke(process: process, request, at: time)) != nil else { continue }
            let result = DifferentialTests.apply(request, to: &store)
            time += 1
            switch result.result {
            case .success(let response): recorder.complete(process: process, .ok(response), at: time)
            case .failure(let error): recorder.complete(process: process, .failed(error), at: time)
            }
            time += 1
        }
        return recorder.text
    }

    static func check(_ text: String) throws -> Verdict {
        let history = try RecordedHistory.parse(text, format: .json)
        let (spec, operations) = try StoreSpecification.decode(history)
        return LinearizabilityChecker.check(spec, history: operations, options: LinearizabilityOptions(timeLimitSeconds: 20, partitioned: false)).outcome
    }

    @Test("The recorder's histories of the store are linearizable for the checker", arguments: [11, 12, 13] as [UInt64])
    func recordedHistoriesCheck(seed: UInt64) throws {
        let text = DifferentialTests.recordedHistory(seed: seed, steps: 150)
        #expect(try DifferentialTests.check(text) == .ok, "seed \(seed)")
    }

    @Test("A recorded history with one revision off by one is refused by the checker")
    func corruptedHistoryIsIllegal() throws {
        let text = DifferentialTests.recordedHistory(seed: 11, steps: 150)
        var lines = text.split(separator: "\n").map(String.init)
        let index = try #require(lines.lastIndex { $0.contains("\"type\":\"ok\",\"f\":\"put\"") })
        let line = lines[index]
        let revision = try #require(JSONValue.parse(line)["revision"]?.intValue)
        lines[index] = line.replacingOccurrences(of: "\"revision\":\(revision)", with: "\"revision\":\(revision + 1)")
        #expect(lines[index] != line)
        #expect(try DifferentialTests.check(lines.joined(separator: "\n") + "\n") == .illegal)
    }
}
