using DGNet.Data;
using static TorchSharp.torch;

namespace DGNet.Training;

/// <summary>
/// The consecutive pairs (u[n], u[n+1]) of some trajectories of a dataset, flattened over trajectories and time, in
/// the model's dtype, with the finite-difference target (u[n+1] - u[n]) / dt (computed in float64, then cast).
/// </summary>
public sealed class TrainingPairs : IDisposable
{
    private TrainingPairs(Tensor u0, Tensor u1, Tensor target)
    {
        U0 = u0;
        U1 = u1;
        Target = target;
    }

    /// <summary>u[n] of every pair, [pairs, *state].</summary>
    public Tensor U0 { get; }

    /// <summary>u[n+1] of every pair, [pairs, *state].</summary>
    public Tensor U1 { get; }

    /// <summary>(u[n+1] - u[n]) / dt, [pairs, *state].</summary>
    public Tensor Target { get; }

    /// <summary>Number of pairs.</summary>
    public long Count => U0.shape[0];

    /// <summary>
    /// The pairs of <paramref name="trajectories"/> of <paramref name="data"/>, as <paramref name="dtype"/>; at most
    /// <paramref name="limit"/> of them, evenly spaced, when a limit is given.
    /// </summary>
    public static TrainingPairs From(Dataset data, IReadOnlyList<int> trajectories, ScalarType dtype, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (trajectories.Count == 0) throw new ArgumentException("training pairs need at least one trajectory");
        using var scope = NewDisposeScope();
        var index = tensor(trajectories.Select(t => (long)t).ToArray());
        var u = data.U.index_select(0, index);
        long points = u.shape[1];
        var u0 = u.narrow(1, 0, points - 1).flatten(0, 1);
        var u1 = u.narrow(1, 1, points - 1).flatten(0, 1);
        if (limit is int most && most < u0.shape[0])
        {
            if (most < 1) throw new ArgumentException($"a pair limit must be at least 1, got {most}");
            var chosen = linspace(0, u0.shape[0] - 1, most, dtype: ScalarType.Float64).round().to_type(ScalarType.Int64);
            u0 = u0.index_select(0, chosen);
            u1 = u1.index_select(0, chosen);
        }
        var target = (u1 - u0) / data.Dt;
        return new TrainingPairs(
            u0.to_type(dtype).contiguous().DetachFromDisposeScope(),
            u1.to_type(dtype).contiguous().DetachFromDisposeScope(),
            target.to_type(dtype).contiguous().DetachFromDisposeScope());
    }

    public void Dispose()
    {
        U0.Dispose();
        U1.Dispose();
        Target.Dispose();
    }
}
