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
    associatedtype Input: Sendable
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

    /// A call with its answer: "read → 4", or the call alone when the answer is unknown.
    public func describe(input: Input, output: Output?) -> String {
        guard let output else { return describe(input: input) }
        return "\(describe(input: input)) → \(describe(output: output))"
    }
}
