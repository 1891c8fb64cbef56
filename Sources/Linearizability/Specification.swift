import Support
/// A sequential specification: what an object would answer if the operations ran one at a
/// time, in some order. Specifications are values (a register with an initial value, a
/// key-value store over a key table), so one process can check many histories at once.
///
/// The one required behaviour is `step`, a pure function from a state and an input to every
/// output the object could give and the state it would move to (several results for a
/// nondeterministic object, none when the input is not enabled in that state). The checker
/// uses the faster `successors(of:input:observed:into:)`, whose default derives from `step`;
/// a specification that overrides it must agree with `step`, which the differential tests
/// check by running the brute-force checker (which only uses `step`) against the fast one.
public protocol Specification: Sendable {
    associatedtype State: Hashable & Sendable & StableHashable
    /// Inputs are compared to find interchangeable pending calls (see `PartitionSearch`).
    associatedtype Input: Sendable & Hashable
    associatedtype Output: Sendable

    /// The name used on the command line and in reports.
    var name: String { get }

    var initialState: State { get }

    /// Every (output, next state) the object may produce for `input` in `state`.
    func step(_ state: State, _ input: Input) -> [(output: Output, state: State)]

    /// Whether an observed output agrees with one the specification produced. The default is
    /// equality; a specification whose outputs carry optional detail (a store response that
    /// may omit its revision) compares only what was observed.
    func accepts(observed: Output, produced: Output) -> Bool

    /// Appends to `buffer` every state reachable from `state` by `input` with an output that
    /// `observed` accepts (any output when `observed` is nil). Must not remove anything.
    func successors(of state: State, input: Input, observed: Output?, into buffer: inout [State])

    /// True when every transition of `input` that agrees with `observed` leaves every state
    /// unchanged (a read, a compare-and-set observed to fail). The search linearizes such an
    /// operation as soon as it may come next and is legal, without a backtracking point, so
    /// a wrong `true` makes the checker unsound; the default is `false`.
    func isReadOnly(_ input: Input, observed: Output?) -> Bool

    /// The objects an operation touches, for P-compositional checking (Herlihy and Wing's
    /// locality): operations whose footprints are connected are checked together, the rest
    /// separately. Nil means the specification cannot be partitioned (one global object).
    ///
    /// A footprint must be exact: the operation's output and its effect on the state depend
    /// only on the objects it names, and it changes no other object. Then the state is a
    /// product of independent objects and a history is linearizable exactly when each
    /// partition's sub-history is; a partitioned check, and a whole check's illegal answer by
    /// locality, rely on it. A specification with anything global (the store's revision) must
    /// return nil.
    func footprint(of input: Input) -> [Int]?

    /// A measure of a state that no transition decreases (the store's revision), for pruning.
    /// The default is 0 for every state, which prunes nothing.
    func progress(of state: State) -> Int64

    /// The largest `progress(of:)` of a state in which `input` can be linearized with an
    /// output that `observed` accepts, or nil when there is none (the default).
    ///
    /// The search uses it to abandon a configuration as soon as the state has moved past
    /// the bound of a completed operation still to be linearized: progress never decreases,
    /// so that operation could never be placed. A bound that is too small makes the checker
    /// unsound; the contract (progress never decreases; `successors` is empty above the
    /// bound) is checked on random states by the tests.
    func progressBound(of input: Input, observed: Output?) -> Int64?

    /// The smallest `progress(of:)` of a state that `input` can leave with an output that
    /// `observed` accepts, or nil when there is none (the default).
    ///
    /// With `progressBound`, it orders operations before the search (see `ProgressOrder`): an
    /// operation whose floor is above another's bound must come after it in every
    /// linearization. A floor that is too large makes the checker unsound; the contract (every
    /// accepted successor's progress is at least the floor) is checked on random states by the
    /// tests.
    func progressFloor(of input: Input, observed: Output?) -> Int64?

    /// What progress measures, for explanations: "revision". The default is "progress".
    var progressName: String { get }

    /// Observations of the completed operations among `operations` that no linearization can
    /// reconcile, found without a search (the store: a read that shows a key last written at a
    /// revision before a write of it that the read must follow), or nil (the default).
    ///
    /// The checker answers `illegal` at once when it is not nil, so a contradiction that is not
    /// one makes the checker unsound; the differential tests run the checker with and without
    /// it against brute force.
    func contradiction(among operations: [Operation<Input, Output>]) -> Contradiction?

    /// The completed reads among `operations` whose observed output only one write can explain
    /// (the key-value map's gets, whose values the puts and appends make unique), with the
    /// writes of the same object, or nil (the default). `ReadOrder` narrows the intervals with
    /// them before the search. A source that is not one makes the checker unsound: the write
    /// must precede the read in every linearization and be the last write of its group before
    /// it; the differential tests run the checker with and without it against brute force.
    func readSources(among operations: [Operation<Input, Output>]) -> ReadSources?

    /// The writes among `operations` whose effect no completed read can observe, and the states
    /// in which an object's value can no longer be observed (the key-value map's puts and appends
    /// of values no get returned), or nil (the default). The search places such a write at once
    /// where the value it ends is dead, and memoizes dead values as one (see `Overwrites`, whose
    /// contract a specification must meet: a wrong answer makes the checker unsound; the
    /// differential tests run the checker with and without it against brute force).
    func overwrites(among operations: [Operation<Input, Output>]) -> Overwrites<State>?

    /// The names of the parts of the state the operation depends on, among the parts that
    /// only the operations naming them can observe (the store's leases: a lease's liveness
    /// matters only to the calls that name the lease). The default names nothing.
    ///
    /// The search erases from the states it memoizes the parts that no operation still to be
    /// linearized names (see `forgetting(in:unused:)`), so that configurations differing only
    /// there are explored once.
    func names(of input: Input, observed: Output?) -> [Int64]

    /// `state` with the named parts for which `unused` is true erased, as far as it is safe,
    /// or nil when there is nothing to erase (the default).
    ///
    /// The contract, on which soundness rests: if `forgetting` makes two states equal, then
    /// any legal run from one of them, made of operations none of whose names is `unused`,
    /// stays a legal run from the other, with the same outputs, once some of its pending
    /// operations are dropped. A pending operation may always be dropped, so the two
    /// configurations can be finished the same way.
    func forgetting(in state: State, unused: (Int64) -> Bool) -> State?

    /// "read", "write(1)", "cas(1, 4)": the operation as a person would write the call.
    func describe(input: Input) -> String

    /// "4", "true", "nil": the answer.
    func describe(output: Output) -> String

    /// "the register holds 1": the state, as the end of a sentence.
    func describe(state: State) -> String
}

extension Specification where Output: Equatable {
    @inlinable public func accepts(observed: Output, produced: Output) -> Bool { observed == produced }
}

extension Specification {
    @inlinable public func successors(of state: State, input: Input, observed: Output?, into buffer: inout [State]) {
        for result in step(state, input) {
            if let observed, !accepts(observed: observed, produced: result.output) { continue }
            buffer.append(result.state)
        }
    }

    @inlinable public func footprint(of input: Input) -> [Int]? { nil }

    @inlinable public func isReadOnly(_ input: Input, observed: Output?) -> Bool { false }

    @inlinable public func progress(of state: State) -> Int64 { 0 }

    @inlinable public func progressBound(of input: Input, observed: Output?) -> Int64? { nil }

    @inlinable public func progressFloor(of input: Input, observed: Output?) -> Int64? { nil }

    public var progressName: String { "progress" }

    public func contradiction(among operations: [Operation<Input, Output>]) -> Contradiction? { nil }

    public func readSources(among operations: [Operation<Input, Output>]) -> ReadSources? { nil }

    public func overwrites(among operations: [Operation<Input, Output>]) -> Overwrites<State>? { nil }

    @inlinable public func names(of input: Input, observed: Output?) -> [Int64] { [] }

    @inlinable public func forgetting(in state: State, unused: (Int64) -> Bool) -> State? { nil }

    /// A call with its answer: "read → 4", or the call alone when the answer is unknown.
    public func describe(input: Input, output: Output?) -> String {
        guard let output else { return describe(input: input) }
        return "\(describe(input: input)) → \(describe(output: output))"
    }
}
