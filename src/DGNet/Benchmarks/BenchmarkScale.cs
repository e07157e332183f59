namespace DGNet.Benchmarks;

/// <summary>How thoroughly a bench measures.</summary>
public enum BenchmarkScale
{
    /// <summary>The workloads as specified, with warm-up and several repetitions each.</summary>
    Full,

    /// <summary>About a minute for the whole bench: fewer repetitions, and long workloads shortened (each result says
    /// how).</summary>
    Quick,
}
