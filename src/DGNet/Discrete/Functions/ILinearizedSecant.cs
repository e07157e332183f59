using static TorchSharp.torch;

namespace DGNet.Discrete.Functions;

/// <summary>
/// An element-wise function that can give its secant slope s(a, b) together with the partial derivatives ∂s/∂a and
/// ∂s/∂b directly, without an autograd graph. <see cref="PairElementwise"/> then enters its pullback g·s into the
/// graph as the first-order expansion g·s + Σ g·(∂s/∂x)·(x - x₀) about the current values, which has the same value
/// and the same first derivatives (in g and x) as g·s itself but costs a few tensor passes instead of dozens:
/// backward() through a discrete gradient (training) and Jacobians of it (Newton solves) are exact, while second
/// derivatives of the slope are not represented. Used for tanh, the activation of the reference networks.
/// </summary>
public interface ILinearizedSecant
{
    /// <summary>
    /// For the pair tensors x = (a, b) and y = (f(a), f(b)), both [2, ...], returns the slope [...] and the partial
    /// derivatives multiplied by <paramref name="weight"/> [...], stacked like the pair: [2, ...] =
    /// (w·∂s/∂a, w·∂s/∂b). The weight is the cotangent the slope multiplies in a pullback, so that the expansion
    /// needs no further product. No gradients are recorded.
    /// </summary>
    (Tensor Slope, Tensor WeightedPartials) SlopeWithPartials(Tensor x, Tensor y, Tensor weight);
}
