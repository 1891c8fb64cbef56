import KeyValue
import Testing

@Suite("Transactions as etcd runs them")
struct TxnSemanticsTests {
    static func txn(_ compare: [Compare], _ success: [RequestOp], _ failure: [RequestOp] = []) -> Request {
        .txn(TxnRequest(compare: compare, success: success, failure: failure))
    }

    static func put(_ key: String, _ value: String, lease: Int64 = 0) -> RequestOp { .put(PutRequest(key: key, value: value, lease: lease)) }
    static func get(_ key: String, _ end: String = "") -> RequestOp { .range(RangeRequest(key: key, rangeEnd: end)) }

    @Test("Compares on a missing key: a value compare fails, the other targets read 0")
    func comparesOnMissingKeys() {
        let store = KeyValueStore()
        #expect(!store.holds(Compare(key: "x", .value([]), .equal)))
        #expect(!store.holds(Compare(key: "x", .value([]), .notEqual)))
        #expect(store.holds(Compare(key: "x", .createRevision(0), .equal)))
        #expect(store.holds(Compare(key: "x", .version(0), .equal)))
        #expect(store.holds(Compare(key: "x", .modRevision(1), .less)))
        #expect(store.holds(Compare(key: "x", .lease(0), .equal)))
        #expect(!store.holds(Compare(key: "x", .version(0), .greater)))
    }

    @Test("Compares on every target and result, and over a range (every key must satisfy it)")
    func comparesOnPresentKeys() {
        var store = KeyValueStore()
        store.put("a", "m")
        store.put("b", "q")
        #expect(store.holds(Compare(key: "a", .value(bytes("m")), .equal)))
        #expect(store.holds(Compare(key: "a", .value(bytes("n")), .less)))
        #expect(store.holds(Compare(key: "a", .value(bytes("l")), .greater)))
        #expect(store.holds(Compare(key: "a", .value(bytes("mm")), .less)))
        #expect(store.holds(Compare(key: "a", .modRevision(2), .equal)))
        #expect(store.holds(Compare(key: "b", .createRevision(2), .greater)))
        #expect(store.holds(Compare(key: "b", .version(1), .equal)))
        #expect(store.holds(Compare(key: "b", .version(2), .notEqual)))
        let both = KeyRange(key: bytes("a"), rangeEnd: bytes("c"))
        #expect(store.holds(Compare(range: both, target: .version(1), result: .equal)))
        #expect(!store.holds(Compare(range: both, target: .modRevision(3), result: .equal)))
    }

    @Test("The create-if-absent election transaction: the first wins at one revision, the second fails without one")
    func createIfAbsent() throws {
        var store = KeyValueStore()
        _ = store.grant(1)
        _ = store.grant(2)
        let campaign = { (lease: Int64, value: String) in
            TxnSemanticsTests.txn([Compare(key: "election", .createRevision(0), .equal)],
                                  [TxnSemanticsTests.put("election", value, lease: lease)], [TxnSemanticsTests.get("election")])
        }
        let first = try #require(store.apply(campaign(1, "broker-1")).txn)
        #expect(first.succeeded && first.revision == 2)
        let second = try #require(store.apply(campaign(2, "broker-2")).txn)
        #expect(!second.succeeded && second.revision == 2)
        guard case .range(let holder) = try #require(second.responses.first) else { Issue.record("a range answer"); return }
        #expect(texts(holder.kvs) == ["election=broker-1"] && holder.kvs[0].lease == 1 && holder.kvs[0].createRevision == 2)
    }

    @Test("All of a transaction's writes share one revision and its later ranges see its earlier writes")
    func oneRevision() throws {
        var store = KeyValueStore()
        store.put("old", "1")
        let result = store.apply(TxnSemanticsTests.txn([], [
            TxnSemanticsTests.put("a", "1"), TxnSemanticsTests.put("b", "2"),
            .deleteRange(DeleteRangeRequest(key: "old")), TxnSemanticsTests.get("a", "c"),
            .range(RangeRequest(key: "a", revision: 2)),
        ]))
        let txn = try #require(result.txn)
        #expect(txn.revision == 3 && store.revision == 3)
        #expect(result.events.map(\.revision) == [3, 3, 3] && result.events.map(\.kind) == [.put, .put, .delete])
        guard case .range(let seen) = txn.responses[3], case .range(let before) = txn.responses[4],
              case .put(let put) = txn.responses[0], case .deleteRange(let deleted) = txn.responses[2] else {
            Issue.record("answers in request order"); return
        }
        #expect(texts(seen.kvs) == ["a=1", "b=2"] && seen.revision == 3)
        #expect(before.kvs.isEmpty)
        #expect(put.revision == 3 && deleted.revision == 3 && deleted.deleted == 1)
    }

    @Test("A transaction that changes nothing adds no revision")
    func noChangeNoRevision() throws {
        var store = KeyValueStore()
        store.put("k", "v")
        let readOnly = try #require(store.apply(TxnSemanticsTests.txn([], [TxnSemanticsTests.get("k")])).txn)
        #expect(readOnly.revision == 2)
        let emptyDelete = try #require(store.apply(TxnSemanticsTests.txn([], [.deleteRange(DeleteRangeRequest(key: "none"))])).txn)
        #expect(emptyDelete.revision == 2 && store.revision == 2)
        guard case .deleteRange(let deleted) = emptyDelete.responses[0] else { Issue.record("a delete answer"); return }
        #expect(deleted.revision == 2)
    }

    @Test("A transaction whose chosen branch cannot run changes nothing (lease missing, compacted or future range)")
    func atomicRefusals() {
        var store = KeyValueStore()
        store.put("k", "1")
        store.put("k", "2")
        _ = store.apply(.compact(revision: 3))
        let missingLease = store.apply(TxnSemanticsTests.txn([], [TxnSemanticsTests.put("a", "1"), TxnSemanticsTests.put("b", "1", lease: 9)]))
        #expect(missingLease.error == .leaseNotFound && missingLease.events.isEmpty)
        #expect(store.get("a")?.kvs.isEmpty == true && store.revision == 3)
        let compacted = store.apply(TxnSemanticsTests.txn([], [TxnSemanticsTests.put("a", "1"), .range(RangeRequest(key: "k", revision: 2))]))
        #expect(compacted.error == .compacted(compactRevision: 3))
        let future = store.apply(TxnSemanticsTests.txn([], [TxnSemanticsTests.put("a", "1"), .range(RangeRequest(key: "k", revision: 4))]))
        #expect(future.error == .futureRevision && store.revision == 3)
        // The branch not taken is not checked.
        let untaken = store.apply(TxnSemanticsTests.txn([Compare(key: "k", .version(2), .equal)], [TxnSemanticsTests.put("a", "1")],
                                                        [TxnSemanticsTests.put("b", "1", lease: 9)]))
        #expect(untaken.txn?.succeeded == true && store.revision == 4)
    }

    @Test("Duplicate keys in one branch are refused, as etcd's checkIntervals refuses them")
    func duplicateKeys() {
        var store = KeyValueStore()
        let twice = store.apply(TxnSemanticsTests.txn([], [TxnSemanticsTests.put("a", "1"), TxnSemanticsTests.put("a", "2")]))
        #expect(twice.error == .duplicateKey)
        let putAndDelete = store.apply(TxnSemanticsTests.txn([], [TxnSemanticsTests.put("b", "1"), .deleteRange(DeleteRangeRequest(key: "a", rangeEnd: "c"))]))
        #expect(putAndDelete.error == .duplicateKey)
        // One put per branch of a nested transaction is fine: only one runs.
        let nested = TxnRequest(compare: [], success: [TxnSemanticsTests.put("a", "1")], failure: [TxnSemanticsTests.put("a", "2")])
        #expect(store.apply(TxnSemanticsTests.txn([], [.txn(nested)])).error == nil)
        let clash = store.apply(TxnSemanticsTests.txn([], [TxnSemanticsTests.put("a", "3"), .txn(nested)]))
        #expect(clash.error == .duplicateKey)
        // Separate branches of the outer transaction are checked separately.
        #expect(store.apply(TxnSemanticsTests.txn([], [TxnSemanticsTests.put("a", "1")], [TxnSemanticsTests.put("a", "2")])).error == nil)
    }

    @Test("Nested transactions decide their compares on the state before the outer one")
    func nestedCompares() throws {
        var store = KeyValueStore()
        let inner = TxnRequest(compare: [Compare(key: "flag", .createRevision(0), .equal)],
                               success: [TxnSemanticsTests.put("inner", "saw-no-flag")], failure: [TxnSemanticsTests.put("inner", "saw-flag")])
        let outer = try #require(store.apply(TxnSemanticsTests.txn([], [TxnSemanticsTests.put("flag", "1"), .txn(inner)])).txn)
        #expect(store.value("inner") == "saw-no-flag")
        guard case .txn(let innerAnswer) = outer.responses[1] else { Issue.record("a nested answer"); return }
        #expect(innerAnswer.succeeded && innerAnswer.revision == 0 && outer.revision == 2)
    }

    @Test("Too many operations, empty keys and deep nesting are refused before anything runs")
    func validation() {
        var store = KeyValueStore(limits: StoreLimits(txnOperationsMax: 3, txnDepthMax: 2))
        let many = (0..<4).map { TxnSemanticsTests.put("k\($0)", "v") }
        #expect(store.apply(TxnSemanticsTests.txn([], many)).error == .tooManyOperations(max: 3))
        #expect(store.apply(TxnSemanticsTests.txn([Compare(key: "", .version(0), .equal)], [])).error == .emptyKey)
        let deep = TxnRequest(success: [.txn(TxnRequest(success: [.txn(TxnRequest())]))])
        #expect(store.apply(.txn(deep)).error == .invalid("transactions nested deeper than 2"))
        #expect(store.revision == 1)
    }
}
