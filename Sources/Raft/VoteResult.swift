/// The outcome of a campaign so far.
public enum VoteResult: Hashable, Sendable {
    case pending
    case won
    case lost
}
