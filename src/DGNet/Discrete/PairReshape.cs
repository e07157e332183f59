using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// Reshapes the trailing axes: the last <see cref="InputAxes"/> axes become <see cref="OutputShape"/> (one entry may
/// be -1); leading pair and batch axes are kept. Examples: (0, [1]) appends a channel axis of length 1, (1, [])
/// removes a trailing axis of length 1, (2, [-1]) flattens a 2-D grid. The pullback reshapes back.
/// </summary>
public sealed class PairReshape : PairModule
{
    /// <summary>Creates the block mapping the last <paramref name="inputAxes"/> axes to <paramref name="outputShape"/>.</summary>
    public PairReshape(int inputAxes, params long[] outputShape) : base(nameof(PairReshape))
    {
        if (inputAxes < 0) throw new ArgumentException($"the number of reshaped axes must be >= 0, got {inputAxes}");
        InputAxes = inputAxes;
        OutputShape = outputShape;
        RegisterComponents();
    }

    /// <summary>How many trailing axes are reshaped.</summary>
    public int InputAxes { get; }

    /// <summary>The shape they become.</summary>
    public long[] OutputShape { get; }

    /// <inheritdoc/>
    public override PairOutput Forward(Tensor x)
    {
        if (x.dim() < InputAxes + 1)
            throw new ArgumentException($"cannot reshape the last {InputAxes} axes of a pair tensor of shape [{string.Join(", ", x.shape)}]");
        var shape = x.shape;
        var lead = shape[..^InputAxes];
        var y = x.reshape([.. lead, .. OutputShape]);
        var inputWithoutPair = shape[1..];
        return new(y, g => g.reshape(inputWithoutPair));
    }
}
