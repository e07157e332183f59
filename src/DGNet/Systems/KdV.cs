using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Systems;

/// <summary>
/// The Korteweg-de Vries equation u_t = ∂x(3u² + u_xx) on a periodic grid, with the discrete energy
/// H = Σ [u³ - ½ · ½((δ⁺u)² + (δ⁻u)²)] dx (the paper's a = -6, b = 1) and G the central difference, so energy and
/// mass Σu are conserved. Initial states: two solitons 2k²sech²(k(x - x0)), k ~ U(0.5, 2), made periodic by
/// summing the neighbouring images; the first centre is uniform on the domain, the second lies 0.3 to 0.7 domain
/// widths further, so the two start apart. Paper data: width 10, M = 50, dt = 1e-3, 500 steps, 100 trajectories,
/// 10% test.
/// </summary>
public sealed class KdV(int grid = 50, double width = 10) : FieldSystem(1, grid, width)
{
    /// <summary>Range of the soliton parameter k (amplitude 2k², speed 4k²).</summary>
    public const double MinWavenumber = 0.5, MaxWavenumber = 2;

    /// <summary>Range of the second centre's distance from the first, in domain widths.</summary>
    public const double MinSeparation = 0.3, MaxSeparation = 0.7;

    public override string Name => "kdv";

    public override StructureSpec Structure => StructureSpec.CentralDifference;

    public override GenerationSettings DefaultSettings => new(Trajectories: 100, Steps: 500, Dt: 1e-3, Noise: 0, TestFraction: 0.1);

    public override IReadOnlyDictionary<string, object> Parameters => new Dictionary<string, object>
    {
        ["equation"] = "u_t = d/dx (3 u^2 + u_xx)",
        ["a"] = -6.0,
        ["b"] = 1.0,
        ["grid"] = Grid,
        ["width"] = Width,
        ["dx"] = Dx,
        ["min_wavenumber"] = MinWavenumber,
        ["max_wavenumber"] = MaxWavenumber,
        ["min_separation"] = MinSeparation,
        ["max_separation"] = MaxSeparation,
    };

    public override Tensor Energy(Tensor u)
    {
        CheckStates(u);
        using var scope = NewDisposeScope();
        var gradientTerm = 0.5 * (PeriodicDifferences.Forward(u, Dx).square() + PeriodicDifferences.Backward(u, Dx).square());
        var density = u.pow(3) - 0.5 * gradientTerm;
        return (density.sum(1) * Dx).MoveToOuterDisposeScope();
    }

    public override Tensor VariationalDerivative(Tensor u)
    {
        using var scope = NewDisposeScope();
        return (3 * u.square() + PeriodicDifferences.Second(u, Dx)).MoveToOuterDisposeScope();
    }

    public override Tensor ApplyStructure(Tensor w) => PeriodicDifferences.Central(w, Dx);

    /// <summary>(u² + uv + v²) + δ²((u + v) / 2): the cubic term averaged, the quadratic one at the midpoint.</summary>
    public override Tensor DiscreteVariationalDerivative(Tensor next, Tensor current)
    {
        using var scope = NewDisposeScope();
        var cubic = next.square() + next * current + current.square();
        return (cubic + PeriodicDifferences.Second(0.5 * (next + current), Dx)).MoveToOuterDisposeScope();
    }

    public override Tensor DiscreteDerivativeSlope(Tensor next, Tensor current)
    {
        using var scope = NewDisposeScope();
        return (2 * next + current).MoveToOuterDisposeScope();
    }

    public override Tensor ApplyLinearPart(Tensor w)
    {
        using var scope = NewDisposeScope();
        return (0.5 * PeriodicDifferences.Second(w, Dx)).MoveToOuterDisposeScope();
    }

    public override Tensor SampleInitialStates(int count, Generator generator, ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        var k = MinWavenumber + (MaxWavenumber - MinWavenumber) * rand(count, 2, dtype: dtype, device: device, generator: generator);
        var first = Width * rand(count, 1, dtype: dtype, device: device, generator: generator);
        var separation = Width * (MinSeparation + (MaxSeparation - MinSeparation) * rand(count, 1, dtype: dtype, device: device, generator: generator));
        var centres = cat([first, first + separation], 1);
        var x = Coordinates(dtype, device);
        var u = zeros(count, Grid, dtype: dtype, device: device);
        for (int soliton = 0; soliton < 2; soliton++)
        {
            var ks = k[.., soliton].unsqueeze(1);
            var x0 = centres[.., soliton].unsqueeze(1);
            for (int image = -1; image <= 1; image++)
                u += 2 * ks.square() * (ks * (x - x0 + image * Width)).cosh().pow(-2);
        }
        return u.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The reference code's draws, per state: k1, k2 ~ U(0.5, 2), centres at d1 ~ U(0.2, 0.3) and d1 + U(0.2, 0.5)
    /// domain widths, a grid shift that it draws but does not apply, and a mirror image with probability ½. Its
    /// solitons are not made periodic, so a wide one leaves a small step at the boundary; kept, to match its data.
    /// </summary>
    public override Tensor SampleReferenceInitialStates(int count, long seed)
    {
        var random = new NumpyLegacyRandom(seed);
        var values = new double[count * Grid];
        for (int t = 0; t < count; t++)
        {
            double k1 = random.Uniform(0.5, 2.0), k2 = random.Uniform(0.5, 2.0);
            double d1 = random.Uniform(0.2, 0.3);
            double d2 = d1 + random.Uniform(0.2, 0.5);
            random.RandInt(0, Grid);
            bool mirrored = random.RandInt(0, 2) == 1;
            for (int i = 0; i < Grid; i++)
            {
                double x = Width * i / Grid;
                double u = 2 * k1 * k1 * SechSquared(k1 * (x - Width * d1)) + 2 * k2 * k2 * SechSquared(k2 * (x - Width * d2));
                values[t * Grid + (mirrored ? Grid - 1 - i : i)] = u;
            }
        }
        return tensor(values, [count, Grid], ScalarType.Float64);
    }

    private static double SechSquared(double a)
    {
        double sech = 1 / Math.Cosh(a);
        return sech * sech;
    }
}
