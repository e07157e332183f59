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
    /// The reference time derivative over each step of the chosen trajectories, [trajectories, N, *state]: the mean
    /// (dudt[n] + dudt[n+1]) / 2 of the true derivatives at both ends when the dataset has <c>dudt</c> (for smooth
    /// dynamics this is the derivative at the step's midpoint to O(dt²), the quantity a one-step model estimates),
    /// and the finite difference (u[n+1] - u[n]) / dt otherwise.
    /// </summary>
    public static Tensor ReferenceDerivative(Dataset data, IReadOnlyList<int> trajectories)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var scope = NewDisposeScope();
        var index = tensor(trajectories.Select(t => (long)t).ToArray());
        long steps = data.TimePoints - 1;
        Tensor result;
        if (data.DuDt is { } dudt)
        {
            var d = dudt.index_select(0, index);
            result = (d.narrow(1, 0, steps) + d.narrow(1, 1, steps)) / 2;
        }
        else
        {
            var u = data.U.index_select(0, index);
            result = (u.narrow(1, 1, steps) - u.narrow(1, 0, steps)) / data.Dt;
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Mean squared difference over every element (the derivative error when given estimates and reference derivatives).</summary>
    public static double MeanSquaredError(Tensor estimate, Tensor reference)
    {
        using var scope = NewDisposeScope();
        return (estimate.to_type(ScalarType.Float64) - reference.to_type(ScalarType.Float64)).square().mean().item<double>();
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
