using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// Automatic discrete differentiation of energy networks. An energy network is a <see cref="PairModule"/> that maps
/// states [P, batch..., *state] to one energy per sample [P, batch...]. <see cref="Of"/> runs it once on the stacked
/// pair (u, v) and pulls the cotangent 1 back through the discrete Jacobians, giving ∇̄H(u, v) with
/// H(u) - H(v) = ∇̄H(u, v)·(u - v) up to rounding, ∇̄H(u, v) = ∇̄H(v, u) and ∇̄H(u, u) = ∇H(u).
/// <see cref="Continuous"/> is the same pass on u alone and gives ∇H(u). Everything is built from ordinary tensor
/// operations: a loss on the results trains the network's parameters with one ordinary backward(), and autograd
/// Jacobians of the results with respect to the states (for Newton solves) are exact. Second derivatives are exact
/// too except through tanh slopes, which enter the graph to first order (see <see cref="Functions.ILinearizedSecant"/>).
/// Call the entry points and use their results inside one dispose scope (the pullbacks hold the forward tensors).
/// </summary>
public static class DiscreteGradient
{
    /// <summary>∇̄H(u, v), H(u) and H(v) for states u, v [batch..., *state] (same shape, dtype and device).</summary>
    public static DiscreteGradientResult Of(PairModule energy, Tensor u, Tensor v)
    {
        var (gradient, values) = Run(energy, PairTensor.Of(u, v));
        var energies = values.unbind(0);
        return new(gradient, energies[0], energies[1]);
    }

    /// <summary>∇H(u) and H(u) for states u [batch..., *state], by the same pass on u alone.</summary>
    public static GradientResult Continuous(PairModule energy, Tensor u)
    {
        var (gradient, values) = Run(energy, PairTensor.Of(u));
        return new(gradient, values[0]);
    }

    /// <summary>H(u) for states u [batch..., *state], without any reverse pass.</summary>
    public static Tensor Energy(PairModule energy, Tensor u)
    {
        var values = energy.Forward(PairTensor.Of(u)).Value;
        CheckEnergyShape(values, u);
        return values[0];
    }

    private static (Tensor Gradient, Tensor Values) Run(PairModule energy, Tensor pair)
    {
        var output = energy.Forward(pair);
        CheckEnergyShape(output.Value, pair[0]);
        var ones = ones_like(output.Value[0]);
        return (output.Pullback(ones), output.Value);
    }

    private static void CheckEnergyShape(Tensor values, Tensor state)
    {
        long batchAxes = values.dim() - 1;
        if (batchAxes < 0 || batchAxes >= state.dim() || !values.shape[1..].SequenceEqual(state.shape[..(int)batchAxes]))
            throw new ArgumentException(
                $"an energy network must return one value per sample; for states [{string.Join(", ", state.shape)}] it returned [{string.Join(", ", values.shape)}] (pair axis first)");
    }
}
