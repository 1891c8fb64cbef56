/// One operation of a concurrent history: who called it, when it was called and when it
/// returned, what it was asked to do and what it answered.
///
/// Intervals are closed: an operation `a` precedes `b` in real time only when
/// `a.returnTime < b.callTime`; equal times mean the two overlapped. An operation whose
/// outcome is unknown (a Jepsen `:info`, a timeout) has no return time: it may have taken
/// effect at any point after its call, or never, and its output is unconstrained.
public struct Operation<Input: Sendable, Output: Sendable>: Sendable {
    /// The position of the operation in its history (stable, used in reports).
    public var id: Int
    /// The index of the calling process in the history's process table.
    public var process: Int
    public var callTime: Int64
    /// Nil for a pending operation, which is treated as returning at +infinity.
    public var returnTime: Int64?
    public var input: Input
    /// Nil when the output is unknown or unconstrained.
    public var output: Output?
    /// The line of the source file where the operation was invoked, for error messages.
    public var line: Int?

    public init(
        id: Int, process: Int, callTime: Int64, returnTime: Int64?, input: Input, output: Output?,
        line: Int? = nil
    ) {
        precondition(returnTime.map { $0 >= callTime } ?? true, "an operation cannot return before its call")
        self.id = id
        self.process = process
        self.callTime = callTime
        self.returnTime = returnTime
        self.input = input
        self.output = output
        self.line = line
    }

    /// True when the operation's return was never observed.
    @inlinable public var isPending: Bool { returnTime == nil }

    /// True when this operation must be linearized before `other` (real-time order).
    @inlinable public func precedes<I, O>(_ other: Operation<I, O>) -> Bool {
        guard let returnTime else { return false }
        return returnTime < other.callTime
    }
}
