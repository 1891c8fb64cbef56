extension LeaseLeader {
    /// Where a broker's session (its lease, its campaign, its watch) stands.
    public enum SessionPhase: UInt8, Sendable, CaseIterable {
        /// Just started: it must request a lease before it can campaign.
        case starting = 0
        /// LeaseGrant sent, awaiting the grant.
        case awaitingGrant
        /// The create-if-absent transaction sent, awaiting its outcome.
        case awaitingTxn
        /// `getThenPut`: the range sent, awaiting the key (or its absence).
        case awaitingRange
        /// `getThenPut`: the put sent, awaiting its revision.
        case awaitingPut
        /// Lost the campaign: revoking its unused lease, then it watches from its read.
        case revokingToWatch
        /// Following: its watch on `election/billing` waits for a DELETE.
        case watching
        /// Elected: it refreshes its lease and, while its local deadline has not passed, charges.
        case leader
        /// Stepped down: revoking its lease, then it campaigns again.
        case revokingToCampaign
        /// Following, its watch cancelled by a compaction: it re-reads the key (a range), then
        /// campaigns if the key is gone or watches from the read's revision + 1.
        case rereading
        /// `sessionOutlivesLease` only: its session ended, it stopped charging, and it still
        /// believes it leads, so it never campaigns again.
        case staleLeader
        /// Crashed for good.
        case crashed

        var name: String {
            switch self {
            case .starting: return "starting"
            case .awaitingGrant: return "awaiting lease grant"
            case .awaitingTxn: return "awaiting campaign transaction"
            case .awaitingRange: return "awaiting range"
            case .awaitingPut: return "awaiting put"
            case .revokingToWatch: return "revoking its lease, then watching"
            case .watching: return "watching"
            case .leader: return "leader"
            case .revokingToCampaign: return "revoking its lease, then campaigning"
            case .rereading: return "re-reading the key after its watch was cancelled"
            case .staleLeader: return "stale leader (session ended, never campaigns again)"
            case .crashed: return "crashed"
            }
        }

        /// Phases in which the session thread waits for a response from the store.
        var awaitsStore: Bool {
            switch self {
            case .awaitingGrant, .awaitingTxn, .awaitingRange, .awaitingPut, .revokingToWatch, .revokingToCampaign, .rereading:
                return true
            case .starting, .watching, .leader, .staleLeader, .crashed:
                return false
            }
        }
    }
}
