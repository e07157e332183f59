using DGNet.Data;
using static TorchSharp.torch;

namespace DGNet.Evaluation;

/// <summary>
/// The error measures of the paper (section 3 of paper.md), on tensors, so that evaluation, reproduction and
/// benchmarks compute them the same way. Per-trajectory values let callers leave out failed rollouts.
/// </summary>
public static class Metrics
{
    /// <summary>
    /// Where the derivative error compares the model's field with the true time derivative, as the paper's reference
    /// code does: every state of the chosen trajectories with its <c>dudt</c> when the dataset has it, and otherwise
    /// (measured data) each step's midpoint (u[n] + u[n+1]) / 2 with the finite difference (u[n+1] - u[n]) / dt, which
    /// agree to O(dt²) for smooth motion. States and derivatives are [samples, *state], float64.
    /// </summary>
    public static (Tensor States, Tensor Derivatives) DerivativeSamples(Dataset data, IReadOnlyList<int> trajectories)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var scope = NewDisposeScope();
        var index = tensor(trajectories.Select(t => (long)t).ToArray());
        var u = data.U.index_select(0, index).to_type(ScalarType.Float64);
        Tensor states, derivatives;
        if (data.DuDt is { } dudt)
        {
            states = u.flatten(0, 1);
            derivatives = dudt.index_select(0, index).to_type(ScalarType.Float64).flatten(0, 1);
        }
        else
        {
            long steps = data.TimePoints - 1;
            var u0 = u.narrow(1, 0, steps);
            var u1 = u.narrow(1, 1, steps);
            states = ((u0 + u1) / 2).flatten(0, 1);
            derivatives = ((u1 - u0) / data.Dt).flatten(0, 1);
        }
        return (states.MoveToOuterDisposeScope(), derivatives.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Per trajectory, the mean over steps n = 1..N of (E_true[n] - E_predicted[n])², where both are the true energy,
    /// along the true and along the predicted trajectory ([trajectories, N + 1] each; the initial state, equal in
    /// both, is left out).
    /// </summary>
    public static double[] EnergyErrors(Tensor trueEnergy, Tensor predictedEnergy)
    {
        using var scope = NewDisposeScope();
        var difference = trueEnergy.to_type(ScalarType.Float64) - predictedEnergy.to_type(ScalarType.Float64);
        return Host(difference.narrow(1, 1, difference.shape[1] - 1).square().mean([1]));
    }

    /// <summary>
    /// Per trajectory, the mean squared difference of predicted and true states over steps n = 1..N and every state
    /// value ([trajectories, N + 1, *state] each; the initial state is left out).
    /// </summary>
    public static double[] StateErrors(Tensor trueStates, Tensor predictedStates)
    {
        using var scope = NewDisposeScope();
        var difference = trueStates.to_type(ScalarType.Float64) - predictedStates.to_type(ScalarType.Float64);
        return Host(difference.narrow(1, 1, difference.shape[1] - 1).flatten(1).square().mean([1]));
    }

    /// <summary>The mass Σ u · dx^d of fields [trajectories, T, *grid] on a grid of d axes, [trajectories, T], in float64.</summary>
    public static Tensor Mass(Tensor states, double dx, int gridAxes)
    {
        using var scope = NewDisposeScope();
        var sum = states.to_type(ScalarType.Float64).flatten(2).sum(2);
        return (sum * Math.Pow(dx, gridAxes)).MoveToOuterDisposeScope();
    }

    /// <summary>The mean of the values whose trajectory completed, or NaN when none did.</summary>
    public static double MeanOfCompleted(double[] values, IReadOnlyCollection<int> failed)
    {
        var kept = values.Where((_, i) => !failed.Contains(i)).ToArray();
        return kept.Length == 0 ? double.NaN : kept.Average();
    }

    private static double[] Host(Tensor t) => t.cpu().contiguous().data<double>().ToArray();
}
