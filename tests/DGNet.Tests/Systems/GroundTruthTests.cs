using DGNet.Integrators;
using DGNet.Systems;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Systems;

/// <summary>
/// The ground-truth simulators keep each system's laws (energy, mass) to the tolerances, and agree with
/// independent solutions: the exact mass-spring flow, and Dormand-Prince on the semi-discrete PDE at the scheme's
/// second order.
/// </summary>
public class GroundTruthTests
{
    private static Tensor Simulate(PhysicalSystem system, int trajectories, int steps, double dt, long seed = 0)
    {
        using var generator = new Generator((ulong)seed);
        using var scope = NewDisposeScope();
        var initial = system.SampleInitialStates(trajectories, generator, ScalarType.Float64, CPU);
        return system.Simulate(initial, steps, dt).MoveToOuterDisposeScope();
    }

    private static Tensor EnergyOf(PhysicalSystem system, Tensor trajectories) =>
        system.Energy(trajectories.flatten(0, 1)).reshape(trajectories.shape[0], trajectories.shape[1]);

    [Fact]
    public void KdVConservesEnergyAndMassToRounding()
    {
        using var scope = NewDisposeScope();
        var system = new KdV();
        var u = Simulate(system, trajectories: 3, steps: 40, dt: 1e-3);
        Assert.Equal([3L, 41L, 50L], u.shape);
        var energy = EnergyOf(system, u);
        var drift = ((energy - energy[.., 0..1]).abs() / energy[.., 0..1].abs()).max().item<double>();
        Assert.True(drift <= 1e-10, $"relative energy drift {drift:e3}");
        var mass = u.sum(2);
        Assert.True((mass - mass[.., 0..1]).abs().max().item<double>() <= 1e-10);
        // The solitons moved: this is not a trivially constant trajectory.
        Assert.True((u[.., -1] - u[.., 0]).abs().max().item<double>() > 0.1);
    }

    [Theory]
    [InlineData(1, 50)]
    [InlineData(2, 12)]
    [InlineData(2, 20)] // 400 values: solved by GMRES instead of dense LU
    public void CahnHilliardDissipatesEnergyAndConservesMass(int dimensions, int grid)
    {
        using var scope = NewDisposeScope();
        var system = new CahnHilliard(dimensions, grid);
        var u = Simulate(system, trajectories: 3, steps: 30, dt: 1e-4);
        var energy = EnergyOf(system, u);
        double increase = (energy[.., 1..] - energy[.., ..^1]).max().item<double>();
        Assert.True(increase <= 0, $"energy rose by {increase:e3} in one step");
        var mass = u.flatten(2).sum(2);
        Assert.True((mass - mass[.., 0..1]).abs().max().item<double>() <= 1e-10);
        Assert.True((energy[.., -1] - energy[.., 0]).max().item<double>() < 0);
    }

    [Theory]
    [InlineData("kdv")]
    [InlineData("cahn-hilliard")]
    [InlineData("cahn-hilliard-2d")]
    public void SchemeIsSecondOrderAgainstDormandPrince(string name)
    {
        // Furihata's scheme is a second-order method for the semi-discrete system du/dt = G δH/δu: halving dt
        // divides its error at a fixed time by about four.
        using var scope = NewDisposeScope();
        var system = (FieldSystem)SystemCases.Small(name);
        using var generator = new Generator(9);
        var initial = system is KdV
            ? system.SampleInitialStates(2, generator, ScalarType.Float64, CPU)
            : 0.5 * system.SampleInitialStates(2, generator, ScalarType.Float64, CPU) / CahnHilliard.InitialAmplitude;
        double end = system is KdV ? 0.02 : 2e-3;
        var reference = new Dopri5(new Dopri5Options(1e-12, 1e-12)).Integrate(system.RightHandSide, initial, 0, end);
        double Error(int steps) => (system.Simulate(initial, steps, end / steps)[.., -1] - reference).abs().max().item<double>();
        double coarse = Error(8), fine = Error(16);
        Assert.InRange(coarse / fine, 3.5, 4.5);
    }

    [Fact]
    public void MassSpringFollowsTheExactRotation()
    {
        using var scope = NewDisposeScope();
        var system = new MassSpring();
        var u = Simulate(system, trajectories: 5, steps: 30, dt: 0.2);
        var t = arange(31, dtype: ScalarType.Float64) * 0.2;
        var (q0, p0) = (u[.., 0, 0].unsqueeze(1), u[.., 0, 1].unsqueeze(1));
        // H = q² + p²: dq/dt = 2p, dp/dt = -2q.
        var q = q0 * (2 * t).cos() + p0 * (2 * t).sin();
        var p = p0 * (2 * t).cos() - q0 * (2 * t).sin();
        Assert.True((u[.., .., 0] - q).abs().max().item<double>() <= 1e-9);
        Assert.True((u[.., .., 1] - p).abs().max().item<double>() <= 1e-9);
    }

    [Theory]
    [InlineData("mass-spring")]
    [InlineData("pendulum")]
    [InlineData("two-body")]
    public void ConservativeOdesKeepTheirEnergy(string name)
    {
        using var scope = NewDisposeScope();
        var system = SystemRegistry.Create(name);
        var settings = system.DefaultSettings;
        var u = Simulate(system, trajectories: 6, steps: 60, dt: settings.Dt);
        var energy = EnergyOf(system, u);
        var drift = ((energy - energy[.., 0..1]).abs() / energy[.., 0..1].abs()).max().item<double>();
        Assert.True(drift <= 1e-8, $"{name}: relative energy drift {drift:e3}");
    }

    [Theory]
    [InlineData("damped-mass-spring")]
    [InlineData("damped-pendulum")]
    public void DampedOdesLoseEnergyAtTheFrictionRate(string name)
    {
        using var scope = NewDisposeScope();
        var system = (HamiltonianSystem)SystemRegistry.Create(name);
        const double dt = 0.1;
        var u = Simulate(system, trajectories: 4, steps: 100, dt: dt);
        var energy = EnergyOf(system, u);
        Assert.True((energy[.., 1..] - energy[.., ..^1]).max().item<double>() < 0);
        // dH/dt = -r (∂H/∂p)²: integrate it by the trapezoidal rule and compare with the energy lost.
        var dHdp = system.EnergyGradient(u.flatten(0, 1))[.., 1].reshape(4, 101);
        var rate = system.Friction * dHdp.square();
        var lost = (0.5 * (rate[.., 1..] + rate[.., ..^1]) * dt).sum(1);
        var actual = energy[.., 0] - energy[.., -1];
        Assert.True(((lost - actual).abs() / actual).max().item<double>() < 1e-2);
    }

    [Fact]
    public void FailuresNameTheSystemStepAndTrajectory()
    {
        // A time step far too large for Newton's iteration count: the failure names where it happened.
        using var scope = NewDisposeScope();
        var system = new KdV(grid: 20);
        using var generator = new Generator(1);
        var initial = system.SampleInitialStates(2, generator, ScalarType.Float64, CPU) * 50;
        var error = Assert.Throws<SimulationFailedException>(() => system.Simulate(initial, 3, 0.5));
        Assert.StartsWith("step 1, trajectory", error.Message);
        Assert.Contains(": kdv at t = 0 (of 3 steps): Newton", error.Message);
        Assert.Equal(1, error.Step);
        Assert.Contains("trajectory", error.Message);
    }

    [Fact]
    public void SimulationStopsWhenCancelled()
    {
        using var scope = NewDisposeScope();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using var generator = new Generator(1);
        var system = new CahnHilliard(grid: 8);
        var initial = system.SampleInitialStates(1, generator, ScalarType.Float64, CPU);
        Assert.Throws<OperationCanceledException>(() => system.Simulate(initial, 5, 1e-4, cancellation: cancelled.Token));
    }

    [Theory]
    [InlineData("pendulum", 0.2)]
    [InlineData("kdv", 1e-3)]
    [InlineData("cahn-hilliard-2d", 1e-4)]
    public void Float32StatesSimulateCloseToFloat64(string name, double dt)
    {
        using var scope = NewDisposeScope();
        var system = name == "cahn-hilliard-2d" ? new CahnHilliard(2, grid: 17) : SystemCases.Small(name);
        using var generator = new Generator(2);
        var initial = system.SampleInitialStates(2, generator, ScalarType.Float64, CPU);
        var exact = system.Simulate(initial, 5, dt);
        var single = system.Simulate(initial.to(ScalarType.Float32), 5, dt);
        Assert.Equal(ScalarType.Float32, single.dtype);
        double error = (single.to(ScalarType.Float64) - exact).abs().max().item<double>();
        Assert.True(error <= 1e-4 * exact.abs().max().item<double>(), $"{name}: float32 differs by {error:e3}");
    }

    [Fact]
    public void TinyTimeStepsStayAboveTheRoundingFloorOfTheResidual()
    {
        // The residual (u[n+1] - u[n]) / dt carries rounding errors of about ε |u| / dt, above 1e-10 for dt = 1e-7.
        using var scope = NewDisposeScope();
        var system = new KdV(grid: 20);
        var u = Simulate(system, trajectories: 2, steps: 3, dt: 1e-7);
        var energy = EnergyOf(system, u);
        Assert.True(((energy - energy[.., 0..1]).abs() / energy[.., 0..1].abs()).max().item<double>() <= 1e-12);
    }
}
