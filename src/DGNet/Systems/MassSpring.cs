using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Systems;

/// <summary>
/// The ideal mass-spring system, H = q² + p² (harmonic oscillator with period π), optionally with friction on p
/// ("damped-mass-spring"). Initial states on circles of radius U(0.1, 1.0); paper data: 50 trajectories of 100
/// points on [0, 20], half for testing, Gaussian noise σ = 0.1 on the states.
/// </summary>
public sealed class MassSpring(double friction = 0) : HamiltonianSystem(1, friction)
{
    /// <summary>Radius range of the initial states in the (q, p) plane.</summary>
    public const double MinRadius = 0.1, MaxRadius = 1.0;

    public override string Name => Friction > 0 ? "damped-mass-spring" : "mass-spring";

    public override GenerationSettings DefaultSettings =>
        new(Trajectories: 50, Steps: 99, Dt: 20.0 / 99, Noise: Friction > 0 ? 0 : 0.1, TestFraction: 0.5);

    public override IReadOnlyDictionary<string, object> Parameters => new Dictionary<string, object>
    {
        ["energy"] = "q^2 + p^2",
        ["friction"] = Friction,
        ["min_radius"] = MinRadius,
        ["max_radius"] = MaxRadius,
    };

    public override Tensor Energy(Tensor u)
    {
        CheckStates(u);
        return u.square().sum(1);
    }

    public override Tensor EnergyGradient(Tensor u)
    {
        CheckStates(u);
        return 2 * u;
    }

    public override Tensor SampleInitialStates(int count, Generator generator, ScalarType dtype, Device device) =>
        SampleOnRing(count, MinRadius, MaxRadius, generator, dtype, device);
}
