using DGNet.Structure;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Structure;

/// <summary>
/// Every structure operator satisfies the properties it reports, as a dense matrix (skew: G + Gᵀ = 0; negative
/// semi-definite: largest eigenvalue of (G + Gᵀ)/2 &lt;= 1e-12; mass-conserving: columns sum to 0), learned ones at
/// many random parameter values; Apply agrees with the dense matrix on batches; stencils match hand-built matrices.
/// </summary>
public class StructureOperatorTests
{
    public StructureOperatorTests() => set_num_threads(1);

    private static void AssertProperties(StructureOperator g, long[] stateShape, string label)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var dense = g.ToDense(stateShape);
        double norm = dense.abs().max().item<double>();
        var p = g.Properties;
        if (p.IsSkew)
            Assert.True((dense + dense.t()).abs().max().item<double>() <= 1e-12 * norm, $"{label}: G + Gᵀ ≠ 0");
        if (p.IsNegativeSemidefinite)
        {
            double top = linalg.eigvalsh(0.5 * (dense + dense.t())).max().item<double>();
            Assert.True(top <= 1e-12, $"{label}: largest eigenvalue of the symmetric part {top:E3}");
        }
        if (p.IsMassConserving)
            Assert.True(dense.sum(dim: 0).abs().max().item<double>() <= 1e-12 * Math.Max(norm, 1), $"{label}: columns do not sum to 0");

        // Apply on a batch [2, 3, *state] agrees with the dense matrix.
        var y = randn([2, 3, .. stateShape], dtype: ScalarType.Float64);
        long n = dense.shape[0];
        var expected = y.reshape(6, n).matmul(dense.t()).reshape(y.shape);
        Assert.True((g.Apply(y) - expected).abs().max().item<double>() <= 1e-12 * Math.Max(norm, 1) * n, $"{label}: Apply differs from the dense matrix");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void CanonicalIsHamiltonsMatrix(long d)
    {
        var g = new CanonicalSymplectic(d);
        var expected = zeros(2 * d, 2 * d, dtype: ScalarType.Float64);
        for (long i = 0; i < d; i++)
        {
            expected[i, d + i] = 1;
            expected[d + i, i] = -1;
        }
        Assert.Equal(0, (g.ToDense([2 * d]) - expected).abs().max().item<double>());
        Assert.True(g.Properties.IsSkew);
        AssertProperties(g, [2 * d], "canonical");
    }

    [Fact]
    public void FrictionCoefficientsAreNonNegativeAtAnyParameter()
    {
        var g = new Friction(3);
        foreach (var rho in new[] { -1000.0, -50, -3, 0, 2, 50, 1000 })
        {
            using (no_grad()) g.parameters().Single().fill_(rho);
            var r = g.Coefficients();
            Assert.True((r >= 0).all().item<bool>(), $"r < 0 at ρ = {rho}");
            var dense = g.ToDense([6]);
            var expected = new CanonicalSymplectic(3).ToDense([6]);
            expected[TensorIndex.Slice(3, 6), TensorIndex.Slice(3, 6)] = -diag(r.detach());
            Assert.True((dense - expected).abs().max().item<double>() <= 1e-15 * (1 + r.max().item<double>()));
            AssertProperties(g, [6], $"friction ρ = {rho}");
        }
        Assert.False(g.Properties.IsSkew);
        Assert.True(new Friction(2, learnable: false, initial: 0).Properties.IsSkew);
        Assert.Equal(0.1, new Friction(1).Coefficients().item<double>(), 12);
    }

    [Fact]
    public void PeriodicStencilsMatchHandBuiltMatrices()
    {
        const long n = 7;
        const double dx = 0.5;
        var d = zeros(n, n, dtype: ScalarType.Float64);
        var d2 = zeros(n, n, dtype: ScalarType.Float64);
        for (long i = 0; i < n; i++)
        {
            d[i, (i + 1) % n] = 1 / (2 * dx);
            d[i, (i + n - 1) % n] = -1 / (2 * dx);
            d2[i, (i + 1) % n] = 1 / (dx * dx);
            d2[i, (i + n - 1) % n] = 1 / (dx * dx);
            d2[i, i] = -2 / (dx * dx);
        }
        Assert.True((PeriodicStencil.CentralDifference(dx).ToDense([n]) - d).abs().max().item<double>() < 1e-15);
        Assert.True((PeriodicStencil.Laplacian(dx).ToDense([n]) - d2).abs().max().item<double>() < 1e-15);

        // 2-D operators are Kronecker sums of the 1-D ones along each axis (row-major flattening).
        const long h = 4, w = 5;
        const double dy = 0.25;
        var eyeH = eye(h, dtype: ScalarType.Float64);
        var eyeW = eye(w, dtype: ScalarType.Float64);
        var lap2 = kron(PeriodicStencil.Laplacian(dy).ToDense([h]), eyeW) + kron(eyeH, PeriodicStencil.Laplacian(dx).ToDense([w]));
        Assert.True((PeriodicStencil.Laplacian2d(dy, dx).ToDense([h, w]) - lap2).abs().max().item<double>() < 1e-12);
        var d0 = kron(PeriodicStencil.CentralDifference(dy).ToDense([h]), eyeW);
        var d1 = kron(eyeH, PeriodicStencil.CentralDifference(dx).ToDense([w]));
        Assert.True((PeriodicStencil.CentralDifference2d(0, dy).ToDense([h, w]) - d0).abs().max().item<double>() < 1e-12);
        Assert.True((PeriodicStencil.CentralDifference2d(1, dx).ToDense([h, w]) - d1).abs().max().item<double>() < 1e-12);
        Assert.True((PeriodicStencil.CentralDifferenceSum2d(dy, dx).ToDense([h, w]) - d0 - d1).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void FixedStencilsSatisfyTheirProperties()
    {
        AssertProperties(PeriodicStencil.CentralDifference(0.2), [9], "D");
        AssertProperties(PeriodicStencil.Laplacian(0.5), [9], "D2");
        AssertProperties(PeriodicStencil.CentralDifference2d(0, 0.5), [4, 5], "D along axis 0");
        AssertProperties(PeriodicStencil.CentralDifferenceSum2d(0.5, 0.25), [4, 5], "D sum 2-D");
        AssertProperties(PeriodicStencil.Laplacian2d(0.5, 0.5), [5, 5], "D2 2-D");
        Assert.True(PeriodicStencil.CentralDifference(1).Properties.IsSkew);
        Assert.False(PeriodicStencil.Laplacian(1).Properties.IsSkew);
    }

    public static TheoryData<int, long, KernelConstraint, bool> LearnedCases()
    {
        var data = new TheoryData<int, long, KernelConstraint, bool>();
        foreach (int axes in new[] { 1, 2 })
            foreach (long k in new long[] { 3, 5 })
                foreach (var c in Enum.GetValues<KernelConstraint>())
                    foreach (bool zeroSum in new[] { false, true })
                        data.Add(axes, k, c, zeroSum);
        return data;
    }

    [Theory]
    [MemberData(nameof(LearnedCases))]
    public void LearnedKernelsSatisfyTheirPropertiesAtRandomParameters(int axes, long k, KernelConstraint constraint, bool zeroSum)
    {
        var random = new Generator(7);
        long[] grid = axes == 1 ? [8] : [5, 6];
        var g = new LearnedKernel(axes, k, constraint, zeroSum);
        for (int draw = 0; draw < 10; draw++)
        {
            using (no_grad())
                foreach (var p in g.parameters())
                    p.copy_(randn(p.shape, dtype: p.dtype, generator: random) * (draw < 5 ? 1 : 5));
            AssertProperties(g, grid, $"{constraint} zero-sum={zeroSum} {axes}-D k={k} draw {draw}");
        }
        var props = g.Properties;
        Assert.Equal(constraint == KernelConstraint.Skew, props.IsSkew);
        Assert.Equal(constraint != KernelConstraint.Free, props.IsNegativeSemidefinite);
        Assert.Equal(zeroSum || constraint == KernelConstraint.Skew, props.IsMassConserving);
    }

    [Fact]
    public void FreeKernelIsNotSkewNorDissipative()
    {
        var g = new LearnedKernel(2, 3, KernelConstraint.Free);
        using (no_grad()) g.parameters().Single().copy_(tensor(new[] { 0.3, -0.5, 0.2, 0.7, -0.1, 0.4, -0.6, 0.9, 0.25 }));
        var dense = g.ToDense([5, 5]);
        Assert.True((dense + dense.t()).abs().max().item<double>() > 1e-3);
        Assert.True(linalg.eigvalsh(0.5 * (dense + dense.t())).max().item<double>() > 1e-3);
        Assert.True(dense.sum(dim: 0).abs().max().item<double>() > 1e-3);
    }

    [Fact]
    public void LearnedKernelTrainsAndConvertsToFloat32()
    {
        manual_seed(5);
        var g = new LearnedKernel(2, 3, KernelConstraint.Dissipative, zeroSum: false);
        var y = randn(2, 5, 5, dtype: ScalarType.Float64);
        var loss = g.Apply(y).square().sum();
        loss.backward();
        foreach (var p in g.parameters()) Assert.True(p.grad!.abs().sum().item<double>() > 0);

        // Gradient check of the parametrisation (softplus pairs and centre) by central differences.
        var theta = g.parameters().First();
        var direction = randn_like(theta);
        double analytic = (theta.grad! * direction).sum().item<double>();
        double Loss() { using var s = NewDisposeScope(); return g.Apply(y).square().sum().item<double>(); }
        const double h = 1e-6;
        using (no_grad()) theta.add_(h * direction);
        double plus = Loss();
        using (no_grad()) theta.sub_(2 * h * direction);
        double minus = Loss();
        using (no_grad()) theta.add_(h * direction);
        Assert.True(Math.Abs(analytic - (plus - minus) / (2 * h)) <= 1e-6 * Math.Abs(analytic));

        g.to(ScalarType.Float32);
        var y32 = y.to_type(ScalarType.Float32);
        Assert.Equal(ScalarType.Float32, g.Apply(y32).dtype);
        AssertProperties(g, [5, 5], "dissipative after conversion (float64 check of float32 parameters)");
    }

    [Fact]
    public void FactoryBuildsEveryNamedOperator()
    {
        Assert.IsType<CanonicalSymplectic>(StructureOperators.Create("canonical", [4]));
        Assert.IsType<Friction>(StructureOperators.Create("friction", [2]));
        Assert.True(StructureOperators.Create("d", [16], 0.1).Properties.IsSkew);
        Assert.True(StructureOperators.Create("d", [8, 8], 0.1).Properties.IsSkew);
        Assert.Equal(2, StructureOperators.Create("d2", [8, 8], 0.1).StateAxes);
        var learned = Assert.IsType<LearnedKernel>(StructureOperators.Create("learned", [8, 8], kernelSize: 5));
        Assert.Equal([5L, 5L], learned.KernelShape);
        Assert.Equal(KernelConstraint.Skew, Assert.IsType<LearnedKernel>(StructureOperators.Create("learned-skew", [16])).Constraint);
        var dissipative = Assert.IsType<LearnedKernel>(StructureOperators.Create("learned-dissipative", [16], zeroSum: true));
        Assert.True(dissipative.Properties.IsMassConserving);
        foreach (var name in StructureOperators.Names)
            Assert.NotNull(StructureOperators.Create(name, name is "canonical" or "friction" ? [2] : [6]));
        Assert.Throws<ArgumentException>(() => StructureOperators.Create("curl", [4]));
        Assert.Throws<ArgumentException>(() => StructureOperators.Create("canonical", [3]));
        Assert.Throws<ArgumentException>(() => StructureOperators.Create("d2", [2, 3, 4]));
        Assert.Throws<ArgumentException>(() => StructureOperators.Create("d", [16], spacing: 0));
        Assert.Throws<ArgumentException>(() => StructureOperators.Create("learned", [16], kernelSize: 4));
    }

    [Theory]
    [InlineData("learned", 2)]
    [InlineData("learned-skew", 1)]
    [InlineData("learned-dissipative", 2)]
    public void KernelOrderScalesTheOperatorByThePowerOfTheSpacingAndKeepsItsProperties(string name, int order)
    {
        using var scope = NewDisposeScope();
        const double dx = 0.25;
        long[] grid = [5, 6];
        manual_seed(11);
        var plain = StructureOperators.Create(name, grid, dx);
        manual_seed(11);
        var scaled = Assert.IsType<LearnedKernel>(StructureOperators.Create(name, grid, dx, kernelOrder: order));
        Assert.Equal(Math.Pow(dx, -order), scaled.Unit);
        using (no_grad())
        {
            var expected = plain.ToDense(grid) * Math.Pow(dx, -order);
            Assert.True((scaled.ToDense(grid) - expected).abs().max().item<double>() <= 1e-12 * expected.abs().max().item<double>());
        }
        AssertProperties(scaled, grid, $"{name} in units of 1/dx^{order}");
    }

    [Fact]
    public void KernelOrderIsRefusedForFixedOperators()
    {
        Assert.StartsWith("--kernel-order: only a learned kernel has units to choose; structure 'd2'",
            Assert.Throws<ArgumentException>(() => StructureOperators.Create("d2", [8, 8], 0.1, kernelOrder: 2)).Message);
        Assert.Throws<ArgumentException>(() => new LearnedKernel(2, 3, unit: 0));
    }
}
