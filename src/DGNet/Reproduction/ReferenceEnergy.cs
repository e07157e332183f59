using DGNet.Data;
using DGNet.Evaluation;
using static TorchSharp.torch;

namespace DGNet.Reproduction;

/// <summary>
/// The true energy that the energy error of a dataset is measured with: the built-in system's, or for the measured
/// pendulum the paper's H = 2.4(1 - cos q) + p².
/// </summary>
public static class ReferenceEnergy
{
    /// <summary>The coefficient of the measured pendulum's potential in the paper's energy.</summary>
    public const double RealPendulumStiffness = 2.4;

    /// <summary>The energy function of states [batch, *state] → [batch] for <paramref name="data"/>, or null when unknown.</summary>
    public static Func<Tensor, Tensor>? For(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (KnownSystem.For(data) is { } system) return system.Energy;
        if (data.System == LipsonPendulum.SystemName && data.StateShape.SequenceEqual([2L])) return RealPendulum;
        return null;
    }

    /// <summary>H = 2.4(1 - cos q) + p² of states [batch, 2].</summary>
    public static Tensor RealPendulum(Tensor u)
    {
        using var scope = NewDisposeScope();
        var q = u.select(1, 0);
        var p = u.select(1, 1);
        return (RealPendulumStiffness * (1 - q.cos()) + p.square()).MoveToOuterDisposeScope();
    }
}
