// Placeholder until the linearizability benchmark lands (issue 7); replaced by its owner.
enum LincheckBenchmark {
    static func run(console: Console, arguments: [String]) throws -> Int32 {
        throw UsageError("the lincheck benchmark is not built yet")
    }
}
