using DGNet.Discrete.Functions;
using static TorchSharp.torch;

namespace DGNet.Bench;

/// <summary>
/// tanh without the fused first-order pullback: its secant slope is differentiated by autograd operation by
/// operation, as for any other function. For measuring what the fused kernel saves.
/// </summary>
internal sealed class ExactTanh : ElementwiseFunction
{
    private readonly TanhFunction _tanh = new();

    public override string Name => "tanh (autograd slope)";

    public override Tensor Value(Tensor x) => _tanh.Value(x);

    public override Tensor Derivative(Tensor x, Tensor fx) => _tanh.Derivative(x, fx);

    public override Tensor Slope(Tensor a, Tensor b, Tensor fa, Tensor fb) => _tanh.Slope(a, b, fa, fb);
}
