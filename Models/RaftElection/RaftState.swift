/// A state of raft.tla: the per-server variables, the message bag, and the history variables
/// the configuration keeps. Without TLC's history with logs on (the only mode that needs
/// arrays, `LogHistory` = `RaftLogHistory`), a state is a plain value of fixed size with no
/// reference inside (`LogHistory` = `NoLogHistory`), so copying, comparing and storing it
/// costs no allocation and no reference counting.
///
/// - `servers`: `currentTerm`, `state`, `votedFor`, `votesResponded`, `votesGranted`, `log`,
///   `commitIndex`, `nextIndex`, `matchIndex` (see `RaftServer`).
/// - `messages`: the bag (see `RaftBag`), with `mlog` fields only with TLC's history and
///   logs on.
/// - `elections`: the set of successful elections (see `RaftElections`).
/// - `allLogsIsNonEmpty`: with TLC's history and logs off, raft.tla's `allLogs`, which is
///   `{}` in the initial state and `{<<>>}` after any step (the logs stay empty); false in
///   every other mode.
/// - `committed`: a ghost of every entry ever committed (see `RaftCommitGhost`), kept with logs
///   on and without TLC's history; empty in every other mode.
/// - `logHistory`: with TLC's history and logs on, `allLogs`, `voterLog` and the logs of the
///   election records (see `RaftLogHistory`); nothing in every other mode. (With logs off
///   `voterLog[i]` maps each server of `votesGranted[i]` to `<<>>`, so it is determined by
///   `votesGranted` and needs no storage.)
public struct RaftState<LogHistory: RaftLogHistoryStorage>: Hashable, Sendable {
    public var servers: ServerSlots<RaftServer>
    public var messages: RaftBag
    public var elections: RaftElections
    public var allLogsIsNonEmpty: Bool
    public var committed: RaftCommitGhost
    public var logHistory: LogHistory

    /// raft.tla's `Init` for `servers` servers.
    public init(servers: Int) {
        self.servers = ServerSlots(repeating: RaftServer())
        for i in 0..<servers { self.servers[i] = RaftServer(servers: servers) }
        messages = RaftBag()
        elections = RaftElections()
        allLogsIsNonEmpty = false
        committed = RaftCommitGhost()
        logHistory = LogHistory(servers: servers)
    }
}
