using static TorchSharp.torch;

namespace DGNet.Discrete.Functions;

/// <summary>
/// Even ratio functions g(x)/x (tanh x / x, sin x / x, sinh x / x, artanh x / x) that closed-form secant slopes are
/// made of. Each is evaluated as g(|x| + tiny)/(|x| + tiny): exact to rounding for every x, equal to its limit 1
/// at x = 0 with no NaN, and with no threshold. Because the functions are even, their derivative vanishes at 0,
/// so the derivative that autograd takes of them stays accurate (absolute error below about √eps) down to x = 0.
/// </summary>
internal static class SecantRatios
{
    /// <summary>
    /// The lift added to |x|: about the square root of the smallest normal number of the dtype, so that autograd's
    /// 1/x² terms stay finite, and far below the point where g(x)/x differs from 1 in that dtype.
    /// </summary>
    public static double Tiny(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => 1e-150,
        ScalarType.Float32 => 1e-18,
        _ => throw new ArgumentException($"discrete gradients need float32 or float64 tensors, got {dtype}"),
    };

    /// <summary>Throws unless <paramref name="dtype"/> is float32 or float64, the types discrete gradients support.</summary>
    public static void RequireFloatingPoint(ScalarType dtype) => _ = Tiny(dtype);

    /// <summary>|x| + tiny: never zero, equal to |x| wherever that matters.</summary>
    public static Tensor Lift(Tensor x) => x.abs().add_(Tiny(x.dtype));

    /// <summary>tanh(x) / x.</summary>
    public static Tensor TanhOverX(Tensor x)
    {
        var e = Lift(x);
        return e.tanh().div(e);
    }

    /// <summary>sin(x) / x.</summary>
    public static Tensor SinOverX(Tensor x)
    {
        var e = Lift(x);
        return e.sin().div(e);
    }

    /// <summary>sinh(x) / x (overflows for |x| above about 710; callers keep x small).</summary>
    public static Tensor SinhOverX(Tensor x)
    {
        var e = Lift(x);
        return e.sinh().div(e);
    }

    /// <summary>artanh(x) / x for |x| &lt; 1.</summary>
    public static Tensor AtanhOverX(Tensor x)
    {
        var e = Lift(x);
        return e.atanh().div(e);
    }
}
