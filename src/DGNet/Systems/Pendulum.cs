using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Systems;

/// <summary>
/// The ideal pendulum, H = 3(1 - cos q) + p², optionally with friction on p ("damped-pendulum"). Initial states on
/// circles of radius U(1.3, 2.3) (all below the separatrix H = 6, so every orbit swings); paper data as for the
/// mass-spring: 50 trajectories of 100 points on [0, 20], half for testing, noise σ = 0.1.
/// </summary>
public sealed class Pendulum(double friction = 0) : HamiltonianSystem(1, friction)
{
    /// <summary>Radius range of the initial states in the (q, p) plane.</summary>
    public const double MinRadius = 1.3, MaxRadius = 2.3;

    /// <summary>The coefficient of the potential 3(1 - cos q).</summary>
    public const double Stiffness = 3;

    public override string Name => Friction > 0 ? "damped-pendulum" : "pendulum";

    public override GenerationSettings DefaultSettings =>
        new(Trajectories: 50, Steps: 99, Dt: 20.0 / 99, Noise: Friction > 0 ? 0 : 0.1, TestFraction: 0.5);

    public override IReadOnlyDictionary<string, object> Parameters => new Dictionary<string, object>
    {
        ["energy"] = "3 (1 - cos q) + p^2",
        ["friction"] = Friction,
        ["min_radius"] = MinRadius,
        ["max_radius"] = MaxRadius,
    };

    public override Tensor Energy(Tensor u)
    {
        CheckStates(u);
        using var scope = NewDisposeScope();
        var q = u[.., 0];
        var p = u[.., 1];
        return (Stiffness * (1 - q.cos()) + p.square()).MoveToOuterDisposeScope();
    }

    public override Tensor EnergyGradient(Tensor u)
    {
        CheckStates(u);
        using var scope = NewDisposeScope();
        return stack([Stiffness * u[.., 0].sin(), 2 * u[.., 1]], 1).MoveToOuterDisposeScope();
    }

    public override Tensor SampleInitialStates(int count, Generator generator, ScalarType dtype, Device device) =>
        SampleOnRing(count, MinRadius, MaxRadius, generator, dtype, device);
}
