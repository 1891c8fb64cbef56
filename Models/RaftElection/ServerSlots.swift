/// Five inline slots, one per server: the per-server variables of raft.tla (functions with
/// domain `Server`) as a value type that lives inside the state without a heap allocation.
///
/// Slots past the configured number of servers keep their initial value forever, so equality
/// and hashing, which compare all five, agree with equality of the used slots.
public struct ServerSlots<Element: Hashable & Sendable>: Hashable, Sendable {
    /// The most servers a model may have: raft.tla's checks stay tractable only for a handful.
    public static var capacity: Int { 5 }

    @usableFromInline var s0: Element
    @usableFromInline var s1: Element
    @usableFromInline var s2: Element
    @usableFromInline var s3: Element
    @usableFromInline var s4: Element

    public init(repeating value: Element) {
        s0 = value
        s1 = value
        s2 = value
        s3 = value
        s4 = value
    }

    public subscript(index: Int) -> Element {
        @inline(__always) get {
            switch index {
            case 0: return s0
            case 1: return s1
            case 2: return s2
            case 3: return s3
            case 4: return s4
            default: preconditionFailure("server index \(index) is outside 0..<5")
            }
        }
        @inline(__always) set {
            switch index {
            case 0: s0 = newValue
            case 1: s1 = newValue
            case 2: s2 = newValue
            case 3: s3 = newValue
            case 4: s4 = newValue
            default: preconditionFailure("server index \(index) is outside 0..<5")
            }
        }
    }
}
