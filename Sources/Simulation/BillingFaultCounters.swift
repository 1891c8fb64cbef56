/// What one billing run injected, store faults first, so a run that injected nothing shows it.
public struct BillingFaultCounters: Hashable, Sendable {
    public var drops = 0
    public var duplicates = 0
    public var partitions = 0
    public var crashes = 0
    public var tornWrites = 0
    /// Store-leader isolations timed while a campaign was in flight.
    public var campaignLeaderChanges = 0
    public var brokerCrashes = 0
    /// Rolling restarts (a deploy): every broker shut down gracefully in turn, the leader last.
    public var rollingRestarts = 0
    /// Pauses longer than the TTL between two events, and between a check and its send.
    public var brokerPauses = 0
    public var pausesBeforeSend = 0
    /// Pauses before a send longer than the provider's retention minus the longest delay.
    public var pausesBeyondRetention = 0
    public var brokersCutFromStore = 0
    /// Watch creations delayed (a slow watch stream).
    public var slowWatchStreams = 0
    public var providerLosses = 0
    public var databaseTimeouts = 0

    public init() {}

    public var fields: [(String, Int)] {
        [("drops", drops), ("duplicates", duplicates), ("partitions", partitions), ("crashes", crashes),
         ("tornWrites", tornWrites), ("campaignLeaderChanges", campaignLeaderChanges), ("brokerCrashes", brokerCrashes), ("rollingRestarts", rollingRestarts),
         ("pauses", brokerPauses), ("pausesBeforeSend", pausesBeforeSend), ("pausesBeyondRetention", pausesBeyondRetention),
         ("brokersCutFromStore", brokersCutFromStore), ("slowWatchStreams", slowWatchStreams), ("providerLosses", providerLosses), ("databaseTimeouts", databaseTimeouts)]
    }
}
