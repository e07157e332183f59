using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DGNet.Structure;

/// <summary>
/// A learned convolution kernel on a periodic 1-D grid (length k) or 2-D grid (k × k), applied as
/// (G y)_i = Σ_j w_j y_{i+j}. The constraint is built into the parametrisation, so it holds for every parameter value:
/// <list type="bullet">
/// <item><see cref="KernelConstraint.Free"/>: w = θ, or θ - mean(θ) when zero-sum;</item>
/// <item><see cref="KernelConstraint.Skew"/>: w_j = θ_j, w_{-j} = -θ_j, w_0 = 0 for one θ per pair of opposite
/// offsets: G is skew (and zero-sum);</item>
/// <item><see cref="KernelConstraint.Dissipative"/>: w_j = w_{-j} = softplus(θ_j) >= 0 off the centre and
/// w_0 = -Σ_{j≠0} w_j (zero-sum) or -Σ_{j≠0} w_j - softplus(φ): a weighted graph Laplacian (minus a multiple of the
/// identity), symmetric and negative semi-definite since its symbol w_0 + Σ w_j cos(ω·j) &lt;= w_0 + Σ w_j &lt;= 0.
/// This family holds every zero-sum symmetric negative semi-definite kernel of length 3, and the isotropic 3×3
/// kernels with non-negative neighbours such as the 5- and 9-point Laplacians; it leaves out negative semi-definite
/// kernels with negative off-centre weights (e.g. higher-order or biharmonic stencils).</item>
/// </list>
/// Parameters start as small random values (standard deviation <c>initialScale</c>). The kernel is <c>unit</c> times the
/// constrained parameters: with unit 1/dx^K the parameters are in the units of a K-th order difference on the grid
/// (K = 2: a Laplacian's weights are of order one), so that Adam, whose steps have a fixed size per parameter, does not
/// need thousands of steps just to grow the kernel to the operator's size.
/// </summary>
public sealed class LearnedKernel : StructureOperator
{
    private readonly Parameter theta;
    private readonly Parameter? phi;
    private readonly Tensor pairMap;
    private readonly Tensor centre;

    /// <summary>
    /// Creates a learned kernel on a grid with <paramref name="gridAxes"/> axes (1 or 2), of size
    /// <paramref name="kernelSize"/> (odd) along each axis.
    /// </summary>
    public LearnedKernel(int gridAxes, long kernelSize = 3, KernelConstraint constraint = KernelConstraint.Free,
        bool zeroSum = false, double initialScale = 0.1, ScalarType dtype = ScalarType.Float64, Device? device = null,
        double unit = 1)
        : base(nameof(LearnedKernel))
    {
        if (!(unit > 0 && double.IsFinite(unit))) throw new ArgumentException($"a learned kernel's unit is positive and finite, got {unit}");
        if (gridAxes is not (1 or 2)) throw new ArgumentException($"learned kernels act on 1-D or 2-D grids, got {gridAxes} axes");
        if (kernelSize < 1 || kernelSize % 2 == 0) throw new ArgumentException($"a learned kernel has an odd size, got {kernelSize}");
        KernelShape = Enumerable.Repeat(kernelSize, gridAxes).ToArray();
        Constraint = constraint;
        IsZeroSum = zeroSum || constraint == KernelConstraint.Skew;
        Unit = unit;

        var taps = PeriodicKernel.Taps(KernelShape).ToArray();
        long count = taps.Length;
        long centreTap = count / 2;
        // One parameter per pair of opposite offsets: the tap with the lexicographically positive offset and its mirror.
        var positive = taps.Where(t => t.Offsets.FirstOrDefault(o => o != 0) > 0).ToArray();
        var map = new double[count, positive.Length];
        for (int p = 0; p < positive.Length; p++)
        {
            long mirror = count - 1 - positive[p].Tap;
            map[positive[p].Tap, p] = 1;
            map[mirror, p] = constraint == KernelConstraint.Skew ? -1 : 1;
        }
        pairMap = tensor(map, dtype: dtype, device: device);
        var centreVector = new double[count];
        centreVector[centreTap] = 1;
        centre = tensor(centreVector, dtype: dtype, device: device);

        long parameterCount = constraint == KernelConstraint.Free ? count : positive.Length;
        theta = nn.Parameter(randn(parameterCount, dtype: dtype, device: device) * initialScale);
        if (constraint == KernelConstraint.Dissipative && !zeroSum)
            phi = nn.Parameter(randn(1, dtype: dtype, device: device) * initialScale);
        RegisterComponents();
    }

    /// <summary>The kernel shape, [k] or [k, k].</summary>
    public long[] KernelShape { get; }

    /// <summary>The constraint family.</summary>
    public KernelConstraint Constraint { get; }

    /// <summary>The factor between the constrained parameters and the kernel (1, or 1/dx^K in grid units).</summary>
    public double Unit { get; }

    /// <summary>True when the kernel sums to zero by construction (always for skew kernels).</summary>
    public bool IsZeroSum { get; }

    /// <inheritdoc/>
    public override int StateAxes => KernelShape.Length;

    /// <inheritdoc/>
    public override StructureProperties Properties => Constraint switch
    {
        KernelConstraint.Skew => new(true, true, true),
        KernelConstraint.Dissipative => new(false, true, IsZeroSum),
        _ => new(false, false, IsZeroSum),
    };

    /// <summary>The current kernel w, shape <see cref="KernelShape"/> (differentiable in the parameters).</summary>
    public Tensor Kernel()
    {
        Tensor flat = Constraint switch
        {
            KernelConstraint.Free => IsZeroSum ? theta - theta.mean() : theta * 1,
            KernelConstraint.Skew => pairMap.matmul(theta),
            _ => Dissipative(),
        };
        if (Unit != 1) flat = flat * Unit;
        return flat.reshape(KernelShape);
    }

    private Tensor Dissipative()
    {
        var offCentre = pairMap.matmul(nn.functional.softplus(theta));
        var centreValue = -offCentre.sum();
        if (phi is not null) centreValue = centreValue - nn.functional.softplus(phi).sum();
        return offCentre + centre * centreValue;
    }

    /// <inheritdoc/>
    public override Tensor Apply(Tensor gradient)
    {
        CheckState(gradient);
        return PeriodicKernel.Apply(gradient, Kernel());
    }
}
