/// Why a node campaigns (etcd's `CampaignType`).
enum CampaignKind: Sendable {
    /// PreVote first (thesis §9.6): ask at the next term without entering it.
    case preElection
    /// A real election: enter the next term and ask for votes.
    case election
    /// A real election after TimeoutNow: voters grant it despite leader stickiness.
    case transfer
}
