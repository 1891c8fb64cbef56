extension RaftMessage: CustomDebugStringConvertible {
    /// The message's fields by name: how it appears in an action's stable identity (`actionId`),
    /// so that a trace names what was received rather than the packed bits that hold it.
    public var debugDescription: String {
        var fields = ["term: \(term)", "source: \(source)", "dest: \(dest)"]
        switch kind {
        case .requestVoteRequest: fields += ["lastLogTerm: \(lastLogTerm)", "lastLogIndex: \(lastLogIndex)"]
        case .requestVoteResponse: fields += ["voteGranted: \(voteGranted)"]
        case .appendEntriesRequest:
            fields += ["prevLogIndex: \(prevLogIndex)", "prevLogTerm: \(prevLogTerm)",
                       "entry: \(entry.map(String.init) ?? "none")", "commitIndex: \(commitIndex)"]
        case .appendEntriesResponse: fields += ["success: \(success)", "matchIndex: \(matchIndex)"]
        }
        if log.count > 0 { fields.append("log: \(log.bits)") }
        return "\(kind)(\(fields.joined(separator: ", ")))"
    }
}
