@testable import Raft

/// The test clusters' state machine: the data of every applied entry with data, in order. Its
/// snapshot encoding is what a real application's would be: bytes Raft never reads.
struct AppliedLog: Equatable {
    var appliedIndex: UInt64 = 0
    var values: [[UInt8]] = []

    mutating func apply(_ entry: LogEntry) {
        precondition(entry.index == appliedIndex + 1, "applying \(entry.index) after \(appliedIndex)")
        appliedIndex = entry.index
        if !entry.data.isEmpty { values.append(entry.data) }
    }

    var encoded: [UInt8] {
        var bytes: [UInt8] = []
        func put(_ value: UInt64) { for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(k)))) } }
        put(appliedIndex)
        put(UInt64(values.count))
        for value in values {
            put(UInt64(value.count))
            bytes += value
        }
        return bytes
    }

    init() {}

    init(decoding bytes: [UInt8]) {
        var offset = 0
        func take() -> UInt64 {
            var value: UInt64 = 0
            for k in 0..<8 { value |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
            offset += 8
            return value
        }
        appliedIndex = take()
        let count = take()
        for _ in 0..<count {
            let length = Int(take())
            values.append(Array(bytes[offset..<(offset + length)]))
            offset += length
        }
    }
}
