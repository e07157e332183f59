using DGNet.Discrete;
using DGNet.Structure;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Bench;

/// <summary>
/// One DGNet training step on a batch of pairs (u0, u1): loss = mean ‖(u1 - u0)/dt - G ∇̄H(u1, u0)‖², backward, Adam.
/// The same step can be taken with libtorch's double backward in place of the explicit discrete pass (the way a
/// continuous-gradient model is trained): ∇H at both states from autograd.grad(create_graph) of H summed over the
/// pair, averaged; the work is comparable, the result is not a discrete gradient.
/// </summary>
internal sealed class EnergyTrainingStep
{
    private readonly PairModule _energy;
    private readonly StructureOperator _structure;
    private readonly optim.Optimizer _optimizer;
    private readonly Tensor _u0;
    private readonly Tensor _u1;
    private readonly Tensor _target;

    public EnergyTrainingStep(PairModule energy, StructureOperator structure, Tensor u0, Tensor u1, double dt)
    {
        _energy = energy;
        _structure = structure;
        _optimizer = optim.Adam(energy.parameters(), lr: 1e-3);
        _u0 = u0;
        _u1 = u1;
        _target = (u1 - u0) / dt;
    }

    /// <summary>The step with the explicit discrete pass; returns the loss.</summary>
    public double Discrete()
    {
        using var scope = NewDisposeScope();
        var gradient = DiscreteGradient.Of(_energy, _u1, _u0).Gradient;
        return Finish(gradient);
    }

    /// <summary>The step with libtorch double backward; returns the loss.</summary>
    public double DoubleBackward()
    {
        using var scope = NewDisposeScope();
        var pair = PairTensor.Of(_u1, _u0).requires_grad_();
        var energy = _energy.Forward(pair).Value.sum();
        var gradients = autograd.grad([energy], [pair], retain_graph: true, create_graph: true)[0];
        return Finish(gradients.mean([0]));
    }

    private double Finish(Tensor gradient)
    {
        var loss = (_target - _structure.Apply(gradient)).square().mean();
        _optimizer.zero_grad();
        loss.backward();
        _optimizer.step();
        return loss.to_type(ScalarType.Float64).item<double>();
    }
}
