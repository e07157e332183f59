using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Systems;

/// <summary>
/// Two bodies of unit mass in the plane attracting each other by gravity (G = 1):
/// H = ½(|p1|² + |p2|²) - 1/|q1 - q2|, state (q1x, q1y, q2x, q2y, p1x, p1y, p2x, p2y).
/// Initial states are near-circular orbits about the origin: each body at distance U(0.5, 1.5) from it, at
/// opposite points, moving with the circular speed 1/(2√distance) scaled by (1 + 0.05 ε), ε ~ N(0, 1), so the total
/// momentum is zero and the orbits are mildly eccentric. Paper data: 1000 orbits × 500 points on [0, 25], 20% test.
/// </summary>
public sealed class TwoBody : HamiltonianSystem
{
    /// <summary>Range of each body's initial distance from the centre of mass.</summary>
    public const double MinRadius = 0.5, MaxRadius = 1.5;

    /// <summary>Relative standard deviation of the initial speeds about the circular speed.</summary>
    public const double VelocityNoise = 0.05;

    public TwoBody() : base(degreesOfFreedom: 4, friction: 0) { }

    public override string Name => "two-body";

    public override GenerationSettings DefaultSettings =>
        new(Trajectories: 1000, Steps: 499, Dt: 25.0 / 499, Noise: 0, TestFraction: 0.2);

    public override IReadOnlyDictionary<string, object> Parameters => new Dictionary<string, object>
    {
        ["energy"] = "(|p1|^2 + |p2|^2)/2 - 1/|q1 - q2|",
        ["masses"] = 1.0,
        ["gravitational_constant"] = 1.0,
        ["min_radius"] = MinRadius,
        ["max_radius"] = MaxRadius,
        ["velocity_noise"] = VelocityNoise,
    };

    public override Tensor Energy(Tensor u)
    {
        CheckStates(u);
        using var scope = NewDisposeScope();
        var separation = u[.., 0..2] - u[.., 2..4];
        var kinetic = 0.5 * u[.., 4..8].square().sum(1);
        return (kinetic - separation.square().sum(1).rsqrt()).MoveToOuterDisposeScope();
    }

    public override Tensor EnergyGradient(Tensor u)
    {
        CheckStates(u);
        using var scope = NewDisposeScope();
        var separation = u[.., 0..2] - u[.., 2..4];
        var pull = separation * separation.square().sum(1, keepdim: true).pow(-1.5);
        return cat([pull, -pull, u[.., 4..8]], 1).MoveToOuterDisposeScope();
    }

    public override Tensor SampleInitialStates(int count, Generator generator, ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        var radius = MinRadius + (MaxRadius - MinRadius) * rand(count, dtype: dtype, device: device, generator: generator);
        var angle = 2 * Math.PI * rand(count, dtype: dtype, device: device, generator: generator);
        // Circular orbit of two unit masses at distance 2r: v² / r = 1 / (2r)², so v = 1 / (2√r).
        var speed = (1 + VelocityNoise * randn(count, dtype: dtype, device: device, generator: generator)) / (2 * radius.sqrt());
        var (cos, sin) = (angle.cos(), angle.sin());
        var q1 = stack([radius * cos, radius * sin], 1);
        var p1 = stack([-speed * sin, speed * cos], 1);
        return cat([q1, -q1, p1, -p1], 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The reference code's draws (the Hamiltonian neural network code's two-body generator), per orbit: body 1 at a
    /// position whose two coordinates are each U(0.5, 1.5), so at distance 0.71 to 2.12 from the centre (ours: 0.5 to 1.5)
    /// and always in the first quadrant at the start, moving counter-clockwise with the circular speed times
    /// (1 + 0.05 ε); body 2 opposite. The data of the published 2-body rows are 1000 such orbits after
    /// <c>np.random.seed(0)</c>.
    /// </summary>
    /// <summary>The reference tests on the first fifth of its orbits.</summary>
    public override bool ReferenceTestsFirst => true;

    public override Tensor SampleReferenceInitialStates(int count, long seed)
    {
        var random = new NumpyLegacyRandom(seed);
        var values = new double[count * 8];
        for (int t = 0; t < count; t++)
        {
            double x = random.NextDouble() * (MaxRadius - MinRadius) + MinRadius;
            double y = random.NextDouble() * (MaxRadius - MinRadius) + MinRadius;
            double r = Math.Sqrt(x * x + y * y);
            double scale = 1 + VelocityNoise * random.StandardNormal();
            // Evaluated as the reference does: the circular velocity (-y, x) / (2 r^1.5), then scaled.
            double divisor = 2 * Math.Pow(r, 1.5);
            double vx = -y / divisor * scale, vy = x / divisor * scale;
            double[] state = [x, y, -x, -y, vx, vy, -vx, -vy];
            state.CopyTo(values, t * 8);
        }
        return tensor(values, [count, 8], ScalarType.Float64);
    }
}
