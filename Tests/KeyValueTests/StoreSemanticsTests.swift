import KeyValue
import Testing

/// The store against etcd v3's documented behaviour (api/etcdserverpb/rpc.proto, the
/// "revision" and "version" rules of mvccpb.KeyValue, etcd's txn and mvcc code).
@Suite("Store semantics as etcd v3 documents them")
struct StoreSemanticsTests {
    @Test("The store starts at revision 1 and every put adds one revision")
    func revisionsStartAtOneAndPutsAddOne() {
        var store = KeyValueStore()
        #expect(store.revision == 1)
        #expect(store.put("a", "1").put?.revision == 2)
        #expect(store.put("b", "1").put?.revision == 3)
        #expect(store.put("a", "2").put?.revision == 4)
        store.checkInvariants()
    }

    @Test("Create revision stays, mod revision and version advance, a delete resets the version")
    func createModAndVersion() throws {
        var store = KeyValueStore()
        store.put("k", "1")
        store.put("k", "2")
        var kv = try #require(store.get("k")?.kvs.first)
        #expect(kv.createRevision == 2 && kv.modRevision == 3 && kv.version == 2)
        store.delete("k")
        #expect(store.get("k")?.kvs.isEmpty == true)
        store.put("k", "3")
        kv = try #require(store.get("k")?.kvs.first)
        #expect(kv.createRevision == 5 && kv.modRevision == 5 && kv.version == 1)
    }

    @Test("A delete that matches nothing adds no revision; one that deletes many adds one")
    func deleteRevisions() throws {
        var store = KeyValueStore()
        let nothing = store.delete("missing")
        #expect(nothing.deleted?.deleted == 0 && nothing.revision == 1 && nothing.events.isEmpty)
        store.put("a/1", "x")
        store.put("a/2", "y")
        store.put("b", "z")
        let many = store.delete("a/", "a0", prevKv: true)
        #expect(many.deleted?.deleted == 2 && many.revision == 5)
        #expect(texts(try #require(many.deleted).prevKvs) == ["a/1=x", "a/2=y"])
        #expect(many.events.map(\.kind) == [.delete, .delete] && many.events.allSatisfy { $0.revision == 5 })
    }

    @Test("Ranges: a key, a prefix, an interval, from a key on, sorted by key, with limit, count and more")
    func ranges() throws {
        var store = KeyValueStore()
        for key in ["b", "a/2", "a/1", "c", "a/10", "a"] { store.put(key, key.uppercased()) }
        #expect(texts(try #require(store.get("a")).kvs) == ["a=A"])
        let prefix = try store.read(RangeRequest(range: .prefix(bytes("a/")))).get()
        #expect(texts(prefix.kvs) == ["a/1=A/1", "a/10=A/10", "a/2=A/2"])
        #expect(texts(try #require(store.get("a/10", "b")).kvs) == ["a/10=A/10", "a/2=A/2"])
        #expect(texts(try #require(store.get("b", "\u{0}")).kvs) == ["b=B", "c=C"])
        let limited = try #require(store.get("a", "z", limit: 2))
        #expect(texts(limited.kvs) == ["a=A", "a/1=A/1"] && limited.more && limited.count == 6)
        let all = try #require(store.get("a", "z", limit: 6))
        #expect(!all.more && all.count == 6)
        #expect(store.get("c", "b")?.kvs.isEmpty == true)
        let counted = try store.read(RangeRequest(range: .prefix(bytes("a")), countOnly: true)).get()
        #expect(counted.kvs.isEmpty && counted.count == 4)
        // etcd's `more` says the limit cut the key-values; a count-only range returns none.
        let countedLimited = try store.read(RangeRequest(range: .prefix(bytes("a")), limit: 1, countOnly: true)).get()
        #expect(countedLimited.kvs.isEmpty && countedLimited.count == 4 && !countedLimited.more)
        let keysOnly = try store.read(RangeRequest(range: .prefix(bytes("a/")), keysOnly: true)).get()
        #expect(keysOnly.kvs.map { KeyBytes.text($0.key) } == ["a/1", "a/10", "a/2"] && keysOnly.kvs.allSatisfy { $0.value.isEmpty })
        #expect(store.read(RangeRequest(range: KeyRange(key: []))) == .failure(.emptyKey))
    }

    @Test("Reads at an older revision see the store as it was; future revisions fail")
    func historicalReads() {
        var store = KeyValueStore()
        store.put("k", "1") // 2
        store.put("k", "2") // 3
        store.delete("k") // 4
        store.put("k", "3") // 5
        #expect(store.value("k", revision: 1) == nil)
        #expect(store.value("k", revision: 2) == "1")
        #expect(store.value("k", revision: 3) == "2")
        #expect(store.value("k", revision: 4) == nil)
        #expect(store.value("k", revision: 5) == "3")
        #expect(store.get("k", revision: 3)?.revision == 5)
        #expect(store.read(RangeRequest(key: "k", revision: 6)) == .failure(.futureRevision))
    }

    @Test("Compaction: reads below it fail with compacted, at and above it still work")
    func compaction() {
        var store = KeyValueStore()
        for value in 1...5 { store.put("k", "\(value)") } // revisions 2...6
        store.put("other", "x") // 7
        store.delete("other") // 8
        let compacted = store.apply(.compact(revision: 5))
        #expect(compacted.response == .compact(revision: 8) && compacted.revision == 8)
        #expect(store.read(RangeRequest(key: "k", revision: 4)) == .failure(.compacted(compactRevision: 5)))
        #expect(store.value("k", revision: 5) == "4")
        #expect(store.value("k", revision: 6) == "5")
        #expect(store.value("other", revision: 7) == "x")
        #expect(store.apply(.compact(revision: 5)).error == .compacted(compactRevision: 5))
        #expect(store.apply(.compact(revision: 9)).error == .futureRevision)
        #expect(store.apply(.compact(revision: 8)).error == nil)
        // The deletion at 8 is still an event of the oldest revision a watch may start at.
        #expect(store.indexedKeyCount == 2)
        store.put("k", "6") // 9
        #expect(store.apply(.compact(revision: 9)).error == nil)
        #expect(store.indexedKeyCount == 1 && store.liveKeyCount == 1)
        store.checkInvariants()
    }

    @Test("Put: prevKv answers the old key; ignoreValue and ignoreLease keep them; bad combinations fail")
    func putOptions() throws {
        var store = KeyValueStore()
        #expect(store.put("k", "1", prevKv: true).put?.prevKv == nil)
        let second = try #require(store.put("k", "2", prevKv: true).put)
        #expect(second.prevKv.map { KeyBytes.text($0.value) } == "1")
        _ = store.grant(7)
        store.put("k", "3", lease: 7)
        let kept = store.apply(.put(PutRequest(key: bytes("k"), value: [], ignoreValue: true, ignoreLease: true)))
        #expect(kept.error == nil)
        let kv = try #require(store.get("k")?.kvs.first)
        #expect(KeyBytes.text(kv.value) == "3" && kv.lease == 7 && kv.version == 4)
        #expect(store.apply(.put(PutRequest(key: bytes("new"), value: [], ignoreValue: true))).error == .keyNotFound)
        #expect(store.apply(.put(PutRequest(key: bytes("k"), value: bytes("x"), ignoreValue: true))).error == .valueProvided)
        #expect(store.apply(.put(PutRequest(key: bytes("k"), value: bytes("x"), lease: 7, ignoreLease: true))).error == .leaseProvided)
        #expect(store.apply(.put(PutRequest(key: "k", value: "x", lease: 99))).error == .leaseNotFound)
        #expect(store.apply(.put(PutRequest(key: [], value: bytes("x")))).error == .emptyKey)
        #expect(store.revision == 5)
    }
}
