using static TorchSharp.torch;

namespace DGNet.Discrete.Functions;

/// <summary>
/// A scalar function applied element-wise, with what automatic discrete differentiation needs of it: its
/// derivative (for a single state) and its secant slope (f(a) - f(b)) / (a - b) (for a pair of states), both
/// written with differentiable tensor operations so that losses on discrete gradients can be trained.
/// </summary>
public abstract class ElementwiseFunction
{
    /// <summary>The name used in settings and on the command line (e.g. "tanh").</summary>
    public abstract string Name { get; }

    /// <summary>f(x).</summary>
    public abstract Tensor Value(Tensor x);

    /// <summary>f'(x), given x and the already computed fx = f(x).</summary>
    public abstract Tensor Derivative(Tensor x, Tensor fx);

    /// <summary>
    /// The secant slope (f(a) - f(b)) / (a - b), equal to f'(a) where a = b; symmetric in (a, b), finite for all
    /// finite inputs, and consistent with <paramref name="fa"/> = f(a), <paramref name="fb"/> = f(b) so that
    /// slope·(a - b) = fa - fb up to rounding.
    /// </summary>
    public abstract Tensor Slope(Tensor a, Tensor b, Tensor fa, Tensor fb);

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>The names accepted by <see cref="FromName"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["tanh", "sigmoid", "softplus", "sin", "exp", "relu", "square", "cube"];

    /// <summary>The built-in function with the given name (see <see cref="Names"/>), case-insensitive.</summary>
    public static ElementwiseFunction FromName(string name) => name.ToLowerInvariant() switch
    {
        "tanh" => new TanhFunction(),
        "sigmoid" => new SigmoidFunction(),
        "softplus" => new SoftplusFunction(),
        "sin" => new SinFunction(),
        "exp" => new ExpFunction(),
        "relu" => new ReluFunction(),
        "square" => new SquareFunction(),
        "cube" => new CubeFunction(),
        _ => throw new ArgumentException($"unknown activation '{name}' (known: {string.Join(", ", Names)})"),
    };
}
