using DGNet.Discrete;
using DGNet.Models;

namespace DGNet.Benchmarks;

/// <summary>
/// Floating-point operations of the networks' matrix products (dense layers and convolutions: 2 per multiply-add),
/// computed from the architecture. Element-wise work (activations, slopes, bias) is left out: it is a few percent
/// of the total for the reference widths and does not run at matrix-product speed anyway, so the GFLOP/s derived
/// from these counts compare directly with the machine's matrix-product rate.
/// <list type="bullet">
/// <item>one evaluation of a network on a batch of single states: <see cref="Forward"/> = F;</item>
/// <item>continuous gradient ∇H(u) (forward on u, pullback of one cotangent of the same size): 2F;</item>
/// <item>discrete gradient ∇̄H(u, v) (forward on the stacked pair, one pullback): 3F;</item>
/// <item>a training step multiplies the pass it trains through by 3: backward() computes two products for each
/// product of the pass (with respect to its input and to its weight).</item>
/// </list>
/// </summary>
public static class FlopCount
{
    /// <summary>Backward costs about twice the pass it differentiates, so a training step costs three passes.</summary>
    public const double TrainingFactor = 3;

    /// <summary>
    /// Matrix-product FLOPs of one forward evaluation of <paramref name="network"/> on <paramref name="batch"/> states of
    /// shape <paramref name="stateShape"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">The network contains a block whose cost is not known here.</exception>
    public static double Forward(PairModule network, long[] stateShape, long batch)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stateShape);
        double flop = 0;
        Walk(network, [batch, .. stateShape], ref flop);
        return flop;
    }

    /// <summary>FLOPs of the discrete gradient ∇̄H(u, v) of a batch of pairs: 3 forward evaluations.</summary>
    public static double DiscreteGradient(PairModule energy, long[] stateShape, long batch) => 3 * Forward(energy, stateShape, batch);

    /// <summary>FLOPs of the continuous gradient ∇H(u) of a batch of states: 2 forward evaluations.</summary>
    public static double ContinuousGradient(PairModule energy, long[] stateShape, long batch) => 2 * Forward(energy, stateShape, batch);

    /// <summary>
    /// FLOPs of one training step of an energy model on <paramref name="batch"/> pairs: for DGNet (eq6) the discrete
    /// gradient, for a model trained through a solver <paramref name="fieldEvaluations"/> continuous gradients; times
    /// <see cref="TrainingFactor"/>.
    /// </summary>
    public static double EnergyTrainingStep(EnergyModel model, long batch, bool discrete, double fieldEvaluations = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        var shape = model.Spec.StateShape;
        double pass = discrete
            ? DiscreteGradient(model.EnergyNetwork, shape, batch)
            : fieldEvaluations * ContinuousGradient(model.EnergyNetwork, shape, batch);
        return TrainingFactor * pass;
    }

    /// <summary>FLOPs of the product of two n × n matrices.</summary>
    public static double MatrixProduct(long n) => 2.0 * n * n * n;

    /// <summary>Adds the block's FLOPs on an input of <paramref name="shape"/> (no pair axis) and returns its output shape.</summary>
    private static long[] Walk(PairModule block, long[] shape, ref double flop)
    {
        switch (block)
        {
            case PairSequential sequential:
                foreach (var inner in sequential.Blocks) shape = Walk(inner, shape, ref flop);
                return shape;
            case PairLinear linear:
            {
                long outFeatures = linear.Weight.shape[0], inFeatures = linear.Weight.shape[1];
                RequireLast(shape, inFeatures, "linear layer");
                flop += 2.0 * Rows(shape) * inFeatures * outFeatures;
                return [.. shape[..^1], outFeatures];
            }
            case PairPeriodicConv conv:
            {
                var w = conv.Weight.shape;
                long outChannels = w[0], inChannels = w[1], taps = w[2..].Aggregate(1L, (a, b) => a * b);
                RequireLast(shape, inChannels, "convolution");
                flop += 2.0 * Rows(shape) * inChannels * outChannels * taps;
                return [.. shape[..^1], outChannels];
            }
            case PairGridReadout readout:
            {
                // Counted as the reference network's 1x1 convolution to one channel, which it computes with fewer
                // products, so that the count (and the GFLOP/s derived from it) stays the reference network's.
                long channels = readout.Weight.shape[1];
                RequireLast(shape, channels, "grid readout");
                flop += 2.0 * Rows(shape) * channels;
                return shape[..^(readout.GridAxes + 1)];
            }
            case PairQuadraticForm:
            {
                long n = shape[^1];
                flop += 2.0 * Rows(shape) * n * n;
                return shape[..^1];
            }
            case SeparableEnergy separable:
            {
                long d = separable.DegreesOfFreedom;
                long[] half = [.. shape[..^1], d];
                var kinetic = Walk(separable.Kinetic, half, ref flop);
                Walk(separable.Potential, half, ref flop);
                return kinetic;
            }
            case PairSum sum:
                return Branches(sum, shape, ref flop);
            case PairProduct product:
                return Branches(product, shape, ref flop);
            case PairElementwise or PairScale or PairIdentity:
                return shape;
            case PairReduce reduce:
                return shape[..^reduce.Axes];
            case PairTakeFeatures take:
                return [.. shape[..^1], take.Length];
            case PairReshape reshape:
                return Reshaped(shape, reshape);
            default:
                throw new NotSupportedException($"no FLOP count for the block {block.GetType().Name}");
        }
    }

    /// <summary>The branches of a sum or product (its child blocks, directly or in a module list) all see the same
    /// input and give the same output shape.</summary>
    private static long[] Branches(PairModule parent, long[] shape, ref double flop)
    {
        var branches = parent.children()
            .SelectMany(child => child is TorchSharp.Modules.ModuleList<PairModule> list
                ? list.Cast<TorchSharp.torch.nn.Module>()
                : [child])
            .OfType<PairModule>();
        long[] output = shape;
        foreach (var branch in branches) output = Walk(branch, shape, ref flop);
        return output;
    }

    private static long[] Reshaped(long[] shape, PairReshape reshape)
    {
        var lead = shape[..^reshape.InputAxes];
        long count = shape[^reshape.InputAxes..].Aggregate(1L, (a, b) => a * b);
        var target = reshape.OutputShape.ToArray();
        int free = Array.IndexOf(target, -1L);
        if (free >= 0)
            target[free] = count / target.Where((_, i) => i != free).Aggregate(1L, (a, b) => a * b);
        return [.. lead, .. target];
    }

    private static long Rows(long[] shape) => shape[..^1].Aggregate(1L, (a, b) => a * b);

    private static void RequireLast(long[] shape, long features, string what)
    {
        if (shape.Length == 0 || shape[^1] != features)
            throw new ArgumentException($"a {what} with {features} inputs cannot take states of shape [{string.Join(", ", shape)}]");
    }
}
