using DGNet.Structure;
using static TorchSharp.torch;

namespace DGNet.Tests.Structure;

/// <summary>The learned-kernel check on kernels whose properties are known, and its spectrum against dense eigenvalues.</summary>
public class KernelCheckTests
{
    [Fact]
    public void LaplaciansAreZeroSumIsotropicAndNegativeSemidefinite()
    {
        var oneD = KernelCheck.Analyze([1, -2, 1], [3], [16]);
        var fivePoint = KernelCheck.Analyze([0, 1, 0, 1, -4, 1, 0, 1, 0], [3, 3], [8, 8]);
        var ninePoint = KernelCheck.Analyze([1, 4, 1, 4, -20, 4, 1, 4, 1], [3, 3], [8, 8]);
        foreach (var report in new[] { oneD, fivePoint, ninePoint })
        {
            Assert.True(report.IsZeroSum);
            Assert.True(report.IsIsotropic);
            Assert.True(report.IsNegativeSemidefinite);
            Assert.Equal("negative semi-definite", report.Definiteness);
            Assert.Equal(0, report.MaxEigenvalue, 12);
        }
        Assert.Equal(-4, oneD.MinEigenvalue, 12);
        Assert.Equal(-8, fivePoint.MinEigenvalue, 12);
    }

    [Fact]
    public void FixedStencilKernelsReadAsTheirProperties()
    {
        var laplacian = KernelCheck.Analyze(PeriodicStencil.Laplacian2d(0.1, 0.1).Kernel(), [12, 12]);
        Assert.True(laplacian.IsZeroSum && laplacian.IsIsotropic && laplacian.IsNegativeSemidefinite);
        var difference = KernelCheck.Analyze(PeriodicStencil.CentralDifference(0.1).Kernel(), [12]);
        Assert.True(difference.IsZeroSum);
        Assert.Equal("zero", difference.Definiteness);
    }

    [Fact]
    public void CentralDifferenceIsZeroSumAntisymmetricWithZeroSymmetricPart()
    {
        var report = KernelCheck.Analyze([-1, 0, 1], [3], [10]);
        Assert.True(report.IsZeroSum);
        Assert.False(report.IsIsotropic);
        Assert.Equal("zero", report.Definiteness);
    }

    [Fact]
    public void RandomFreeKernelFailsEveryCheck()
    {
        var rng = new Random(11);
        var weights = Enumerable.Range(0, 9).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var report = KernelCheck.Analyze(weights, [3, 3], [16, 16]);
        Assert.False(report.IsZeroSum);
        Assert.False(report.IsIsotropic);
        Assert.False(report.IsNegativeSemidefinite);
        Assert.Equal("indefinite", report.Definiteness);
        Assert.Contains("not isotropic", report.ToText());
        Assert.Contains("mass not conserved", report.ToText());
    }

    [Fact]
    public void ANegatedLaplacianIsSemidefiniteUpToTheEnergysSign()
    {
        var negated = KernelCheck.Analyze([0, -1, 0, -1, 4, -1, 0, -1, 0], [3, 3], [8, 8]);
        Assert.False(negated.IsNegativeSemidefinite);
        Assert.True(negated.IsSemidefiniteUpToSign);
        Assert.Equal("positive semi-definite", negated.Definiteness);
        Assert.Contains("with the learned energy's sign reversed, the same model has a negative semi-definite G", negated.ToText());
        Assert.True(KernelCheck.Analyze([0, 1, 0, 1, -4, 1, 0, 1, 0], [3, 3], [8, 8]).IsSemidefiniteUpToSign);
        Assert.False(KernelCheck.Analyze([-1, 0, -1, 0, 1, 0, -1, 0, -1], [3, 3], [8, 8]).IsSemidefiniteUpToSign);
        Assert.False(KernelCheck.Analyze([-1, 0, 1], [3], [10]).IsSemidefiniteUpToSign);
    }

    [Fact]
    public void SlideKernelReadsAsMassConservingIsotropicAndDissipative()
    {
        double[] learned = [2.450, 1.339, 2.448, 1.328, -15.148, 1.326, 2.447, 1.338, 2.452];
        var report = KernelCheck.Analyze(tensor(learned, dtype: ScalarType.Float64).reshape(3, 3), [50, 50]);
        Assert.True(report.IsZeroSum);
        Assert.True(report.IsIsotropic);
        Assert.True(report.IsNegativeSemidefinite);
        string text = report.ToText();
        Assert.Contains("mass-conserving", text);
        Assert.Contains("isotropic", text);
        Assert.Contains("negative semi-definite", text);
        Assert.Equal(7, text.Split('\n').Length); // title, 3 kernel rows, sum, symmetry, definiteness
    }

    [Fact]
    public void SpectrumMatchesDenseEigenvaluesOfTheSymmetricPart()
    {
        manual_seed(13);
        foreach (var (axes, grid) in new[] { (1, new long[] { 9 }), (2, new long[] { 5, 6 }) })
        {
            var g = new LearnedKernel(axes, 3, KernelConstraint.Free, initialScale: 1);
            var dense = g.ToDense(grid);
            var eig = linalg.eigvalsh(0.5 * (dense + dense.t()));
            var report = KernelCheck.Analyze(g.Kernel(), grid, 1e-2);
            Assert.Equal(eig.max().item<double>(), report.MaxEigenvalue, 12);
            Assert.Equal(eig.min().item<double>(), report.MinEigenvalue, 12);
            Assert.Equal(g.Kernel().sum().item<double>(), report.Sum, 12);
        }
    }
}
