import Linearizability
import Testing

@Suite("Explanations a person can act on")
struct ExplanationTests {
    /// p1 writes 1 and returns; then p3 reads 4, which nobody wrote.
    static let staleRegister = """
        {:process 1, :type :invoke, :f :write, :value 1}
        {:process 1, :type :ok, :f :write, :value 1}
        {:process 3, :type :invoke, :f :read, :value nil}
        {:process 3, :type :ok, :f :read, :value 4}
        """

    @Test("Golden explanation of a read of a value never written")
    func golden() throws {
        let report = try Fixtures.check(Self.staleRegister, model: "register")
        #expect(report.outcome == .illegal)
        #expect(report.explanation() == [
            "partition 1 of 1 (2 operations) is not linearizable",
            "  longest linearizable prefix: 1 operations",
            "    write(1) → ok by p1, line 1; then the register holds 1",
            "  cannot come next:",
            "    read by p3 returned 4, but after write(1) by p1 the register holds 1, so it would return 1 (line 3)",
        ])
    }

    @Test("Golden explanation when nothing can be placed first")
    func goldenInitial() throws {
        let text = """
            {"process":0,"type":"invoke","f":"read","time":1}
            {"process":0,"type":"ok","f":"read","value":"7","time":2}
            """
        let report = try Fixtures.check(text, model: "register", initial: "3")
        #expect(report.explanation() == [
            "partition 1 of 1 (1 operations) is not linearizable",
            "  longest linearizable prefix: 0 operations",
            "  cannot come next:",
            "    read by p0 returned 7, but initially the register holds 3, so it would return 3 (line 1)",
        ])
    }

    /// Key "a" is fine; a get of "b" misses the append before it.
    static let staleGetOfB = """
        {:process 0, :type :invoke, :f :put, :key "a", :value "x"}
        {:process 0, :type :ok, :f :put, :key "a", :value "x"}
        {:process 1, :type :invoke, :f :append, :key "b", :value "y"}
        {:process 1, :type :ok, :f :append, :key "b", :value "y"}
        {:process 2, :type :invoke, :f :get, :key "b", :value nil}
        {:process 2, :type :ok, :f :get, :key "b", :value ""}
        """

    @Test("Only the illegal partition of a kv history is explained")
    func kvPartition() throws {
        let text = Self.staleGetOfB
        let report = try Fixtures.check(text, model: "kv")
        #expect(report.outcome == .illegal)
        #expect(report.partitions.map(\.outcome) == [.ok, .illegal])
        #expect(report.explanation().last == "    get(\"b\") by p2 returned \"\", but after append(\"b\", \"y\") by p1 \"b\" holds \"y\", so it would return \"y\" (line 5)")
    }

    @Test("Golden explanation of a whole check decided by locality")
    func kvWholeByLocality() throws {
        let text = Self.staleGetOfB
        let report = try Fixtures.check(text, model: "kv", partitioned: false)
        #expect(report.outcome == .illegal)
        #expect(report.method == .wholeLocality)
        #expect(report.explanation() == [
            "checked whole, decided by locality (Herlihy and Wing): partition 2 of 2 (2 operations on objects no other "
                + "operation touches) has no linearization, and a history is linearizable only if each of its independent "
                + "objects' sub-histories is",
            "that partition (2 operations) is not linearizable",
            "  longest linearizable prefix: 1 operations",
            "    append(\"b\", \"y\") → ok by p1, line 3; then \"b\" holds \"y\"",
            "  cannot come next:",
            "    get(\"b\") by p2 returned \"\", but after append(\"b\", \"y\") by p1 \"b\" holds \"y\", so it would return \"y\" (line 5)",
        ])
    }
}
