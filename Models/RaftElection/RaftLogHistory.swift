/// The history raft.tla keeps about logs, held only when the model keeps TLC's history with
/// logs on (with logs off every such log is `<<>>`, so there is nothing to hold):
/// - `elections`: each record's `elog` and `evoterLog`, keyed by term and leader (the rest of
///   the record is in `RaftElections`);
/// - `allLogs`: the set of every log ever seen, sorted;
/// - `voterLog`: for each candidate, the log each voter sent with its vote
///   (`voterLogs[candidate * servers + voter]`; its domain is the candidate's `votesGranted`,
///   and the other slots stay empty).
///
/// An immutable object, shared between states until a step changes it (a step builds a new
/// one), so a state stays a value with no copying of these arrays on every step.
public final class RaftLogHistory: Hashable, Sendable {
    public struct ElectionLogs: Hashable, Comparable, Sendable {
        public var term: Int
        public var leader: Int
        /// `elog`.
        public var log: RaftLog
        /// `evoterLog` (empty slots for servers outside `evotes`).
        public var voterLogs: ServerSlots<RaftLog>

        public static func < (lhs: ElectionLogs, rhs: ElectionLogs) -> Bool {
            (lhs.term, lhs.leader) < (rhs.term, rhs.leader)
        }
    }

    public let elections: [ElectionLogs]
    public let allLogs: [RaftLog]
    public let voterLogs: [RaftLog]

    public init(elections: [ElectionLogs], allLogs: [RaftLog], voterLogs: [RaftLog]) {
        self.elections = elections
        self.allLogs = allLogs
        self.voterLogs = voterLogs
    }

    /// The empty history of `servers` servers.
    public convenience init(servers: Int) {
        self.init(elections: [], allLogs: [], voterLogs: Array(repeating: .empty, count: servers * servers))
    }

    public static func == (lhs: RaftLogHistory, rhs: RaftLogHistory) -> Bool {
        lhs === rhs || (lhs.elections == rhs.elections && lhs.allLogs == rhs.allLogs && lhs.voterLogs == rhs.voterLogs)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(elections)
        hasher.combine(allLogs)
        hasher.combine(voterLogs)
    }

    /// A copy with `log` added to `allLogs` (itself when it is already there).
    func addingToAllLogs(_ logs: [RaftLog]) -> RaftLogHistory {
        var merged = allLogs
        for log in logs where !merged.contains(log) {
            let position = merged.firstIndex { $0 > log } ?? merged.count
            merged.insert(log, at: position)
        }
        return merged.count == allLogs.count ? self : RaftLogHistory(elections: elections, allLogs: merged, voterLogs: voterLogs)
    }

    /// A copy with `voterLog[candidate][voter]` set.
    func settingVoterLog(candidate: Int, voter: Int, servers: Int, to log: RaftLog) -> RaftLogHistory {
        var logs = voterLogs
        logs[candidate * servers + voter] = log
        return logs == voterLogs ? self : RaftLogHistory(elections: elections, allLogs: allLogs, voterLogs: logs)
    }

    /// A copy with `voterLog[candidate]` emptied.
    func clearingVoterLog(candidate: Int, servers: Int) -> RaftLogHistory {
        var logs = voterLogs
        for voter in 0..<servers { logs[candidate * servers + voter] = .empty }
        return logs == voterLogs ? self : RaftLogHistory(elections: elections, allLogs: allLogs, voterLogs: logs)
    }

    /// A copy with an election's logs recorded.
    func recordingElection(_ record: ElectionLogs) -> RaftLogHistory {
        precondition(!elections.contains { $0.term == record.term && $0.leader == record.leader },
                     "a server wins at most one election per term")
        var records = elections
        records.insert(record, at: records.firstIndex { record < $0 } ?? records.count)
        return RaftLogHistory(elections: records, allLogs: allLogs, voterLogs: voterLogs)
    }

    /// The history with server ids renamed (symmetry).
    func renamed(_ renaming: ServerRenaming) -> RaftLogHistory {
        let servers = renaming.count
        var records = elections.map { record in
            var copy = record
            copy.leader = renaming[record.leader]
            copy.voterLogs = ServerSlots(repeating: .empty)
            for voter in 0..<servers { copy.voterLogs[renaming[voter]] = record.voterLogs[voter] }
            return copy
        }
        records.sort()
        var logs = voterLogs
        for candidate in 0..<servers {
            for voter in 0..<servers {
                logs[renaming[candidate] * servers + renaming[voter]] = voterLogs[candidate * servers + voter]
            }
        }
        return RaftLogHistory(elections: records, allLogs: allLogs, voterLogs: logs)
    }
}
