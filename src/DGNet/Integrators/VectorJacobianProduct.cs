using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// The value y = map(x) and the products cᵀ ∂y/∂x and cᵀ ∂y/∂θ for one cotangent c, from one small graph built
/// around a detached copy of x and freed at once. The adjoint's backward passes are made of these, so their memory
/// is that of a single evaluation of the map.
/// </summary>
internal static class VectorJacobianProduct
{
    /// <summary>Results are detached; a parameter the map does not use gets a zero product.</summary>
    public static (Tensor Value, Tensor StateProduct, Tensor[] ParameterProducts) Evaluate(
        Func<Tensor, Tensor> map, Tensor x, IReadOnlyList<Tensor> parameters, Tensor cotangent)
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var input = x.detach().requires_grad_(true);
        var value = map(input);
        var inputs = new List<Tensor>(parameters.Count + 1) { input };
        inputs.AddRange(parameters);
        var products = autograd.grad(new[] { value }, inputs, new[] { cotangent.detach() }, allow_unused: true);
        var state = Defined(products[0], input);
        var parameterProducts = new Tensor[parameters.Count];
        for (int i = 0; i < parameters.Count; i++)
            parameterProducts[i] = Defined(products[i + 1], parameters[i]).MoveToOuterDisposeScope();
        return (value.detach().MoveToOuterDisposeScope(), state.MoveToOuterDisposeScope(), parameterProducts);
    }

    private static Tensor Defined(Tensor? product, Tensor like) =>
        product is null || product.IsInvalid ? zeros_like(like) : product;
}
