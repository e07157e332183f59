using DGNet.Systems;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Systems;

/// <summary>The periodic difference operators against their stencils, and the algebraic properties G relies on.</summary>
public class PeriodicDifferencesTests
{
    private static readonly double[] Values = [0.3, -1.2, 2.5, 0.7, -0.4, 1.9];
    private const double Dx = 0.25;

    [Fact]
    public void OneDimensionalStencilsWrapAround()
    {
        using var scope = NewDisposeScope();
        var u = tensor(Values, dtype: ScalarType.Float64).unsqueeze(0);
        int n = Values.Length;
        double At(int i) => Values[(i + n) % n];
        var forward = PeriodicDifferences.Forward(u, Dx).data<double>().ToArray();
        var backward = PeriodicDifferences.Backward(u, Dx).data<double>().ToArray();
        var central = PeriodicDifferences.Central(u, Dx).data<double>().ToArray();
        var second = PeriodicDifferences.Second(u, Dx).data<double>().ToArray();
        for (int i = 0; i < n; i++)
        {
            Assert.Equal((At(i + 1) - At(i)) / Dx, forward[i], 1e-13);
            Assert.Equal((At(i) - At(i - 1)) / Dx, backward[i], 1e-13);
            Assert.Equal((At(i + 1) - At(i - 1)) / (2 * Dx), central[i], 1e-13);
            Assert.Equal((At(i + 1) - 2 * At(i) + At(i - 1)) / (Dx * Dx), second[i], 1e-12);
        }
    }

    [Fact]
    public void LaplacianIsTheFivePointStencil()
    {
        using var scope = NewDisposeScope();
        const int m = 4;
        var values = new double[m, m];
        for (int y = 0; y < m; y++)
        for (int x = 0; x < m; x++)
            values[y, x] = Math.Sin(1.3 * x + 0.7 * y * y) + 0.1 * x * y;
        var laplacian = PeriodicDifferences.Laplacian2D(tensor(values, dtype: ScalarType.Float64).unsqueeze(0), Dx)[0];
        double At(int y, int x) => values[(y + m) % m, (x + m) % m];
        for (int y = 0; y < m; y++)
        for (int x = 0; x < m; x++)
        {
            double expected = (At(y, x + 1) + At(y, x - 1) + At(y + 1, x) + At(y - 1, x) - 4 * At(y, x)) / (Dx * Dx);
            Assert.Equal(expected, laplacian[y, x].item<double>(), 1e-12);
        }
    }

    [Fact]
    public void MatricesHaveTheStructuresProperties()
    {
        using var scope = NewDisposeScope();
        var central = PeriodicDifferences.Matrix(w => PeriodicDifferences.Central(w, Dx), [7], ScalarType.Float64, CPU);
        var laplacian = PeriodicDifferences.Matrix(w => PeriodicDifferences.Laplacian2D(w, Dx), [3, 4], ScalarType.Float64, CPU);
        Assert.Equal([7L, 7L], central.shape);
        Assert.Equal([12L, 12L], laplacian.shape);
        // D is skew, D2 symmetric negative semi-definite; both have zero column sums (mass conservation).
        Assert.Equal(0, SystemCases.MaxAbs(central + central.t()), 14);
        Assert.Equal(0, SystemCases.MaxAbs(laplacian - laplacian.t()), 14);
        Assert.True(torch.linalg.eigvalsh(laplacian).max().item<double>() <= 1e-12);
        Assert.Equal(0, SystemCases.MaxAbs(central.sum(dim: 0)), 13);
        Assert.Equal(0, SystemCases.MaxAbs(laplacian.sum(dim: 0)), 12);
        // Applying the matrix equals applying the operator.
        var w = randn(2, 3, 4, dtype: ScalarType.Float64);
        var direct = PeriodicDifferences.Laplacian2D(w, Dx).flatten(1);
        Assert.True(SystemCases.MaxAbs(w.flatten(1).matmul(laplacian.t()) - direct) <= 1e-12 * SystemCases.MaxAbs(direct));
    }
}
