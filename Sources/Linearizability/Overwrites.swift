/// Writes whose effect no read of a history can observe ("blind" writes), and the states in which
/// an object's value can no longer be observed ("dead"), found by a specification from the values
/// the history's reads returned (see `Specification.overwrites(among:)`), for the search.
///
/// A key-value history's put of a value that no get returned, or that no get's value begins with,
/// is overwritten, in every linearization, before any get of its key: its only role is to end the
/// value before it. Half of the writes of a 50-client kv history are such; each can be placed at
/// any of the points its interval allows between the observed writes, and a search that tries
/// them in every order and every subset explores the product of those choices. Removed from a
/// 100,000-call history, they leave one the search decides in seconds; kept, it ran out of time.
///
/// ## The contract (the specification's part)
/// For an object x and states s and t, write s ≤ₓ t when s and t agree on every object but x
/// and s is dead at x (or s = t). The specification guarantees, for the history it was given:
/// 1. Deadness at x depends only on the state's value of x, and ≤ₓ is a simulation for every
///    operation of the history with its observed output: if s ≤ₓ t and the operation leads s to
///    s' (accepted by its observed output), it leads t to some t' with s' ≤ₓ t'.
///    (A get of x is enabled in no state dead at x; a put makes the values equal; an append to a
///    dead value leaves it dead; operations on other objects keep the agreement.)
/// 2. A blind write of x touches only x, and every state it leads to (from any state, with its
///    observed output) is dead at x.
/// 3. `canonical` maps two states to the same state only when they agree except at objects
///    dead in both (it may keep apart states that are so related: that only costs memo entries).
///
/// ## What the search does with it, and why each step keeps every linearization
/// Write a configuration as (S, s): the set S of placed operations and the state s.
///
/// Lemma 1 (memo). If s and t agree but at objects dead in both, (S, s) and (S, t) extend to
/// the same runs, and their end states are ≤-related both ways. Changing one dead object at a
/// time, s ≤ₓ u and u ≤ₓ s for the intermediate u, so by (1) each run from one is a run from the
/// other. Hence the memo may key a configuration by its canonical state: one explored before under
/// the same key has the same future.
///
/// Lemma 2 (eager blind writes). Let s be dead at x and b a completed blind write of x that may
/// come next. If (S, s) extends by a run σ to an end E, then (S ∪ {b}, b(s)) extends by σ
/// without b to an end E' with E ≤ E' (≤ the composition of the ≤ₓ steps). Write σ = α b β and
/// let s1 be the state α leads s to, s2 = b(s1). By (2), b(s) is dead at x and agrees with s off
/// x, so s ≤ₓ b(s) and b(s) ≤ₓ s; by (1), α leads b(s) to some s1' with s1 ≤ₓ s1' (and back).
/// By (2), s2 is dead at x and agrees with s1, hence with s1', off x: s2 ≤ₓ s1'. By (1), β leads
/// s1' to some E' with E ≤ E'. The new order moves b earlier only, and b may come next, so it
/// respects real time. The search therefore places such a b at once, without a backtracking
/// point (as it does reads): if no run follows, none follows (S, s).
///
/// Lemma 3 (ends). E ≤ E' means every run from E is a run from E' (by (1)), so a chunk that
/// reports E' instead of E (see `PartitionSearch`) loses no linearization of the later chunks.
///
/// Lemma 4 (pending blind writes). A linearization α b β with b a pending blind write of x is
/// still one without b: b(s) ≤ₓ s by (2), so β runs from s by (1); and a pending operation may
/// always be left out. So pending blind writes are dropped before the search.
///
/// With these, configurations that differ only in which blind write last ended a value are one
/// memo entry, and at a dead value every blind write that may come next is placed at once: the
/// subsets and orders of blind writes are no longer searched. The differential tests run the
/// checker with and without it against brute force (`OverwritesTests`).
public struct Overwrites<State: Sendable>: Sendable {
    /// The blind writes, by operation id, with the object each one writes.
    public var blindObjects: [Int: Int]
    /// Whether the object is dead in the state.
    public let isDead: @Sendable (State, Int) -> Bool
    /// The state with every dead object it holds replaced by one marker, or nil when it holds
    /// none (the state is then its own canonical form).
    public let canonical: @Sendable (State) -> State?

    public init(
        blindObjects: [Int: Int], isDead: @escaping @Sendable (State, Int) -> Bool,
        canonical: @escaping @Sendable (State) -> State?
    ) {
        self.blindObjects = blindObjects
        self.isDead = isDead
        self.canonical = canonical
    }
}
