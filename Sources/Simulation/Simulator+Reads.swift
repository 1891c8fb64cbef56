import KeyValue

extension Simulator {
    /// The fresh-reads audit (the ReadIndex contract, thesis §6.4): a linearizable range must
    /// answer at a store revision no lower than the highest any node had applied when the read
    /// reached the node that answers it. What some node applied was committed, and a read
    /// served only after its leader confirmed it still leads, at a commit index of its own term,
    /// reflects every commit before the read arrived. Stronger than the history's
    /// linearizability: that needs the write's client to have seen its answer before the read
    /// began, this needs only the commit to have happened, which the simulator sees.
    ///
    /// Called as the node receives a client message, before it handles it.
    mutating func receivedRead(_ message: ClientMessage, node: Int, client: Int) {
        guard case .request(let id, .range(let range)) = message, !range.serializable else { return }
        readFloors[ReadReceipt(client: client, node: node, id: id)] = appliedRevisionMax
    }

    /// The node's output: its applied revisions raise the floor (applied means committed).
    mutating func raiseReadFloor(_ output: StoreNode.Output) {
        for (revision, _) in output.revisions where revision > appliedRevisionMax { appliedRevisionMax = revision }
    }

    /// The answers that leave the node: each read's is held to the floor of its arrival.
    mutating func auditReadAnswers(_ output: StoreNode.Output, from node: Int) {
        for (client, message) in output.replies {
            guard case .reply(let id, let reply) = message,
                  let floor = readFloors.removeValue(forKey: ReadReceipt(client: client, node: node, id: id)) else { continue }
            guard case .ok(.range(let answer)) = reply else { continue }
            freshReadsChecked += 1
            if answer.revision < floor && staleReads.count < WatchAudit.problemsMax {
                staleReads.append("at \(now): n\(node + 1) answered client \(client)'s read \(id) at revision \(answer.revision), below revision \(floor), which a node had applied when the read arrived")
            }
        }
    }

    /// A crashed node answers nothing it received.
    mutating func forgetReads(at node: Int) {
        readFloors = readFloors.filter { $0.key.node != node }
    }

    func freshReadProblems() -> [String] {
        freshReadsChecked == 0 ? ["no linearizable read was answered: nothing was checked"] : staleReads
    }
}
