using static TorchSharp.torch;

namespace DGNet.Structure;

/// <summary>
/// A fixed finite-difference operator on a periodic 1-D or 2-D grid, (G y)_i = Σ_j w_j y_{i+j} (see the factories
/// for the central difference D and the Laplacian D2). Its properties are those of its kernel: skew for
/// antisymmetric kernels, negative semi-definite for the Laplacian, mass-conserving for zero-sum kernels.
/// </summary>
public sealed class PeriodicStencil : StructureOperator
{
    private readonly double[] _weights;

    /// <summary>
    /// Creates the operator for a kernel of shape <paramref name="kernelShape"/> ([k] or [kH, kW], odd sizes, centred)
    /// with the row-major <paramref name="weights"/>, and the properties it has.
    /// </summary>
    public PeriodicStencil(string description, double[] weights, long[] kernelShape, StructureProperties properties)
        : base(nameof(PeriodicStencil))
    {
        if (kernelShape.Length is not (1 or 2) || kernelShape.Any(k => k < 1 || k % 2 == 0))
            throw new ArgumentException($"a stencil kernel is 1-D or 2-D with odd sizes, got [{string.Join(", ", kernelShape)}]");
        if (weights.Length != kernelShape.Aggregate(1L, (a, b) => a * b))
            throw new ArgumentException($"{weights.Length} weights do not fill a kernel of shape [{string.Join(", ", kernelShape)}]");
        Description = description;
        _weights = weights;
        KernelShape = kernelShape;
        Properties = properties;
        RegisterComponents();
    }

    /// <summary>What the operator is, e.g. "central difference [-1, 0, 1]/(2dx), dx = 0.2".</summary>
    public string Description { get; }

    /// <summary>The kernel shape.</summary>
    public long[] KernelShape { get; }

    /// <inheritdoc/>
    public override int StateAxes => KernelShape.Length;

    /// <inheritdoc/>
    public override StructureProperties Properties { get; }

    /// <summary>The kernel as a float64 tensor of shape <see cref="KernelShape"/>.</summary>
    public Tensor Kernel() => tensor(_weights, dtype: ScalarType.Float64).reshape(KernelShape);

    /// <inheritdoc/>
    public override Tensor Apply(Tensor gradient)
    {
        CheckState(gradient);
        return PeriodicKernel.Apply(gradient, _weights, KernelShape);
    }

    /// <summary>The periodic central difference D = [-1, 0, 1]/(2dx) on a 1-D grid (skew, mass-conserving).</summary>
    public static PeriodicStencil CentralDifference(double dx)
    {
        CheckSpacing(dx);
        double w = 1 / (2 * dx);
        return new($"central difference [-1, 0, 1]/(2dx), dx = {dx}", [-w, 0, w], [3], new(true, true, true));
    }

    /// <summary>The periodic Laplacian D2 = [1, -2, 1]/dx² on a 1-D grid (negative semi-definite, mass-conserving).</summary>
    public static PeriodicStencil Laplacian(double dx)
    {
        CheckSpacing(dx);
        double w = 1 / (dx * dx);
        return new($"Laplacian [1, -2, 1]/dx², dx = {dx}", [w, -2 * w, w], [3], new(false, true, true));
    }

    /// <summary>
    /// The central difference along one axis of a 2-D grid [H, W] (axis 0 along H, axis 1 along W) with spacing
    /// <paramref name="spacing"/> (skew, mass-conserving).
    /// </summary>
    public static PeriodicStencil CentralDifference2d(int axis, double spacing)
    {
        CheckSpacing(spacing);
        if (axis is not (0 or 1)) throw new ArgumentException($"a 2-D grid has axes 0 and 1, got {axis}");
        double w = 1 / (2 * spacing);
        var weights = new double[9];
        if (axis == 0) { weights[1] = -w; weights[7] = w; }
        else { weights[3] = -w; weights[5] = w; }
        return new($"central difference along axis {axis}, spacing {spacing}", weights, [3, 3], new(true, true, true));
    }

    /// <summary>
    /// The sum of the central differences along both axes of a 2-D grid, the 2-D counterpart of D used by the
    /// factory (skew, mass-conserving).
    /// </summary>
    public static PeriodicStencil CentralDifferenceSum2d(double spacing0, double spacing1)
    {
        CheckSpacing(spacing0);
        CheckSpacing(spacing1);
        double w0 = 1 / (2 * spacing0), w1 = 1 / (2 * spacing1);
        double[] weights = [0, -w0, 0, -w1, 0, w1, 0, w0, 0];
        return new($"central differences along both axes, spacings {spacing0}, {spacing1}", weights, [3, 3], new(true, true, true));
    }

    /// <summary>
    /// The 5-point Laplacian on a 2-D grid with the spacing of each axis ([[0, 1, 0], [1, -4, 1], [0, 1, 0]]/dx² for equal spacings)
    /// (negative semi-definite, mass-conserving).
    /// </summary>
    public static PeriodicStencil Laplacian2d(double spacing0, double spacing1)
    {
        CheckSpacing(spacing0);
        CheckSpacing(spacing1);
        double w0 = 1 / (spacing0 * spacing0), w1 = 1 / (spacing1 * spacing1);
        double[] weights = [0, w0, 0, w1, -2 * (w0 + w1), w1, 0, w0, 0];
        return new($"5-point Laplacian, spacings {spacing0}, {spacing1}", weights, [3, 3], new(false, true, true));
    }

    private static void CheckSpacing(double spacing)
    {
        if (!(spacing > 0) || double.IsInfinity(spacing)) throw new ArgumentException($"grid spacing must be positive and finite, got {spacing}");
    }
}
