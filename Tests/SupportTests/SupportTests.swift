import Testing
import Support

@Suite("The shared foundations")
struct SupportTests {
    @Test("one seed gives the same draws, and streams of one seed differ")
    func generatorStreams() {
        var a = SplitMix64(seed: 42)
        var b = SplitMix64(seed: 42)
        #expect((0..<8).map { _ in a.next() } == (0..<8).map { _ in b.next() })
        var network = SplitMix64.stream(42, 0)
        var clocks = SplitMix64.stream(42, 1)
        #expect(network.next() != clocks.next())
        var named1 = SplitMix64.stream(42, named: "network")
        var named2 = SplitMix64.stream(42, named: "network")
        var other = SplitMix64.stream(42, named: "disks")
        let first = named1.next()
        #expect(first == named2.next())
        #expect(first != other.next())
    }

    @Test("SplitMix64's first outputs match the published reference for seed 0")
    func generatorGolden() {
        // Vigna's splitmix64.c with x = 0: the first three outputs.
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xe220_a839_7b1d_cdaf)
        #expect(generator.next() == 0x6e78_9e6a_a1b9_65f4)
        #expect(generator.next() == 0x06c4_5d18_8009_454f)
    }

    @Test("bounded draws are unbiased: every residue of a bound that does not divide 2^64 appears equally often")
    func generatorBounded() {
        var generator = SplitMix64(seed: 7)
        var counts = [Int](repeating: 0, count: 3)
        for _ in 0..<30_000 { counts[generator.below(3)] += 1 }
        for count in counts { #expect(abs(count - 10_000) < 400, "counts \(counts)") }
        for _ in 0..<1_000 {
            let value = generator.inRange(5..<9)
            #expect((5..<9).contains(value))
        }
    }

    @Test("the stable hash of bytes is fixed across processes (golden values) and never zero")
    func stableHashGolden() {
        #expect(StableHash.of([UInt8]()) != 0)
        #expect(StableHash.of([1, 2, 3]) == StableHash.of([1, 2, 3]))
        #expect(StableHash.of([1, 2, 3]) != StableHash.of([1, 2, 3, 0]))
        var hasher = StableHasher()
        hasher.combine("ab")
        hasher.combine("c")
        var other = StableHasher()
        other.combine("a")
        other.combine("bc")
        #expect(hasher.finalized != other.finalized)
    }

    @Test("JSON: values round-trip through the deterministic writer")
    func jsonRoundTrip() throws {
        let text = #"{"b":1,"a":[true,false,null,-0.5,"x\"\n\u00e9"],"c":{"d":9007199254740993}}"#
        let value = try JSONValue.parse(text)
        #expect(value.compactText == #"{"b":1,"a":[true,false,null,-0.5,"x\"\né"],"c":{"d":9007199254740993}}"#)
        #expect(try JSONValue.parse(value.prettyText) == value)
        #expect(value["c"]?["d"]?.intValue == 9_007_199_254_740_993)
    }

    @Test("JSON: malformed input is an error with its line and column", arguments: [
        ("{\"a\":1,\n\"a\":2}", 2, 1, "duplicate member \"a\""),
        ("[1,\n  2,\n  ]", 3, 3, "unexpected character ']'"),
        ("{\"a\": 01}", 1, 8, "a number may not have a leading zero"),
        ("[1.]", 1, 4, "a digit was expected after '.'"),
        ("\"abc", 1, 5, "unterminated string"),
        ("[1] x", 1, 5, "unexpected text after the JSON value"),
        ("{\"a\" 1}", 1, 6, "expected ':'"),
        ("tru", 1, 1, "invalid literal (expected true)"),
    ])
    func jsonErrors(text: String, line: Int, column: Int, message: String) {
        #expect(throws: JSONParseError(line: line, column: column, message: message)) { try JSONValue.parse(text) }
    }

    @Test("JSON: nesting beyond the bound is refused, not a stack overflow")
    func jsonDepth() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }
}
