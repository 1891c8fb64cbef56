import ModelChecker

/// The stable encoding of a state, and the renaming of servers for symmetry reduction.
///
/// The encoding writes the state's fields in a fixed order, fixed-width per server and per
/// message, with a count before each variable-length part (the bag, the elections, allLogs),
/// so it is injective. It leaves out what the configuration makes constant: with logs off,
/// `log`, `commitIndex`, `nextIndex` and `matchIndex` never change (every log stays `<<>>`,
/// so every index stays 1 or 0; `checkInvariants` asserts it); the words of `elections` past
/// the term bound stay zero; and the history the mode does not keep is absent.
extension RaftElection {
    public func encode(_ state: State, into encoder: inout StateEncoder) {
        for i in 0..<servers {
            let server = state.servers[i]
            if logsOn {
                encoder.append(server.word)
                encoder.append(server.log.bits)
            } else {
                // The election fields are 19 bits: three bytes.
                let fields = server.electionFields
                encoder.append(UInt8(truncatingIfNeeded: fields))
                encoder.append(UInt8(truncatingIfNeeded: fields >> 8))
                encoder.append(UInt8(truncatingIfNeeded: fields >> 16))
            }
        }
        let inFlight = state.messages.count
        encoder.appendCount(inFlight)
        for slot in 0..<inFlight { encoder.append(state.messages[slot]) }
        // Elections happen in terms 2...maxTerm: their lanes are all the words that can be nonzero.
        let words = configuration.maxTerm >= 2 ? configuration.maxTerm / 2 : 0
        for word in 0..<words { encoder.append(state.elections[word]) }
        if configuration.tlcHistory { encoder.append(state.allLogsIsNonEmpty) }
        if let history = state.logHistory {
            encoder.appendCount(history.elections.count)
            for record in history.elections {
                encoder.append(record.term)
                encoder.append(record.leader)
                encoder.append(record.log.bits)
                for voter in 0..<servers { encoder.append(record.voterLogs[voter].bits) }
            }
            encoder.appendCount(history.allLogs.count)
            for log in history.allLogs { encoder.append(log.bits) }
            for log in history.voterLogs { encoder.append(log.bits) }
        }
    }

    /// TLC's `SYMMETRY Permutations(Server)`: the servers are interchangeable.
    public var symmetricIdentifierCount: Int { servers }

    /// Renames server j to `permutation[j]` everywhere: the per-server variables, `votedFor`,
    /// the vote sets, the index rows, message sources and destinations, election records and
    /// `voterLog`; then sorts the bag and the elections again (the normal form).
    public func permuting(_ state: State, by permutation: [Int]) -> State {
        precondition(permutation.count == servers, "a permutation renames every server")
        var next = state
        for i in 0..<servers { next.servers[permutation[i]] = state.servers[i].renamed(permutation) }
        next.messages = state.messages.renamed(permutation)
        if !state.elections.isEmpty {
            next.elections = state.elections.renamed(permutation, maximumTerm: configuration.maxTerm)
        }
        next.logHistory = state.logHistory?.renamed(permutation)
        return next
    }
}
