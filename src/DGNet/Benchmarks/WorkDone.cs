namespace DGNet.Benchmarks;

/// <summary>What one run of a workload did.</summary>
/// <param name="Units">How many of the workload's units the run covered (1 step, trajectories × steps, 1 dataset);
/// the reported time is per unit.</param>
/// <param name="Flop">Matrix-product FLOPs of the run (see <see cref="FlopCount"/>), or null where no estimate
/// applies.</param>
public readonly record struct WorkDone(double Units, double? Flop = null);
