import Foundation
import KeyValue
import Simulation
import Support

/// `verify bench kv`, the cluster part: operations per second (wall clock) through a three-node
/// in-process cluster (Raft, the store, the lessor and watch hub on every node, one client with
/// up to `pipelineDepth` requests in flight, in-memory storage: no fsync), for puts,
/// linearizable single-key ranges (ReadIndex) and compare-and-swap transactions over 1,000
/// keys. The cluster runs on its simulated millisecond clock as fast as the machine allows.
enum KeyValueClusterBenchmark {
    static let keys = 1_000
    static let pipelineDepth = 64

    static func run(console: Console, operations: Int = 20_000) -> Int32 {
        var status = ExitStatus.success
        do {
            var cluster = try InProcessCluster(inflightRequestsMax: pipelineDepth)
            guard cluster.run(until: { $0.leader != nil }) else {
                console.err("verify: the benchmark cluster elected no leader")
                return ExitStatus.failure
            }
            var random = SplitMix64(seed: 19)
            let load = (0..<keys).map { Request.put(PutRequest(key: KeyValueBenchmark.key($0), value: KeyValueBenchmark.value($0))) }
            _ = drive(&cluster, load)
            let puts = (0..<operations).map { index in
                Request.put(PutRequest(key: KeyValueBenchmark.key(random.below(keys)), value: KeyValueBenchmark.value(index)))
            }
            let ranges = (0..<operations).map { _ in Request.range(RangeRequest(range: KeyRange(key: KeyValueBenchmark.key(random.below(keys))))) }
            let txns = (0..<operations).map { index in KeyValueBenchmark.cas(index, keys: keys, &random) }
            for (name, requests) in [("put", puts), ("range-1", ranges), ("txn-cas", txns)] {
                let (seconds, ok, simulated) = drive(&cluster, requests)
                if ok != requests.count { status = ExitStatus.failure }
                console.out(JSONValue.object([
                    ("benchmark", .string("kv-cluster")), ("nodes", .int(3)), ("keys", .int(keys)), ("operation", .string(name)),
                    ("operations", .int(requests.count)), ("ok", .int(ok)), ("pipelineDepth", .int(pipelineDepth)),
                    ("seconds", .double((seconds * 1000).rounded() / 1000)),
                    ("operations_per_second", .int(Int(Double(requests.count) / max(seconds, 1e-9)))),
                    ("simulatedMilliseconds", .int(Int(simulated))),
                ]).compactText)
            }
        } catch {
            console.err("verify: the benchmark cluster could not start: \(error)")
            return ExitStatus.failure
        }
        return status
    }

    /// Runs the requests through the cluster with up to `pipelineDepth` in flight; the wall
    /// seconds, how many ended ok, and the simulated milliseconds it took.
    static func drive(_ cluster: inout InProcessCluster, _ requests: [Request]) -> (seconds: Double, ok: Int, simulated: Int64) {
        let started = ContinuousClock.now
        let simulatedStart = cluster.now
        var next = 0, open = 0, done = 0, ok = 0
        let stepsMax = 10_000_000
        for _ in 0..<stepsMax where done < requests.count {
            while open < pipelineDepth && next < requests.count {
                _ = cluster.submit(requests[next])
                next += 1
                open += 1
            }
            cluster.step()
            for case .completed(_, let outcome) in cluster.reported {
                open -= 1
                done += 1
                if case .ok = outcome { ok += 1 }
            }
            cluster.clearReported()
        }
        let elapsed = started.duration(to: .now)
        return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, ok, cluster.now - simulatedStart)
    }
}
