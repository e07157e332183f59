using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Systems;

/// <summary>
/// The Cahn-Hilliard equation u_t = Δ(-u + u³ - γΔu) on a periodic grid in 1-D or 2-D, with the discrete energy
/// H = Σ [-½u² + ¼u⁴ + (γ/2) · ½ Σ_axes ((δ⁺u)² + (δ⁻u)²)] dx^d and G the discrete Laplacian, so the energy never
/// increases and mass Σu is conserved. Initial states: u ~ U(-0.05, 0.05) at every point (a mixed state that
/// separates into two phases u ≈ ±1).
/// 1-D (the paper): γ = 0.0005, width 1, M = 50, dt = 1e-4, 500 steps, 100 trajectories, 10% test.
/// 2-D (our choice, as the paper gives none): γ = 0.001, width 1, 32 × 32, dt = 1e-4, 500 steps, 20 trajectories,
/// 20% test. The interface width √(2γ) ≈ 0.045 spans about 1.4 cells and the fastest-growing wavelength
/// 2π√(2γ) ≈ 0.28 fits about 3.5 times in the square, so the fields separate into several domains by t ≈ 0.02 and
/// then coarsen.
/// </summary>
public sealed class CahnHilliard : FieldSystem
{
    /// <summary>Half-width of the uniform distribution of the initial values.</summary>
    public const double InitialAmplitude = 0.05;

    /// <param name="dimensions">1 (the paper's "cahn-hilliard") or 2 ("cahn-hilliard-2d").</param>
    /// <param name="grid">Points per dimension; default 50 in 1-D, 32 in 2-D.</param>
    /// <param name="width">Length of the domain per dimension.</param>
    /// <param name="gamma">The interface coefficient γ; default 0.0005 in 1-D, 0.001 in 2-D.</param>
    public CahnHilliard(int dimensions = 1, int? grid = null, double width = 1, double? gamma = null)
        : base(dimensions, grid ?? (dimensions == 2 ? 32 : 50), width)
    {
        Gamma = gamma ?? (dimensions == 2 ? 0.001 : 0.0005);
        if (!(Gamma > 0) || double.IsInfinity(Gamma)) throw new ArgumentException($"gamma must be positive (got {Gamma})");
    }

    /// <summary>The interface coefficient γ.</summary>
    public double Gamma { get; }

    public override string Name => Dimensions == 2 ? "cahn-hilliard-2d" : "cahn-hilliard";

    public override StructureSpec Structure => StructureSpec.Laplacian;

    public override GenerationSettings DefaultSettings => Dimensions == 2
        ? new(Trajectories: 20, Steps: 500, Dt: 1e-4, Noise: 0, TestFraction: 0.2)
        : new(Trajectories: 100, Steps: 500, Dt: 1e-4, Noise: 0, TestFraction: 0.1);

    public override IReadOnlyDictionary<string, object> Parameters => new Dictionary<string, object>
    {
        ["equation"] = "u_t = laplacian(-u + u^3 - gamma laplacian(u))",
        ["dimensions"] = Dimensions,
        ["gamma"] = Gamma,
        ["grid"] = Grid,
        ["width"] = Width,
        ["dx"] = Dx,
        ["initial_amplitude"] = InitialAmplitude,
    };

    public override Tensor Energy(Tensor u)
    {
        CheckStates(u);
        using var scope = NewDisposeScope();
        var density = -0.5 * u.square() + 0.25 * u.square().square();
        for (int axis = 1; axis <= Dimensions; axis++)
        {
            var squares = PeriodicDifferences.Forward(u, Dx, -axis).square() + PeriodicDifferences.Backward(u, Dx, -axis).square();
            density += 0.25 * Gamma * squares;
        }
        return (density.flatten(1).sum(1) * CellVolume).MoveToOuterDisposeScope();
    }

    public override Tensor VariationalDerivative(Tensor u)
    {
        using var scope = NewDisposeScope();
        return (u.pow(3) - u - Gamma * Laplacian(u)).MoveToOuterDisposeScope();
    }

    public override Tensor ApplyStructure(Tensor w) => Laplacian(w);

    /// <summary>
    /// -(u + v)/2 + (u³ + u²v + uv² + v³)/4 - γΔ((u + v)/2): the quartic term averaged, the quadratic ones at the
    /// midpoint.
    /// </summary>
    public override Tensor DiscreteVariationalDerivative(Tensor next, Tensor current)
    {
        using var scope = NewDisposeScope();
        var mean = 0.5 * (next + current);
        var quartic = 0.25 * (next.square() + current.square()) * (next + current);
        return (quartic - mean - Gamma * Laplacian(mean)).MoveToOuterDisposeScope();
    }

    public override Tensor DiscreteDerivativeSlope(Tensor next, Tensor current)
    {
        using var scope = NewDisposeScope();
        return (0.25 * (3 * next.square() + 2 * next * current + current.square()) - 0.5).MoveToOuterDisposeScope();
    }

    public override Tensor ApplyLinearPart(Tensor w)
    {
        using var scope = NewDisposeScope();
        return (-0.5 * Gamma * Laplacian(w)).MoveToOuterDisposeScope();
    }

    public override Tensor SampleInitialStates(int count, Generator generator, ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        var unit = rand([count, .. StateShape], dtype: dtype, device: device, generator: generator);
        return (InitialAmplitude * (2 * unit - 1)).MoveToOuterDisposeScope();
    }

    /// <summary>The reference code's draws: every grid value (rand - 0.5)·0.1, state after state (1-D only: it has no
    /// 2-D generator).</summary>
    public override Tensor SampleReferenceInitialStates(int count, long seed)
    {
        if (Dimensions != 1) return base.SampleReferenceInitialStates(count, seed);
        var random = new NumpyLegacyRandom(seed);
        var values = new double[count * Grid];
        for (int i = 0; i < values.Length; i++) values[i] = (random.NextDouble() - 0.5) * (2 * InitialAmplitude);
        return tensor(values, [count, Grid], ScalarType.Float64);
    }

    private Tensor Laplacian(Tensor w) =>
        Dimensions == 2 ? PeriodicDifferences.Laplacian2D(w, Dx) : PeriodicDifferences.Second(w, Dx);
}
