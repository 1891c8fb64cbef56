import KeyValue
import Raft

extension Simulator {
    /// A peer message: dropped by a partition or by loss, else delayed, and sometimes
    /// duplicated. A link is a stream (as etcd's peer streams over TCP): messages arrive in the
    /// order they were sent, except that a delay spike (the reordering fault) holds one message
    /// back while later ones overtake it. Loss, duplication and spikes stop at healing.
    mutating func send(_ message: RaftMessage, after latency: Int64 = 0) {
        let from = Int(message.from.rawValue) - 1, to = Int(message.to.rawValue) - 1
        if blocked[from][to] || (!healed && configuration.injects(.loss) && network.chance(configuration.lossPercent)) {
            faults.drops += 1
            if configuration.tracesMessages { note("\(message) (dropped)") }
            return
        }
        if configuration.tracesMessages { note("\(message)") }
        queue.schedule(.peerMessage(message), at: arrival(from: from, to: to, after: latency))
        if !healed && configuration.injects(.duplication) && network.chance(configuration.duplicatePercent) {
            faults.duplicates += 1
            queue.schedule(.peerMessage(message), at: arrival(from: from, to: to, after: latency))
        }
    }

    /// When a message sent now on the link arrives: its delay drawn, no earlier than the last
    /// message of the link that was not spiked.
    mutating func arrival(from: Int, to: Int, after latency: Int64) -> Int64 {
        if !healed && configuration.injects(.reordering) && network.chance(5) {
            return now + latency + network.inRange(1..<configuration.delaySpikeMillisecondsMax + 1)
        }
        let time = max(now + latency + network.inRange(1..<configuration.messageDelayMillisecondsMax + 1), peerArrival[from][to])
        peerArrival[from][to] = time
        return time
    }

    /// A client's effects: sends go over a reliable, ordered, delayed link (as TCP: no loss,
    /// no duplicates, no overtaking), or are refused when the node is down or cut off from the
    /// client as they are sent; completions are recorded; watch events are audited.
    mutating func handle(_ effects: [StoreClient.Effect], client: Int) {
        for effect in effects {
            switch effect {
            case .send(let node, let message):
                if !up[node - 1] || clientBlocked[client][node - 1] {
                    // No connection can be made now: the message never leaves the client, and
                    // the client learns so after a connection attempt's round trip.
                    // Refusals come back in the order of the sends, as on a connection: a client
                    // with several calls open learns of the earlier one first.
                    let refusal = max(now + network.inRange(1..<6), refusalArrival[node - 1][client])
                    refusalArrival[node - 1][client] = refusal
                    queue.schedule(.refused(client: client, node: node - 1, message), at: refusal)
                    continue
                }
                if configuration.tracesMessages { note("client \(client) -> n\(node): \(message)") }
                let arrival = max(now + network.inRange(1..<6), toNodeArrival[node - 1][client])
                toNodeArrival[node - 1][client] = arrival
                queue.schedule(.toNode(node: node - 1, client: client, message), at: arrival)
            case .completed(let id, let outcome):
                complete(client: client, id: id, outcome)
            case .watchEvents(let watch, let events):
                watchAudit.reported(client: client, watch: watch, events: events, at: now)
            case .watchProgress:
                break
            case .watchResynced(let watch, let state):
                watchAudit.resynced(client: client, watch: watch, state: state, compactRevision: compactRevisionMax, at: now)
            case .watchCanceled(let watch, let reason):
                watchAudit.record("at \(now): client \(client) watch \(watch) was cancelled: \(reason)")
            }
        }
    }
}
