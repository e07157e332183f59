using DGNet.Discrete.Functions;
using static TorchSharp.torch;

namespace DGNet.Tests.Discrete;

/// <summary>
/// Secant slopes of every element-wise function against an independent quadrature of f', over pair gaps from 0 to
/// 30 (including 1e-16 .. 1e-1), in float64 and float32; no NaN, no jump at internal switches or thresholds.
/// </summary>
public class ElementwiseFunctionTests
{
    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>The functions with their derivative in double precision for the reference, and the input range tested.</summary>
    public static TheoryData<string> Names => new(["tanh", "sigmoid", "softplus", "sin", "exp", "relu", "square", "cube", "silu"]);

    private static ElementwiseFunction Make(string name) => name == "silu"
        ? new GenericFunction("silu", x => x * x.sigmoid(), x => x.sigmoid() * (1 + x * (1 - x.sigmoid())))
        : ElementwiseFunction.FromName(name);

    private static double Value(string name, double x) => name switch
    {
        "tanh" => Math.Tanh(x),
        "sigmoid" => Sigmoid(x),
        "softplus" => Math.Log(1 + Math.Exp(x)),
        "sin" => Math.Sin(x),
        "exp" => Math.Exp(x),
        "relu" => Math.Max(x, 0),
        "square" => x * x,
        "cube" => x * x * x,
        "silu" => x * Sigmoid(x),
        _ => throw new ArgumentException(name),
    };

    private static Func<double, double> ReferenceDerivative(string name) => name switch
    {
        "tanh" => x => 1 - Math.Tanh(x) * Math.Tanh(x),
        "sigmoid" => x => Sigmoid(x) * Sigmoid(-x),
        "softplus" => Sigmoid,
        "sin" => Math.Cos,
        "exp" => Math.Exp,
        "relu" => x => x > 0 ? 1 : 0,
        "square" => x => 2 * x,
        "cube" => x => 3 * x * x,
        "silu" => x => Sigmoid(x) * (1 + x * Sigmoid(-x)),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Pairs (a, b): midpoints in [-4, 4] and gaps 0, ±10^-k (k = 0..16) and larger gaps up to 30.</summary>
    private static (double[] A, double[] B) Pairs(int seed)
    {
        var rng = new Random(seed);
        var a = new List<double>();
        var b = new List<double>();
        double[] gaps = [0, .. Enumerable.Range(0, 17).Select(k => Math.Pow(10, -k)), 1.0 + 1e-12, 1.0 - 1e-12, 2.5, 7, 30];
        for (int i = 0; i < 40; i++)
        {
            double m = rng.NextDouble() * 8 - 4;
            foreach (var g in gaps)
            {
                double gap = g * (0.5 + rng.NextDouble()) * (rng.Next(2) == 0 ? 1 : -1);
                if (g is 0 or 1.0 + 1e-12 or 1.0 - 1e-12) gap = g * (rng.Next(2) == 0 ? 1 : -1);
                a.Add(m + gap / 2);
                b.Add(m - gap / 2);
            }
        }
        return (a.ToArray(), b.ToArray());
    }

    private static double[] Slopes(ElementwiseFunction f, double[] a, double[] b, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var ta = tensor(a, dtype: dtype);
        var tb = tensor(b, dtype: dtype);
        var s = f.Slope(ta, tb, f.Value(ta), f.Value(tb));
        return s.to_type(ScalarType.Float64).data<double>().ToArray();
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SlopeMatchesQuadratureOfDerivativeInFloat64(string name)
    {
        var f = Make(name);
        var derivative = ReferenceDerivative(name);
        var (a, b) = Pairs(1);
        var s = Slopes(f, a, b, ScalarType.Float64);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.True(double.IsFinite(s[i]), $"{name}: slope({a[i]}, {b[i]}) = {s[i]}");
            if (name == "relu" && a[i] != b[i] && Math.Sign(a[i]) != Math.Sign(b[i]))
                continue; // checked exactly below
            double reference = a[i] == b[i] ? derivative(a[i]) : ReferenceSlope.Of(derivative, a[i], b[i]);
            double scale = Math.Abs(reference) + 1e-3 * Math.Abs(derivative(0.5 * (a[i] + b[i])));
            Assert.True(Math.Abs(s[i] - reference) <= 1e-12 * scale + 1e-300,
                $"{name}: slope({a[i]:R}, {b[i]:R}) = {s[i]:R}, reference {reference:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SlopeMatchesFloat64ReferenceInFloat32(string name)
    {
        var f = Make(name);
        var derivative = ReferenceDerivative(name);
        var (a64, b64) = Pairs(2);
        var a = a64.Select(x => (double)(float)x).ToArray();
        var b = b64.Select(x => (double)(float)x).ToArray();
        var s = Slopes(f, a, b, ScalarType.Float32);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.True(double.IsFinite(s[i]), $"{name}: float32 slope({a[i]}, {b[i]}) = {s[i]}");
            if (name == "relu" && a[i] != b[i] && Math.Sign(a[i]) != Math.Sign(b[i]))
                continue;
            double reference = a[i] == b[i] ? derivative(a[i]) : ReferenceSlope.Of(derivative, a[i], b[i]);
            // float32 rounds f(a), f(b) and the arguments at eps ≈ 6e-8: allow a few eps of |f| and |f'| (a plain
            // quotient (f(a) - f(b))/(a - b) would miss by eps·|f|/|a - b|, far more at small gaps).
            double scale = Math.Abs(reference) + Math.Abs(derivative(a[i])) + Math.Abs(derivative(b[i]))
                + Math.Abs(Value(name, a[i])) + Math.Abs(Value(name, b[i]));
            Assert.True(Math.Abs(s[i] - reference) <= 5e-7 * scale,
                $"{name}: float32 slope({a[i]:R}, {b[i]:R}) = {s[i]:R}, reference {reference:R}");
        }
    }

    [Fact]
    public void ReluSlopeIsExactPiecewise()
    {
        var f = Make("relu");
        double[] a = [2, -1, 3, -2, 0, 0, 1.5, 0];
        double[] b = [1, -3, -1, 4, 0, -1, 1.5, 2];
        double[] expected = [1, 0, 0.75, 4.0 / 6, 0, 0, 1, 1];
        var s = Slopes(f, a, b, ScalarType.Float64);
        for (int i = 0; i < a.Length; i++) Assert.Equal(expected[i], s[i], 15);
    }

    /// <summary>
    /// Where a slope switches formula (exp and softplus at |a - b| = 1, the generic function at its threshold τ),
    /// the values just below and just above agree with the reference, and with each other, to 1e-10 relative
    /// in float64 and 1e-5 in float32.
    /// </summary>
    [Theory]
    [InlineData("exp", ScalarType.Float64)]
    [InlineData("softplus", ScalarType.Float64)]
    [InlineData("silu", ScalarType.Float64)]
    [InlineData("exp", ScalarType.Float32)]
    [InlineData("softplus", ScalarType.Float32)]
    [InlineData("silu", ScalarType.Float32)]
    public void NoJumpAtFormulaSwitch(string name, ScalarType dtype)
    {
        var f = Make(name);
        var derivative = ReferenceDerivative(name);
        bool single = dtype == ScalarType.Float32;
        double tolerance = single ? 1e-5 : 1e-10;
        double nudge = single ? 1e-6 : 1e-13;
        var rng = new Random(3);
        var below = new List<(double A, double B)>();
        var above = new List<(double A, double B)>();
        for (int i = 0; i < 50; i++)
        {
            double m = rng.NextDouble() * 6 - 3;
            double sign = rng.Next(2) == 0 ? 1 : -1;
            // The generic threshold is τ₀(1 + max(|a|, |b|))^(1/5); solve |d| = τ₀(1 + |m| + |d|/2)^(1/5) for the switch.
            double tau0 = GenericFunction.ThresholdScale(dtype);
            double gap = 1;
            if (name == "silu")
                for (int k = 0; k < 50; k++) gap = tau0 * Math.Pow(1 + Math.Abs(m) + gap / 2, 0.2);
            foreach (var (list, factor) in new[] { (below, 1 - nudge), (above, 1 + nudge) })
            {
                double d = sign * gap * factor;
                double a = m + d / 2, b = m - d / 2;
                if (single) (a, b) = ((float)a, (float)b);
                list.Add((a, b));
            }
        }
        var sBelow = Slopes(f, below.Select(p => p.A).ToArray(), below.Select(p => p.B).ToArray(), dtype);
        var sAbove = Slopes(f, above.Select(p => p.A).ToArray(), above.Select(p => p.B).ToArray(), dtype);
        for (int i = 0; i < sBelow.Length; i++)
        {
            double refBelow = ReferenceSlope.Of(derivative, below[i].A, below[i].B);
            double refAbove = ReferenceSlope.Of(derivative, above[i].A, above[i].B);
            // Relative to the slope and to f' at the ends (slopes near a zero of f' are small).
            double scale = Math.Abs(refAbove) + Math.Abs(derivative(above[i].A)) + Math.Abs(derivative(above[i].B));
            Assert.True(Math.Abs(sBelow[i] - refBelow) <= tolerance * scale, $"{name} below switch: {sBelow[i]:R} vs {refBelow:R}");
            Assert.True(Math.Abs(sAbove[i] - refAbove) <= tolerance * scale, $"{name} above switch: {sAbove[i]:R} vs {refAbove:R}");
            Assert.True(Math.Abs(sAbove[i] - sBelow[i]) <= tolerance * scale, $"{name} jump: {sBelow[i]:R} -> {sAbove[i]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SlopeIsSymmetricAndFiniteAtExtremes(string name)
    {
        var f = Make(name);
        double[] a = [0, 1e-300, -1e-300, 5e-324, 700, -700, 40, -40, 1e-8, 3];
        double[] b = [0, -1e-300, 0, 0, -700, 700, 40 + 1e-13, -40 - 1e-13, -1e-8, 3];
        if (name is "exp") { a[4] = 300; a[5] = -300; b[4] = -300; b[5] = 300; }
        if (name is "cube" or "square") { a[4] = 1e50; b[5] = 1e50; }
        var s1 = Slopes(f, a, b, ScalarType.Float64);
        var s2 = Slopes(f, b, a, ScalarType.Float64);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.True(double.IsFinite(s1[i]), $"{name}: slope({a[i]}, {b[i]}) = {s1[i]}");
            Assert.True(Math.Abs(s1[i] - s2[i]) <= 1e-15 * Math.Abs(s1[i]), $"{name}: slope not symmetric at ({a[i]}, {b[i]})");
        }
    }
}
