import Support
/// A protocol model the checker explores: states, actions, properties.
///
/// Requirements that keep runs reproducible and fast:
/// - `actions(in:into:)` lists the actions of a state in a deterministic order (traces store
///   action indices, and parallel search breaks ties by them);
/// - `successor(of:by:)` is a pure function; `nil` means the action is not enabled after all;
/// - `encode(_:into:)` writes an injective, stable encoding (see `StateEncoder`); the checker
///   fingerprints it, so the model never relies on Swift's seeded `Hasher`;
/// - with symmetry, `permuting(_:by:)` renames the interchangeable identifiers and returns a
///   state in the model's own normal form (sorted bags and so on), and every property is
///   invariant under renaming.
public protocol Model: Sendable {
    associatedtype State: Hashable & Sendable
    associatedtype Action: Hashable & Sendable
    /// The names of the model's properties: an enum of its claims (`PropertyLabel`, plain
    /// strings, by default).
    associatedtype PropertyID: PropertyName = PropertyLabel

    /// The initial states, in a deterministic order.
    var initialStates: [State] { get }

    /// Appends the actions enabled in `state` to `actions` (which the caller has emptied).
    func actions(in state: State, into actions: inout [Action])

    /// The state after `action`, or nil when the action turns out to be disabled.
    func successor(of state: State, by action: Action) -> State?

    /// Writes into `next`, which holds a copy of `state` on entry, the state after `action`;
    /// false when the action turns out to be disabled (`next` is then left unspecified). The
    /// breadth-first search calls this one. The default goes through `successor(of:by:)`; a
    /// model may change `next` in place, which spares copying the optional state it returns
    /// (for a state of a few hundred bytes, the largest part of a step's cost).
    func successor(of state: State, by action: Action, into next: inout State) -> Bool

    /// The named claims checked on the state space.
    var properties: [Property<Self>] { get }

    /// TLC's CONSTRAINT: a successor outside it is checked against the invariants, then
    /// discarded (neither stored, counted nor expanded). Defaults to true.
    func isWithinConstraint(_ state: State) -> Bool

    /// Writes the stable encoding of `state`.
    func encode(_ state: State, into encoder: inout StateEncoder)

    /// How many interchangeable identifiers (servers, brokers) the model has; 0 for none.
    var symmetricIdentifierCount: Int { get }

    /// `state` with identifier `i` renamed to `permutation[i]`.
    func permuting(_ state: State, by permutation: [Int]) -> State

    /// Writes the encoding of `permuting(state, by: permutation)`. The default builds that
    /// state and encodes it; a model may write the renamed encoding directly, which spares
    /// building a state per renaming (symmetry's hot path). Both must give the same bytes.
    func encode(_ state: State, renamedBy permutation: [Int], into encoder: inout StateEncoder)

    /// A summary of identifier `identifier`'s own part of `state` that renaming does not change
    /// (a server's term and role, not whom it voted for): the canonical renaming puts
    /// identifiers in ascending order of it, so only the renamings that do are encoded
    /// (`Symmetry`). The default, 0 for all, tries every renaming. A summary that renaming
    /// does change is never unsound (two states still share a fingerprint only if one is a
    /// renaming of the other) but reduces less: orbits would be counted more than once.
    func symmetrySignature(of state: State, identifier: Int) -> UInt64

    /// Who takes `action` in `state` and what happens.
    func describe(_ action: Action, in state: State) -> ActionInfo

    /// Every field of `state`, as an ordered JSON object (written in traces, compared on replay).
    func describe(_ state: State) -> JSONValue

    /// A stable identity of `action`, recorded in traces as `actionId` and matched by replay: the
    /// action's structure, not its sentence, so rewording a description breaks no committed trace.
    /// The default is the action value's own structural rendering (`timeout(1)`,
    /// `deliver(Message(kind: grant, ...))`), which changes only when the action type does.
    func identity(of action: Action) -> String
}

extension Model {
    public func isWithinConstraint(_ state: State) -> Bool { true }
    public func successor(of state: State, by action: Action, into next: inout State) -> Bool {
        guard let result = successor(of: state, by: action) else { return false }
        next = result
        return true
    }
    public var symmetricIdentifierCount: Int { 0 }
    public func permuting(_ state: State, by permutation: [Int]) -> State { state }
    public func encode(_ state: State, renamedBy permutation: [Int], into encoder: inout StateEncoder) {
        encode(permuting(state, by: permutation), into: &encoder)
    }
    public func symmetrySignature(of state: State, identifier: Int) -> UInt64 { 0 }
    public func identity(of action: Action) -> String { String(describing: action) }

    /// The actions of `state` as a fresh array (convenience off the hot path).
    public func actions(in state: State) -> [Action] {
        var result: [Action] = []
        actions(in: state, into: &result)
        return result
    }
}
