extension KeyValueStore {
    /// etcd's `Txn`: validate the request, decide every branch on the state before it, check
    /// the chosen requests against that state, then run them. Nothing runs unless everything
    /// passes, so the transaction is atomic.
    mutating func applyTxn(_ txn: TxnRequest, _ pending: inout PendingWrite) -> Result<TxnResponse, StoreError> {
        if let problem = check(txn, budget: limits.txnOperationsMax, depth: 1) { return .failure(problem) }
        do {
            _ = try KeyValueStore.intervals(txn.success)
            _ = try KeyValueStore.intervals(txn.failure)
        } catch {
            return .failure(error)
        }
        let path = decide(txn)
        if let problem = checkBranches(txn, path) { return .failure(problem) }
        var response = execute(txn, path, &pending)
        response.revision = pending.current
        return .success(response)
    }

    // MARK: Validation without state (etcd's `checkTxnRequest`)

    private func check(_ txn: TxnRequest, budget: Int, depth: Int) -> StoreError? {
        if depth > limits.txnDepthMax { return .invalid("transactions nested deeper than \(limits.txnDepthMax)") }
        let operations = max(txn.compare.count, txn.success.count, txn.failure.count)
        if operations > budget { return .tooManyOperations(max: limits.txnOperationsMax) }
        if txn.compare.contains(where: { $0.range.key.isEmpty }) { return .emptyKey }
        for op in txn.success + txn.failure {
            let problem: StoreError?
            switch op {
            case .range(let range): problem = KeyValueStore.check(range)
            case .put(let put): problem = KeyValueStore.check(put)
            case .deleteRange(let delete): problem = KeyValueStore.check(delete)
            case .txn(let nested): problem = check(nested, budget: budget - operations, depth: depth + 1)
            }
            if let problem { return problem }
        }
        return nil
    }

    /// etcd's `checkIntervals`: within a branch, no key may be put twice or both put and
    /// deleted, counting the branches of nested transactions (the two branches of one nested
    /// transaction may put the same key, as only one of them runs).
    static func intervals(_ ops: [RequestOp]) throws(StoreError) -> (puts: Set<[UInt8]>, deletes: [KeyRange]) {
        var deletes: [KeyRange] = []
        for op in ops {
            if case .deleteRange(let delete) = op { deletes.append(delete.range) }
        }
        func deleted(_ key: [UInt8], _ ranges: [KeyRange]) -> Bool {
            ranges.contains { $0.intersects(KeyRange(key: key)) }
        }
        var puts: Set<[UInt8]> = []
        for op in ops {
            guard case .txn(let nested) = op else { continue }
            let then = try intervals(nested.success)
            let otherwise = try intervals(nested.failure)
            for key in then.puts {
                if puts.contains(key) || deleted(key, deletes) { throw .duplicateKey }
                puts.insert(key)
            }
            for key in otherwise.puts {
                if puts.contains(key) && !then.puts.contains(key) { throw .duplicateKey }
                if deleted(key, deletes) { throw .duplicateKey }
                puts.insert(key)
            }
            deletes += then.deletes + otherwise.deletes
        }
        for op in ops {
            guard case .put(let put) = op else { continue }
            if puts.contains(put.key) || deleted(put.key, deletes) { throw .duplicateKey }
            puts.insert(put.key)
        }
        return (puts, deletes)
    }

    // MARK: Deciding and checking on the state before

    private func decide(_ txn: TxnRequest) -> TxnPath {
        let succeeded = txn.compare.allSatisfy(holds)
        var nested: [TxnPath] = []
        for op in succeeded ? txn.success : txn.failure {
            if case .txn(let inner) = op { nested.append(decide(inner)) }
        }
        return TxnPath(succeeded: succeeded, nested: nested)
    }

    /// etcd's `applyCompare` on the current state: every key of the range must satisfy it; an empty range fails a
    /// value compare and compares 0 for the other targets.
    public func holds(_ compare: Compare) -> Bool {
        let found = liveSlots(in: compare.range)
        if found.isEmpty {
            if case .value = compare.target { return false }
            return KeyValueStore.compare(nil, compare)
        }
        return found.allSatisfy { slot in
            let history = histories[Int(slot)]
            return KeyValueStore.compare(history.pair(history.live!), compare)
        }
    }

    private static func compare(_ pair: KeyValuePair?, _ compare: Compare) -> Bool {
        let order: Int
        switch compare.target {
        case .value(let operand): order = KeyBytes.compare(pair?.value ?? [], operand)
        case .version(let operand): order = ordering(pair?.version ?? 0, operand)
        case .createRevision(let operand): order = ordering(pair?.createRevision ?? 0, operand)
        case .modRevision(let operand): order = ordering(pair?.modRevision ?? 0, operand)
        case .lease(let operand): order = ordering(pair?.lease ?? 0, operand)
        }
        switch compare.result {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .greater: return order > 0
        case .less: return order < 0
        }
    }

    private static func ordering(_ a: Int64, _ b: Int64) -> Int { a < b ? -1 : (a > b ? 1 : 0) }

    /// etcd's `checkTxn`: ranges at a revision that cannot be read and puts that cannot be
    /// made fail the whole transaction, decided on the state before it.
    private func checkBranches(_ txn: TxnRequest, _ path: TxnPath) -> StoreError? {
        var nested = path.nested.makeIterator()
        for op in path.succeeded ? txn.success : txn.failure {
            let problem: StoreError?
            switch op {
            case .range(let range): problem = checkRange(range)
            case .put(let put): problem = checkPut(put)
            case .deleteRange: problem = nil
            case .txn(let inner): problem = checkBranches(inner, nested.next()!)
            }
            if let problem { return problem }
        }
        return nil
    }

    // MARK: Running

    /// etcd's `executeTxn`. The revision of a nested transaction's answer is 0, as in etcd,
    /// where only the outermost header is filled.
    private mutating func execute(_ txn: TxnRequest, _ path: TxnPath, _ pending: inout PendingWrite) -> TxnResponse {
        var nested = path.nested.makeIterator()
        var responses: [ResponseOp] = []
        for op in path.succeeded ? txn.success : txn.failure {
            switch op {
            case .range(let range):
                switch self.range(range, current: pending.current) {
                case .success(let response): responses.append(.range(response))
                case .failure(let error): preconditionFailure("a checked range failed: \(error)")
                }
            case .put(let put):
                responses.append(.put(write(put, &pending)))
            case .deleteRange(let delete):
                responses.append(.deleteRange(deleteRange(delete, &pending)))
            case .txn(let inner):
                responses.append(.txn(execute(inner, nested.next()!, &pending)))
            }
        }
        precondition(nested.next() == nil, "one path per nested transaction")
        return TxnResponse(revision: 0, succeeded: path.succeeded, responses: responses)
    }
}
