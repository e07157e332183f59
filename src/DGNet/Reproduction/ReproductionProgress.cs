namespace DGNet.Reproduction;

/// <summary>Where a reproduction stands, as reported to a progress display.</summary>
/// <param name="Task">What runs now, e.g. "KdV: DGNet (Eq6), seed 0: training".</param>
/// <param name="TaskFraction">How far the current piece of work is, from 0 to 1 (a resumed training counts its steps
/// done before this session).</param>
/// <param name="Completed">Pieces of work finished in this session (reused ones are not counted).</param>
/// <param name="Pending">Pieces of work this session has to do.</param>
/// <param name="Fraction">Share of this session's estimated work done, from 0 to 1.</param>
/// <param name="Elapsed">Time since the session started.</param>
/// <param name="Remaining">Estimated time left; null until there is enough to go on.</param>
public sealed record ReproductionProgress(string Task, double TaskFraction, int Completed, int Pending, double Fraction,
    TimeSpan Elapsed, TimeSpan? Remaining);
