import Foundation
import Raft
import Support

/// `verify bench raft`: a 3-node Raft cluster in one process, messages handed over in memory, no
/// persistence cost (the Ready is acknowledged at once). It reports committed entries per second
/// for 16-byte proposals three ways (a batch per `propose(contentsOf:)`, the same number proposed
/// one call at a time between message rounds, and one proposal per round trip). The anchor is
/// etcd-io/raft's `BenchmarkProposal3Nodes`.
///
/// With `--allocations` it also measures heap allocations per committed entry: it runs itself
/// under valgrind (memcheck, whose exit summary counts every `malloc`, Swift's included) for one
/// mode at two sizes, and divides the difference in allocations by the difference in committed
/// entries, so start-up and warm-up allocations cancel out.
enum RaftBenchmark {
    struct Settings {
        var entries = 200_000
        var mode: String?
        var allocations = false

        static func parse(_ args: inout CommandLineArguments) throws -> Settings {
            var settings = Settings()
            if let entries = try args.integer("--raft-entries", in: 1_000...100_000_000) { settings.entries = entries }
            settings.mode = try args.value("--raft-mode")
            settings.allocations = try args.flag("--allocations")
            return settings
        }
    }

    static let entryBytes = 16
    static let batchEntries = 64

    static let modes: [(name: String, perRound: Int, batched: Bool)] = [
        ("raft-propose-batch", batchEntries, true),
        ("raft-propose-pipelined", batchEntries, false),
        ("raft-propose-single", 1, false),
    ]

    static func run(console: Console, settings: Settings) throws -> Int32 {
        let selected = modes.filter { settings.mode == nil || $0.name == settings.mode }
        guard !selected.isEmpty else { throw UsageError("unknown --raft-mode '\(settings.mode ?? "")' (one of: \(modes.map(\.name).joined(separator: ", ")))") }
        for mode in selected {
            let entries = mode.perRound == 1 ? settings.entries / 4 : settings.entries
            var cluster = try BenchCluster(size: 3)
            try cluster.elect()
            // Warm up (buffers reach their working sizes), then measure.
            try cluster.propose(rounds: 50, perRound: mode.perRound, batched: mode.batched)
            let messagesBefore = cluster.messagesDelivered
            let committedBefore = cluster.committed
            let start = ContinuousClock.now
            try cluster.propose(rounds: entries / mode.perRound, perRound: mode.perRound, batched: mode.batched)
            let elapsed = ContinuousClock.now - start
            let committed = cluster.committed - committedBefore
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            var allocationsPerEntry = JSONValue.null
            if settings.allocations { allocationsPerEntry = try measureAllocations(mode: mode.name) }
            console.out(JSONValue.object([
                ("benchmark", .string(mode.name)),
                ("nodes", .int(3)),
                ("entryBytes", .int(entryBytes)),
                ("entriesPerRound", .int(mode.perRound)),
                ("committed", .int(committed)),
                ("seconds", .double((seconds * 1000).rounded() / 1000)),
                ("committedPerSecond", .int(Int(Double(committed) / seconds))),
                ("heapAllocationsPerEntry", allocationsPerEntry),
                ("messagesPerEntry", .double((Double(cluster.messagesDelivered - messagesBefore) / Double(committed) * 100).rounded() / 100)),
            ]).compactText)
        }
        return ExitStatus.success
    }

    /// Heap allocations per committed entry of `mode`, from valgrind's counts at two sizes.
    static func measureAllocations(mode: String) throws -> JSONValue {
        let sizes = [4_000, 8_000]
        var counts: [(allocations: Int, committed: Int)] = []
        for size in sizes {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            let me = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
            process.arguments = ["valgrind", "--tool=memcheck", "--leak-check=no", me, "bench", "raft",
                                 "--raft-mode", mode, "--raft-entries", String(size)]
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0,
                  let usage = err.split(separator: "\n").first(where: { $0.contains("total heap usage:") }),
                  let allocs = usage.split(separator: ":").last?.split(separator: " ").first.map({ $0.replacingOccurrences(of: ",", with: "") }),
                  let allocations = Int(allocs),
                  let line = out.split(separator: "\n").first, let json = try? JSONValue.parse(String(line)),
                  let committed = json["committed"]?.intValue else {
                throw UsageError("--allocations needs valgrind on PATH (the run under valgrind failed: \(err.suffix(300)))")
            }
            counts.append((allocations, committed))
        }
        let perEntry = Double(counts[1].allocations - counts[0].allocations) / Double(counts[1].committed - counts[0].committed)
        return .double((perEntry * 100).rounded() / 100)
    }
}

/// Three nodes and a FIFO of messages, driven to quiescence after each round of proposals.
struct BenchCluster {
    var nodes: [RaftNode]
    var queue: [RaftMessage] = []
    var messagesDelivered = 0
    /// Entries the leader has seen committed.
    var committed: Int { Int(nodes[0].commitIndex) }
    let payload = [UInt8](repeating: 0x5A, count: RaftBenchmark.entryBytes)

    init(size: Int) throws {
        let members = (1...size).map { NodeID(UInt64($0)) }
        nodes = try members.map { id in
            var options = RaftOptions(id: id, members: members)
            options.electionTimeoutTicks = 10
            return try RaftNode(options: options, random: SplitMix64.stream(17, Int(id.rawValue)))
        }
        queue.reserveCapacity(1024)
    }

    mutating func elect() throws {
        nodes[0].campaign()
        try settle()
        guard nodes[0].role == .leader else { throw BenchmarkError("node 1 did not become leader") }
    }

    mutating func propose(rounds: Int, perRound: Int, batched: Bool) throws {
        let batch = Array(repeating: payload, count: perRound)
        for _ in 0..<rounds {
            let target = nodes[0].log.lastIndex + UInt64(perRound)
            if batched {
                try nodes[0].propose(contentsOf: batch)
            } else {
                for _ in 0..<perRound { try nodes[0].propose(payload) }
            }
            try settle()
            guard nodes[0].commitIndex >= target else { throw BenchmarkError("round did not commit (\(nodes[0].commitIndex) < \(target))") }
        }
    }

    /// Handles every Ready and delivers every message until nothing moves.
    mutating func settle() throws {
        var passes = 0
        while passes < 10_000 {
            var moved = false
            for k in nodes.indices where nodes[k].hasReady {
                let ready = nodes[k].ready()
                queue.append(contentsOf: ready.messages)
                nodes[k].advance(ready)
                moved = true
            }
            var head = 0
            while head < queue.count {
                let message = queue[head]
                head += 1
                try nodes[Int(message.to.rawValue) - 1].step(message)
                messagesDelivered += 1
                moved = true
            }
            queue.removeAll(keepingCapacity: true)
            if !moved { return }
            passes += 1
        }
        throw BenchmarkError("the cluster did not settle")
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
