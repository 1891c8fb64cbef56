/// How often a subscription is charged, in billing days.
public enum Plan: String, Hashable, Sendable, CaseIterable {
    case monthly
    case yearly

    public var days: Int64 {
        switch self {
        case .monthly: return 30
        case .yearly: return 365
        }
    }
}
