namespace DGNet.Integrators;

/// <summary>
/// Reverses a chain of steps x[n+1] = step_n(x[n]) (n = 0 .. N-1, last step first) from its start x[0] while holding
/// at most a fixed number of intermediate states, recomputing the others from the nearest one held: Griewank's
/// binomial checkpointing. With s snapshots, each step is recomputed at most r times, r the smallest integer with
/// C(s + r, s) ≥ N, so memory stays fixed while the work grows only like N·r. The discrete adjoint uses it so that
/// its memory does not grow with the number of solver steps.
/// </summary>
internal static class BinomialCheckpointing
{
    /// <summary>
    /// Calls <paramref name="reverseStep"/>(x[n], n) for n = N-1 down to 0. <paramref name="advance"/>(x[n], n)
    /// returns a new x[n+1]; every state it returns is handed to <paramref name="release"/> once no longer needed
    /// (the start is never released). At most <paramref name="snapshots"/> (≥ 1) + 1 advanced states are alive at once.
    /// </summary>
    public static void Reverse<TState>(TState start, int steps, int snapshots,
        Func<TState, int, TState> advance, Action<TState, int> reverseStep, Action<TState> release)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentOutOfRangeException.ThrowIfLessThan(snapshots, 1);
        if (steps > 0) ReverseSegment(start, 0, steps, snapshots, advance, reverseStep, release);
    }

    /// <summary>The most times a step is advanced when reversing <paramref name="steps"/> steps with
    /// <paramref name="snapshots"/> (≥ 1) snapshots: the smallest r ≥ 1 with C(snapshots + r, snapshots) ≥ steps.</summary>
    public static int Repetitions(int steps, int snapshots)
    {
        int r = 1;
        while (Capacity(snapshots, r) < steps) r++;
        return r;
    }

    /// <summary>C(s + r, s): the most steps that s snapshots reverse with at most r recomputations per step.</summary>
    private static long Capacity(int snapshots, int repetitions)
    {
        double value = 1;
        for (int i = 1; i <= snapshots; i++)
        {
            value = value * (repetitions + i) / i;
            if (value >= int.MaxValue) return int.MaxValue;
        }
        return (long)Math.Round(value);
    }

    /// <summary>Reverses steps [first, end) given x[first], which the caller owns.</summary>
    private static void ReverseSegment<TState>(TState origin, int first, int end, int snapshots,
        Func<TState, int, TState> advance, Action<TState, int> reverseStep, Action<TState> release)
    {
        int length = end - first;
        if (length == 1)
        {
            reverseStep(origin, first);
            return;
        }
        // Split so that the right part fits snapshots - 1 snapshots and the left part, whose steps were already
        // advanced once, fits snapshots with one repetition fewer; Pascal's rule makes such a split exist (with
        // no snapshot left, the right part is a single step).
        int r = Repetitions(length, snapshots);
        int split = (int)Math.Max(1, length - Capacity(snapshots - 1, r));
        var middle = AdvanceFrom(origin, first, split, advance, release);
        ReverseSegment(middle, first + split, end, snapshots - 1, advance, reverseStep, release);
        release(middle);
        ReverseSegment(origin, first, first + split, snapshots, advance, reverseStep, release);
    }

    /// <summary>x[first + count] from x[first]; the intermediate states are released, the origin is not.</summary>
    private static TState AdvanceFrom<TState>(TState origin, int first, int count,
        Func<TState, int, TState> advance, Action<TState> release)
    {
        var state = origin;
        for (int i = 0; i < count; i++)
        {
            var next = advance(state, first + i);
            if (i > 0) release(state);
            state = next;
        }
        return state;
    }
}
