using static TorchSharp.torch;

namespace DGNet.Structure;

/// <summary>Builds structure operators G by name, as the command line and model descriptions name them.</summary>
public static class StructureOperators
{
    /// <summary>The names accepted by <see cref="Create"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["canonical", "friction", "d", "d2", "learned", "learned-skew", "learned-dissipative"];

    /// <summary>
    /// Creates the operator <paramref name="name"/> for states of shape <paramref name="stateShape"/>:
    /// <list type="bullet">
    /// <item>canonical: S for states (q, p) of length 2d;</item>
    /// <item>friction: S - R with learned r >= 0, states (q, p);</item>
    /// <item>d: central difference [-1, 0, 1]/(2dx) on a 1-D grid [L]; on a 2-D grid [H, W] the sum of the central
    /// differences along both axes;</item>
    /// <item>d2: Laplacian [1, -2, 1]/dx² on [L], 5-point Laplacian on [H, W];</item>
    /// <item>learned, learned-skew, learned-dissipative: a learned kernel of size <paramref name="kernelSize"/> along each
    /// grid axis, free, skew or dissipative; zero-sum (mass-conserving) if <paramref name="zeroSum"/>; its parameters in
    /// units of 1/dx^<paramref name="kernelOrder"/> (see <see cref="LearnedKernel"/>).</item>
    /// </list>
    /// <paramref name="spacing"/> is the grid spacing dx (the same along both axes of a 2-D grid).
    /// </summary>
    public static StructureOperator Create(string name, long[] stateShape, double spacing = 1, long kernelSize = 3,
        bool zeroSum = false, ScalarType dtype = ScalarType.Float64, Device? device = null, int kernelOrder = 0)
    {
        string key = name.ToLowerInvariant();
        if (kernelOrder != 0 && !key.StartsWith("learned", StringComparison.Ordinal))
            throw new ArgumentException($"--kernel-order: only a learned kernel has units to choose; structure '{name}' has none");
        double unit = Math.Pow(spacing, -kernelOrder);
        switch (key)
        {
            case "canonical":
                return new CanonicalSymplectic(DegreesOfFreedom(name, stateShape));
            case "friction":
                return new Friction(DegreesOfFreedom(name, stateShape), dtype: dtype, device: device);
            case "d":
                return GridAxes(name, stateShape) == 1
                    ? PeriodicStencil.CentralDifference(spacing)
                    : PeriodicStencil.CentralDifferenceSum2d(spacing, spacing);
            case "d2":
                return GridAxes(name, stateShape) == 1
                    ? PeriodicStencil.Laplacian(spacing)
                    : PeriodicStencil.Laplacian2d(spacing, spacing);
            case "learned":
                return new LearnedKernel(GridAxes(name, stateShape), kernelSize, KernelConstraint.Free, zeroSum, dtype: dtype, device: device, unit: unit);
            case "learned-skew":
                return new LearnedKernel(GridAxes(name, stateShape), kernelSize, KernelConstraint.Skew, zeroSum, dtype: dtype, device: device, unit: unit);
            case "learned-dissipative":
                return new LearnedKernel(GridAxes(name, stateShape), kernelSize, KernelConstraint.Dissipative, zeroSum, dtype: dtype, device: device, unit: unit);
            default:
                throw new ArgumentException($"unknown structure '{name}' (known: {string.Join(", ", Names)})");
        }
    }

    private static long DegreesOfFreedom(string name, long[] stateShape)
    {
        if (stateShape.Length != 1 || stateShape[0] < 2 || stateShape[0] % 2 != 0)
            throw new ArgumentException($"structure '{name}' needs states (q, p) of even length, got shape [{string.Join(", ", stateShape)}]");
        return stateShape[0] / 2;
    }

    private static int GridAxes(string name, long[] stateShape)
    {
        if (stateShape.Length is not (1 or 2))
            throw new ArgumentException($"structure '{name}' acts on fields on a 1-D or 2-D grid, got state shape [{string.Join(", ", stateShape)}]");
        return stateShape.Length;
    }
}
