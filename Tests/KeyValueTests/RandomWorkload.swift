import KeyValue
import Linearizability
import Support

/// Random store requests over a few keys, values and leases that the checker's `etcd`
/// specification can state, each with its specification input: the differential tests run both.
struct RandomWorkload {
    static let keys = ["a", "b", "c", "d", "e"]
    static let valueNames = ["v0", "v1", "v2", "v3"]
    static let leaseIDs: [Int64] = [1, 2, 3]

    var random: SplitMix64
    var values = ValueTable()

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        for name in RandomWorkload.valueNames { _ = values.intern(name) }
    }

    var specification: StoreSpecification { StoreSpecification(keys: RandomWorkload.keys, values: values) }

    mutating func value() -> (bytes: [UInt8], index: Int) {
        let name = RandomWorkload.valueNames[random.below(RandomWorkload.valueNames.count)]
        return (KeyBytes.of(name), values.lookup(name)!)
    }

    mutating func lease() -> Int64 { random.chance(60) ? 0 : RandomWorkload.leaseIDs[random.below(3)] }

    /// A key interval as index bounds and as etcd's key and range end: one key, an interval, or
    /// every key from one on.
    mutating func interval() -> (from: Int, to: Int, range: KeyRange) {
        let count = RandomWorkload.keys.count
        let from = random.below(count)
        let key = KeyBytes.of(RandomWorkload.keys[from])
        switch random.below(3) {
        case 0: return (from, from + 1, KeyRange(key: key))
        case 1:
            let to = random.inRange(from..<count + 1)
            let end = to == count ? KeyBytes.of("z") : KeyBytes.of(RandomWorkload.keys[to])
            return (from, to, KeyRange(key: key, rangeEnd: end))
        default: return (from, count, KeyRange(key: key, rangeEnd: [0]))
        }
    }

    mutating func single(allowPut: Bool = true) -> (RequestOp, StoreSpecification.Request) {
        switch random.below(allowPut ? 3 : 2) {
        case 0:
            let (from, to, range) = interval()
            return (.range(RangeRequest(range: range)), .range(from: from, to: to))
        case 1:
            let (from, to, range) = interval()
            return (.deleteRange(DeleteRangeRequest(range: range)), .delete(from: from, to: to))
        default:
            let key = random.below(RandomWorkload.keys.count)
            let (bytes, index) = value()
            let lease = lease()
            return (.put(PutRequest(key: KeyBytes.of(RandomWorkload.keys[key]), value: bytes, lease: lease)),
                    .put(key: key, value: index, lease: lease))
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

    /// One request and its specification input.
    mutating func next() -> (Request, StoreSpecification.Input) {
        let lease = RandomWorkload.leaseIDs[random.below(3)]
        switch random.below(100) {
        case 0..<25:
            let (op, input) = single()
            switch op {
            case .put(let put): return (.put(put), .request(input))
            case .range(let range): return (.range(range), .request(input))
            case .deleteRange(let delete): return (.deleteRange(delete), .request(input))
            case .txn: preconditionFailure("single() makes no transactions")
            }
        case 25..<30:
            let (op, input) = single(allowPut: false)
            if case .range(let range) = op { return (.range(range), .request(input)) }
            if case .deleteRange(let delete) = op { return (.deleteRange(delete), .request(input)) }
            preconditionFailure("no puts asked for")
        case 30..<65:
            let compares = (0..<random.below(3)).map { _ in compare() }
            let success = (0..<random.below(3)).map { _ in single() }
            let failure = (0..<random.below(3)).map { _ in single() }
            return (.txn(TxnRequest(compare: compares.map(\.0), success: success.map(\.0), failure: failure.map(\.0))),
                    .txn(compares: compares.map(\.1), success: success.map(\.1), failure: failure.map(\.1)))
        case 65..<77: return (.leaseGrant(id: lease, ttlSeconds: 5), .leaseGrant(lease))
        case 77..<85: return (.leaseRevoke(id: lease), .leaseRevoke(lease))
        case 85..<93: return (.leaseKeepAlive(id: lease), .leaseKeepAlive(lease))
        default: return (.leaseExpire(id: lease, epoch: 0), .leaseExpire(lease))
        }
    }
}

/// The specification's view of a store's answer.
struct SpecificationView {
    var values: ValueTable

    func keyValue(_ pair: KeyValuePair) -> StoreSpecification.KeyValue {
        StoreSpecification.KeyValue(
            key: RandomWorkload.keys.firstIndex(of: KeyBytes.text(pair.key))!, value: values.lookup(KeyBytes.text(pair.value))!,
            createRevision: pair.createRevision, modRevision: pair.modRevision, version: pair.version, lease: pair.lease)
    }

    func response(_ op: ResponseOp) -> StoreSpecification.Response {
        switch op {
        case .put: return .put
        case .range(let range): return .range(range.kvs.map(keyValue))
        case .deleteRange(let delete): return .delete(Int(delete.deleted))
        case .txn: preconditionFailure("the workload nests no transactions")
        }
    }

    /// The output the specification would give for this store answer; nil when the store
    /// refused the request or (an expiry of a lease that is gone) did nothing it can state.
    func output(_ result: ApplyResult) -> StoreSpecification.Output? {
        switch result.result {
        case .failure(.leaseNotFound):
            return nil
        case .failure:
            return nil
        case .success(let response):
            switch response {
            case .put: return StoreSpecification.Output(revision: response.revision, responses: [.put])
            case .range(let range): return StoreSpecification.Output(revision: response.revision, responses: [self.response(.range(range))])
            case .deleteRange(let delete):
                return StoreSpecification.Output(revision: response.revision, responses: [self.response(.deleteRange(delete))])
            case .txn(let txn):
                return StoreSpecification.Output(revision: txn.revision, succeeded: txn.succeeded, responses: txn.responses.map(self.response))
            case .leaseGrant: return StoreSpecification.Output(revision: response.revision)
            case .leaseKeepAlive(_, _, let ttl): return StoreSpecification.Output(revision: response.revision, found: ttl > 0)
            case .leaseRevoke: return StoreSpecification.Output(revision: response.revision, found: true)
            case .leaseExpire(_, let expired): return expired ? StoreSpecification.Output(revision: response.revision, found: true) : nil
            default: preconditionFailure("the workload sends no \(response)")
            }
        }
    }
}
