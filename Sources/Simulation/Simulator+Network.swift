import KeyValue
import Raft

extension Simulator {
    /// A peer message: dropped by a partition or by loss, else delayed (with an occasional
    /// spike, which reorders), and sometimes duplicated. Loss and duplication stop at healing.
    mutating func send(_ message: RaftMessage) {
        let from = Int(message.from.rawValue) - 1, to = Int(message.to.rawValue) - 1
        if blocked[from][to] || (!healed && network.chance(configuration.lossPercent)) {
            faults.drops += 1
            return
        }
        queue.schedule(.peerMessage(message), at: now + delay())
        if !healed && network.chance(configuration.duplicatePercent) {
            faults.duplicates += 1
            queue.schedule(.peerMessage(message), at: now + delay())
        }
    }

    mutating func delay() -> Int64 {
        if !healed && network.chance(5) { return network.inRange(1..<configuration.delaySpikeMillisecondsMax + 1) }
        return network.inRange(1..<configuration.messageDelayMillisecondsMax + 1)
    }

    /// A client's effects: sends go over a reliable, delayed link (as TCP: no loss, no
    /// duplicates); a completion is recorded.
    mutating func handle(_ effects: [StoreClient.Effect], client: Int) {
        for effect in effects {
            switch effect {
            case .send(let node, let message):
                queue.schedule(.toNode(node: node - 1, client: client, message), at: now + network.inRange(1..<6))
            case .completed(let id, let outcome):
                complete(client: client, id: id, outcome)
            case .watchEvents, .watchProgress, .watchResynced, .watchCanceled:
                preconditionFailure("the workload opens no watches")
            }
        }
    }
}
