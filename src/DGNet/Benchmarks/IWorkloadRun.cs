namespace DGNet.Benchmarks;

/// <summary>
/// A workload set up and ready to run: its data and model are built, so that <see cref="Run"/> does only the work
/// being timed. Disposing it frees what the setup built.
/// </summary>
public interface IWorkloadRun : IDisposable
{
    /// <summary>Does the work once (as warm-up or measurement) and says how much was done.</summary>
    WorkDone Run();

    /// <summary>
    /// Figures gathered over the runs besides time and memory, by their JSON name (e.g. "newton_iterations" per step);
    /// read after the last run.
    /// </summary>
    IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>How this setup differs from the workload as specified (e.g. shortened for a quick bench), or null.</summary>
    string? Note { get; }
}
