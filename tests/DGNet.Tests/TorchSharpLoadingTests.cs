using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests;

/// <summary>TorchSharp's native libraries load from the (patched) build output, and autograd works to second order.</summary>
public class TorchSharpLoadingTests
{
    [Fact]
    public void DoubleBackwardGivesExactDerivatives()
    {
        using var scope = NewDisposeScope();
        // f(x, y) = sum(x^3 * y + sin(x)):  df/dx = 3x^2 y + cos x,  d/dx sum(df/dx) = 6 x y - sin x.
        var x = tensor(new[] { 0.3, -1.2, 2.0 }, dtype: ScalarType.Float64).requires_grad_();
        var y = tensor(new[] { 1.5, 0.5, -2.0 }, dtype: ScalarType.Float64);
        var f = (x.pow(3) * y + x.sin()).sum();
        var g = torch.autograd.grad([f], [x], create_graph: true)[0];
        var h = torch.autograd.grad([g.sum()], [x])[0];

        double[] xs = [0.3, -1.2, 2.0], ys = [1.5, 0.5, -2.0];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(3 * xs[i] * xs[i] * ys[i] + Math.Cos(xs[i]), g[i].item<double>(), 1e-14);
            Assert.Equal(6 * xs[i] * ys[i] - Math.Sin(xs[i]), h[i].item<double>(), 1e-14);
        }
    }

    [Fact]
    public void NativeWrapperLoadsFromBuildOutput()
    {
        // Loading succeeds (the test would not get here otherwise) and libtorch reports its threads.
        Assert.True(torch.get_num_threads() >= 1);
        string native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (OperatingSystem.IsLinux() && File.Exists(native))
        {
            var needs = DGNet.Build.ElfVersionNeedPatcher.ReadVersionNeeds(File.ReadAllBytes(native));
            var need = needs.SingleOrDefault(n => n.Name == "GLIBCXX_3.4.32");
            bool systemHasIt = DGNet.Build.ElfVersionNeedPatcher.SystemLibraryHasVersion("libstdc++.so.6", "GLIBCXX_3.4.32");
            // Patched exactly when the system lacks the version.
            if (need is not null) Assert.Equal(!systemHasIt, need.IsWeak);
        }
    }
}
