import Dispatch
import KeyValue
import Support

/// `verify bench kv`, the state-machine part: applied operations per second of the store alone
/// (no Raft, no network, no disk) at 1,000 and 100,000 keys, for puts (over existing keys, with
/// a compaction every `compactEveryRevisions`, as etcd's auto-compaction would keep history
/// bounded), puts decoded from their entry bytes, single-key and 100-key ranges, and
/// compare-and-swap transactions (half succeed). One JSON line per run; seeds are fixed, so
/// every run applies the same requests. Requests are built before the clock starts.
public enum KeyValueBenchmark {
    public static let keyCountsDefault = [1_000, 100_000]
    static let compactEveryRevisions: Int64 = 10_000

    public static func run(console: Console, keyCounts: [Int] = keyCountsDefault, operations: Int = 200_000) {
        for keys in keyCounts {
            var store = KeyValueStore()
            let loaded = measure(keys) { index in
                _ = store.apply(.put(PutRequest(key: key(index), value: value(index))))
            }
            emit(console, keys: keys, operation: "load", count: keys, seconds: loaded)
            var random = SplitMix64(seed: UInt64(keys))
            let puts = (0..<operations).map { index in
                Request.put(PutRequest(key: key(random.below(keys)), value: value(index)))
            }
            var putStore = store
            emit(console, keys: keys, operation: "put", count: operations, seconds: apply(puts, to: &putStore))
            let entries = puts.map(\.encoded)
            var decodedStore = store
            let decoded = measure(entries.count) { index in
                _ = decodedStore.apply(try! Request(decoding: entries[index]))
                compactIfDue(&decodedStore)
            }
            emit(console, keys: keys, operation: "put-decoded", count: operations, seconds: decoded)
            let gets = (0..<operations).map { _ in Request.range(RangeRequest(range: KeyRange(key: key(random.below(keys))))) }
            emit(console, keys: keys, operation: "range-1", count: operations, seconds: apply(gets, to: &store))
            let scans = (0..<operations / 10).map { _ in
                let first = random.below(keys - 100)
                return Request.range(RangeRequest(range: KeyRange(key: key(first), rangeEnd: key(first + 100))))
            }
            emit(console, keys: keys, operation: "range-100", count: scans.count, seconds: apply(scans, to: &store))
            let txns = (0..<operations).map { index in cas(index, keys: keys, &random) }
            emit(console, keys: keys, operation: "txn-cas", count: operations, seconds: apply(txns, to: &store))
        }
    }

    /// A compare-and-swap on a key's value: it holds for keys never written since the load
    /// (their value is the load's), so about half succeed at first.
    static func cas(_ index: Int, keys: Int, _ random: inout SplitMix64) -> Request {
        let target = random.below(keys)
        let compared = random.chance(50) ? value(target) : value(-1)
        return .txn(TxnRequest(compare: [Compare(range: KeyRange(key: key(target)), target: .value(compared), result: .equal)],
                               success: [.put(PutRequest(key: key(target), value: value(index + keys)))],
                               failure: [.range(RangeRequest(range: KeyRange(key: key(target))))]))
    }

    static func key(_ index: Int) -> [UInt8] {
        let digits = String(index)
        return Array(("key/" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits).utf8)
    }

    static func value(_ index: Int) -> [UInt8] {
        Array("value-\(index)-padding-to-32-bytes".utf8.prefix(32))
    }

    static func apply(_ requests: [Request], to store: inout KeyValueStore) -> Double {
        measure(requests.count) { index in
            let result = store.apply(requests[index])
            precondition(result.error == nil, "benchmark requests are valid: \(String(describing: result.error))")
            compactIfDue(&store)
        }
    }

    static func compactIfDue(_ store: inout KeyValueStore) {
        if store.revision - max(store.compactRevision, 1) >= compactEveryRevisions {
            _ = store.apply(.compact(revision: store.revision))
        }
    }

    static func measure(_ count: Int, _ body: (Int) -> Void) -> Double {
        let started = DispatchTime.now().uptimeNanoseconds
        for index in 0..<count { body(index) }
        return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    }

    static func emit(_ console: Console, keys: Int, operation: String, count: Int, seconds: Double) {
        let line = JSONValue.object([
            ("benchmark", .string("kv-state-machine")), ("keys", .int(keys)), ("operation", .string(operation)),
            ("operations", .int(count)), ("seconds", .double((seconds * 1000).rounded() / 1000)),
            ("operations_per_second", .int(Int((Double(count) / max(seconds, 1e-9)).rounded()))),
        ])
        console.out(line.compactText)
    }
}
