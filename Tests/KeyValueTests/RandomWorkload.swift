import KeyValue
import Linearizability
import Support

/// Random store requests over a few keys, values and leases that the checker's `etcd`
/// specification can state, each with its specification input: the differential tests run both.
/// Keys nest (`a`, `a/1`, `a/2`, `b`, `b/1`) so that prefix ranges select several.
struct RandomWorkload {
    static let keys = ["a", "a/1", "a/2", "b", "b/1"]
    static let prefixes = ["a", "a/", "b", "b/", "c"]
    static let valueNames = ["v0", "v1", "v2", "v3"]
    static let leaseIDs: [Int64] = [1, 2, 3]
    /// The past revisions the specification keeps: more than any run of these tests reaches.
    static let readRevisions: ClosedRange<Int64> = 1...100_000

    var random: SplitMix64
    var values = ValueTable()

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        for name in RandomWorkload.valueNames { _ = values.intern(name) }
    }

    var specification: StoreSpecification {
        StoreSpecification(keys: RandomWorkload.keys, values: values, readRevisions: RandomWorkload.readRevisions)
    }

    mutating func value() -> (bytes: [UInt8], index: Int) {
        let name = RandomWorkload.valueNames[random.below(RandomWorkload.valueNames.count)]
        return (KeyBytes.of(name), values.lookup(name)!)
    }

    mutating func lease() -> Int64 { random.chance(60) ? 0 : RandomWorkload.leaseIDs[random.below(3)] }

    /// The specification's index interval of a key range: the keys it contains are contiguous
    /// in the sorted table (an empty range is empty at the first key after its start).
    static func indices(of range: KeyRange) -> (from: Int, to: Int) {
        let inside = keys.indices.filter { range.contains(KeyBytes.of(keys[$0])) }
        if let first = inside.first, let last = inside.last { return (first, last + 1) }
        let start = keys.firstIndex { KeyBytes.compare(KeyBytes.of($0), range.key) >= 0 } ?? keys.count
        return (start, start)
    }

    /// A key range: one key, an interval, every key from one on, or a prefix.
    mutating func interval() -> (from: Int, to: Int, range: KeyRange) {
        let count = RandomWorkload.keys.count
        let from = random.below(count)
        let key = KeyBytes.of(RandomWorkload.keys[from])
        let range: KeyRange
        switch random.below(4) {
        case 0: range = KeyRange(key: key)
        case 1:
            let to = random.inRange(from..<count + 1)
            range = KeyRange(key: key, rangeEnd: to == count ? KeyBytes.of("z") : KeyBytes.of(RandomWorkload.keys[to]))
        case 2: range = KeyRange(key: key, rangeEnd: [0])
        default: range = .prefix(KeyBytes.of(RandomWorkload.prefixes[random.below(RandomWorkload.prefixes.count)]))
        }
        let (low, high) = RandomWorkload.indices(of: range)
        return (low, high, range)
    }

    /// A revision at most `span` below the store's (not below 1), one in ten times the next one,
    /// which is in the future.
    mutating func recent(_ current: Int64, span: Int) -> Int64 {
        if random.chance(10) { return current + 1 }
        return max(1, current - Int64(random.below(span)))
    }

    /// etcd's range options, half the time: a recent revision (now and then one compacted or in
    /// the future), a limit, keys only, count only.
    mutating func rangeOptions(revision current: Int64) -> StoreSpecification.RangeOptions {
        guard random.chance(50) else { return StoreSpecification.RangeOptions() }
        let revision = random.chance(50) ? recent(current, span: 20) : 0
        let limit = random.chance(50) ? random.inRange(1..<3) : 0
        return StoreSpecification.RangeOptions(revision: revision, limit: limit, keysOnly: random.chance(15), countOnly: random.chance(15))
    }

    mutating func single(allowPut: Bool = true, revision: Int64) -> (RequestOp, StoreSpecification.Request) {
        // Puts half the time (when allowed), so that ranges find several keys to limit.
        switch random.below(allowPut ? 10 : 5) {
        case 0..<3:
            let (from, to, range) = interval()
            let options = rangeOptions(revision: revision)
            let request = RangeRequest(range: range, limit: Int64(options.limit), revision: options.revision,
                                       keysOnly: options.keysOnly, countOnly: options.countOnly)
            return (.range(request), options.isDefault ? .range(from: from, to: to) : .rangeWith(from: from, to: to, options: options))
        case 3..<5:
            let (from, to, range) = interval()
            let previous = random.chance(40)
            return (.deleteRange(DeleteRangeRequest(range: range, prevKv: previous)),
                    previous ? .deleteWithPrevious(from: from, to: to) : .delete(from: from, to: to))
        default:
            let key = random.below(RandomWorkload.keys.count)
            let (bytes, index) = value()
            let lease = lease()
            let previous = random.chance(40)
            let put = PutRequest(key: KeyBytes.of(RandomWorkload.keys[key]), value: bytes, lease: lease, prevKv: previous)
            return (.put(put), previous ? .putWithPrevious(key: key, value: index, lease: lease) : .put(key: key, value: index, lease: lease))
        }
    }

    mutating func compare() -> (Compare, StoreSpecification.Compare) {
        let key = random.below(RandomWorkload.keys.count)
        let results: [(Compare.Result, StoreSpecification.CompareResult)] = [(.equal, .equal), (.notEqual, .notEqual), (.less, .less), (.greater, .greater)]
        let (result, specResult) = results[random.below(4)]
        let number = Int64(random.below(6))
        let target: Compare.Target
        let specTarget: StoreSpecification.CompareTarget
        var operand = number
        switch random.below(5) {
        case 0:
            let (bytes, index) = value()
            (target, specTarget, operand) = (.value(bytes), .value, Int64(index))
        case 1: (target, specTarget) = (.version(number), .version)
        case 2: (target, specTarget) = (.createRevision(number), .create)
        case 3: (target, specTarget) = (.modRevision(number), .mod)
        default: (target, specTarget) = (.lease(number % 4), .lease); operand = number % 4
        }
        return (Compare(range: KeyRange(key: KeyBytes.of(RandomWorkload.keys[key])), target: target, result: result),
                StoreSpecification.Compare(key: key, target: specTarget, result: specResult, operand: operand))
    }

    /// One request and its specification input; `revision` is the store's (ranges at a past
    /// revision and compactions draw around it; a guess does when it is not known).
    mutating func next(revision: Int64 = 30) -> (Request, StoreSpecification.Input) {
        let lease = RandomWorkload.leaseIDs[random.below(3)]
        switch random.below(100) {
        case 0..<25:
            let (op, input) = single(revision: revision)
            switch op {
            case .put(let put): return (.put(put), .request(input))
            case .range(let range): return (.range(range), .request(input))
            case .deleteRange(let delete): return (.deleteRange(delete), .request(input))
            case .txn: preconditionFailure("single() makes no transactions")
            }
        case 25..<30:
            let (op, input) = single(allowPut: false, revision: revision)
            if case .range(let range) = op { return (.range(range), .request(input)) }
            if case .deleteRange(let delete) = op { return (.deleteRange(delete), .request(input)) }
            preconditionFailure("no puts asked for")
        case 30..<63:
            let compares = (0..<random.below(3)).map { _ in compare() }
            let success = (0..<random.below(3)).map { _ in single(revision: revision) }
            let failure = (0..<random.below(3)).map { _ in single(revision: revision) }
            return (.txn(TxnRequest(compare: compares.map(\.0), success: success.map(\.0), failure: failure.map(\.0))),
                    .txn(compares: compares.map(\.1), success: success.map(\.1), failure: failure.map(\.1)))
        case 63..<66:
            // Now and then at or below the compaction revision, or past the store's.
            let target = recent(revision, span: 16)
            return (.compact(revision: target), .compact(target))
        case 66..<77: return (.leaseGrant(id: lease, ttlSeconds: 5), .leaseGrant(lease))
        case 77..<85: return (.leaseRevoke(id: lease), .leaseRevoke(lease))
        case 85..<93: return (.leaseKeepAlive(id: lease), .leaseKeepAlive(lease))
        default: return (.leaseExpire(id: lease, epoch: 0), .leaseExpire(lease))
        }
    }
}
