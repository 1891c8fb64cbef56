import KeyValue
import Linearizability

/// The specification's view of a store's answer, given the request it answers (which says
/// whether the answer carries range options or previous key-values).
struct SpecificationView {
    var values: ValueTable

    func keyValue(_ pair: KeyValuePair) -> StoreSpecification.KeyValue {
        // A keys-only range returns empty values: the specification's value 0 (nil).
        let value = pair.value.isEmpty ? 0 : values.lookup(KeyBytes.text(pair.value))!
        return StoreSpecification.KeyValue(
            key: RandomWorkload.keys.firstIndex(of: KeyBytes.text(pair.key))!, value: value,
            createRevision: pair.createRevision, modRevision: pair.modRevision, version: pair.version, lease: pair.lease)
    }

    func response(_ op: ResponseOp, to request: RequestOp) -> StoreSpecification.Response {
        switch (request, op) {
        case (.put(let put), .put(let answer)):
            return put.prevKv ? .putWithPrevious(answer.prevKv.map(keyValue)) : .put
        case (.range(let range), .range(let answer)):
            let plain = range.revision == 0 && range.limit == 0 && !range.keysOnly && !range.countOnly
            let kvs = answer.kvs.map(keyValue)
            return plain ? .range(kvs) : .rangeWith(kvs: kvs, count: Int(answer.count), more: answer.more)
        case (.deleteRange(let delete), .deleteRange(let answer)):
            guard delete.prevKv else { return .delete(Int(answer.deleted)) }
            return .deleteWithPrevious(deleted: Int(answer.deleted), previous: answer.prevKvs.map(keyValue))
        default: preconditionFailure("the workload nests no transactions, and each answer is its request's")
        }
    }

    /// The output the specification would give for this store answer; nil when the store
    /// refused the request with an error the specification does not state (the request did not
    /// happen) or (an expiry of a lease that is gone) did nothing it can state.
    func output(_ result: ApplyResult, for request: Request) -> StoreSpecification.Output? {
        switch result.result {
        case .failure(.compacted(let revision)): return StoreSpecification.Output(failure: .compacted(revision))
        case .failure(.futureRevision): return StoreSpecification.Output(failure: .futureRevision)
        case .failure: return nil
        case .success(let response):
            let revision = response.revision
            switch (request, response) {
            case (.put(let put), .put(let answer)):
                return StoreSpecification.Output(revision: revision, responses: [self.response(.put(answer), to: .put(put))])
            case (.range(let range), .range(let answer)):
                return StoreSpecification.Output(revision: revision, responses: [self.response(.range(answer), to: .range(range))])
            case (.deleteRange(let delete), .deleteRange(let answer)):
                return StoreSpecification.Output(revision: revision, responses: [self.response(.deleteRange(answer), to: .deleteRange(delete))])
            case (.txn(let txn), .txn(let answer)):
                let ops = answer.succeeded ? txn.success : txn.failure
                return StoreSpecification.Output(revision: answer.revision, succeeded: answer.succeeded,
                                                 responses: zip(answer.responses, ops).map { self.response($0, to: $1) })
            case (.compact, .compact): return StoreSpecification.Output(revision: revision)
            case (_, .leaseGrant): return StoreSpecification.Output(revision: revision)
            case (_, .leaseKeepAlive(_, _, let ttl)): return StoreSpecification.Output(revision: revision, found: ttl > 0)
            case (_, .leaseRevoke): return StoreSpecification.Output(revision: revision, found: true)
            case (_, .leaseExpire(_, let expired)): return expired ? StoreSpecification.Output(revision: revision, found: true) : nil
            default: preconditionFailure("the workload sends no \(request), or the store answered it \(response)")
            }
        }
    }
}
