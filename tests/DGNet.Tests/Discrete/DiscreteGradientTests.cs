using DGNet.Discrete;
using static TorchSharp.torch;

namespace DGNet.Tests.Discrete;

/// <summary>
/// The defining properties of automatic discrete differentiation on 240 random architectures (dense, 1-D and 2-D
/// convolutional, mixing every block; 80 of each kind) in float64: the discrete chain rule, symmetry, consistency with libtorch's
/// autograd gradient (also of the single-state pass), behaviour as the pair gap shrinks, and exact training
/// gradients through the discrete gradient.
/// </summary>
public class DiscreteGradientTests
{
    private const int NetworksPerKind = 80;

    /// <summary>
    /// The networks are tiny: libtorch's thread hand-offs would cost more than the arithmetic (5x slower with two
    /// threads on a busy two-core machine), so these tests run single-threaded.
    /// </summary>
    public DiscreteGradientTests() => set_num_threads(1);

    public static TheoryData<int> Kinds => new([0, 1, 2]);

    private static IEnumerable<(RandomEnergy Net, RandomEnergyNetworks Random)> Networks(int kind, int seed)
    {
        var generator = new RandomEnergyNetworks(seed);
        for (int i = 0; i < NetworksPerKind; i++) yield return (generator.Draw(kind), generator);
    }

    private static double Dot(Tensor a, Tensor b) => (a * b).sum().item<double>();

    private static double RelativeDifference(Tensor a, Tensor b) =>
        ((a - b).norm().item<double>()) / Math.Max(b.norm().item<double>(), 1e-300);

    private static Tensor AutogradGradient(PairModule network, Tensor u)
    {
        var x = u.detach().requires_grad_();
        var energy = DiscreteGradient.Energy(network, x).sum();
        return autograd.grad([energy], [x])[0];
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void DiscreteChainRuleHoldsToRounding(int kind)
    {
        foreach (var (net, random) in Networks(kind, 100 + kind))
        {
            using var scope = NewDisposeScope();
            var u = random.Randn([3, .. net.StateShape]);
            var v = u + random.Randn(u.shape);
            var result = DiscreteGradient.Of(net.Network, u, v);
            var perSample = (result.Gradient * (u - v)).flatten(1).sum(1);
            var hu = result.EnergyU;
            var hv = result.EnergyV;
            var defect = (hu - hv - perSample).abs();
            var bound = 1e-12 * (hu.abs() + hv.abs() + 1);
            Assert.True((defect <= bound).all().item<bool>(),
                $"{net.Description}: |H(u) - H(v) - ∇̄H·(u - v)| = {defect.max().item<double>():E3}, H(u) = {hu.abs().max().item<double>():E3}");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void DiscreteGradientIsSymmetric(int kind)
    {
        foreach (var (net, random) in Networks(kind, 200 + kind))
        {
            using var scope = NewDisposeScope();
            var u = random.Randn([2, .. net.StateShape]);
            var v = random.Randn([2, .. net.StateShape]);
            var uv = DiscreteGradient.Of(net.Network, u, v).Gradient;
            var vu = DiscreteGradient.Of(net.Network, v, u).Gradient;
            Assert.True(RelativeDifference(uv, vu) <= 1e-14, $"{net.Description}: ∇̄H(u, v) ≠ ∇̄H(v, u)");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EqualStatesAndSingleStatePassGiveAutogradGradient(int kind)
    {
        foreach (var (net, random) in Networks(kind, 300 + kind))
        {
            using var scope = NewDisposeScope();
            var u = random.Randn([2, .. net.StateShape]);
            var expected = AutogradGradient(net.Network, u);
            var atPair = DiscreteGradient.Of(net.Network, u, u.clone());
            var single = DiscreteGradient.Continuous(net.Network, u);
            Assert.True(RelativeDifference(atPair.Gradient, expected) <= 1e-10, $"{net.Description}: ∇̄H(u, u) vs autograd");
            Assert.True(RelativeDifference(single.Gradient, expected) <= 1e-10, $"{net.Description}: ∇H(u) (P = 1) vs autograd");
            Assert.True(RelativeDifference(atPair.EnergyU, single.Energy) <= 1e-14, $"{net.Description}: H(u) differs between passes");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ShrinkingGapsStayFiniteAndApproachMidpointGradient(int kind)
    {
        var rng = new Random(400 + kind);
        foreach (var (net, random) in Networks(kind, 400 + kind).Take(20))
        {
            using var scope = NewDisposeScope();
            var u = random.Randn([2, .. net.StateShape]);
            var direction = random.Randn(u.shape);
            var someElements = (random.Rand(u.shape) < 0.5).to_type(u.dtype);
            for (int k = 15; k >= 3; k -= 2)
            {
                double gap = Math.Pow(10, -k);
                var step = gap * direction * (rng.Next(2) == 0 ? someElements : ones_like(u));
                var v = u + step;
                var result = DiscreteGradient.Of(net.Network, v, u);
                Assert.True(result.Gradient.isfinite().all().item<bool>(), $"{net.Description}: non-finite ∇̄H at gap 1e-{k}");
                var midpoint = AutogradGradient(net.Network, u + 0.5 * step);
                double error = RelativeDifference(result.Gradient, midpoint);
                // The discrete gradient differs from the midpoint gradient by O(gap²).
                double allowed = k >= 5 ? 1e-8 : 1e-8 + 1e3 * gap * gap;
                Assert.True(error <= allowed, $"{net.Description}: gap 1e-{k}: |∇̄H - ∇H(mid)| = {error:E2} relative");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void LossGradientMatchesCentralDifferencesForEveryParameter(int kind)
    {
        foreach (var (net, random) in Networks(kind, 500 + kind).Take(12))
        {
            using var scope = NewDisposeScope();
            var u = random.Randn([2, .. net.StateShape]);
            var v = u + 0.3 * random.Randn(u.shape);
            var target = random.Randn(u.shape);
            double Loss() => LossTensor().item<double>();
            Tensor LossTensor()
            {
                var g = DiscreteGradient.Of(net.Network, u, v);
                return (g.Gradient - target).square().sum() + (g.EnergyU * g.EnergyV).sum();
            }

            var parameters = net.Network.parameters().ToArray();
            if (parameters.Length == 0) continue;
            foreach (var p in parameters) p.grad = null;
            LossTensor().backward();
            foreach (var p in parameters)
            {
                using var inner = NewDisposeScope();
                var direction = random.Randn(p.shape);
                double analytic = Dot(p.grad!, direction);
                double Central(double h)
                {
                    using (no_grad()) p.add_(h * direction);
                    double plus = Loss();
                    using (no_grad()) p.sub_(2 * h * direction);
                    double minus = Loss();
                    using (no_grad()) p.add_(h * direction);
                    return (plus - minus) / (2 * h);
                }
                // Richardson extrapolation of central differences: error O(h⁴).
                double numeric = (4 * Central(5e-6) - Central(1e-5)) / 3;
                double scale = Math.Max(Math.Abs(analytic), 1e-3 * Math.Abs(Loss()) + 1e-8);
                Assert.True(Math.Abs(analytic - numeric) <= 1e-6 * scale,
                    $"{net.Description}: parameter {string.Join("x", p.shape)}: backward {analytic:R} vs central differences {numeric:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void StateJacobianMatchesCentralDifferences(int kind)
    {
        // What Newton solves of Eq. (6) need: d∇̄H(u, v)/du applied to a direction, by autograd through the pullback.
        foreach (var (net, random) in Networks(kind, 600 + kind).Take(12))
        {
            using var scope = NewDisposeScope();
            var u = random.Randn([2, .. net.StateShape]);
            var v = u + 0.3 * random.Randn(u.shape);
            var weights = random.Randn(u.shape);
            var direction = random.Randn(u.shape);
            var x = u.detach().requires_grad_();
            var projected = (DiscreteGradient.Of(net.Network, x, v).Gradient * weights).sum();
            // allow_unused: for networks whose gradient does not depend on the state (libtorch would abort otherwise).
            var jvp = projected.requires_grad ? autograd.grad([projected], [x], allow_unused: true)[0] : null;
            double analytic = jvp is null || jvp.IsInvalid ? 0 : Dot(jvp, direction);
            double Projected(double h) => Dot(DiscreteGradient.Of(net.Network, u + h * direction, v).Gradient, weights);
            double Central(double h) => (Projected(h) - Projected(-h)) / (2 * h);
            double numeric = (4 * Central(5e-6) - Central(1e-5)) / 3;
            double scale = Math.Max(Math.Abs(analytic), 1e-6 * weights.norm().item<double>());
            Assert.True(Math.Abs(analytic - numeric) <= 1e-6 * scale,
                $"{net.Description}: Jacobian-vector product {analytic:R} vs central differences {numeric:R}");
        }
    }
}
