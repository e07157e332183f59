namespace DGNet.Tests.Discrete;

/// <summary>
/// Independent reference for secant slopes: (f(a) - f(b))/(a - b) = ∫₀¹ f'(b + t(a - b)) dt, integrated in double
/// precision with composite 20-point Gauss–Legendre quadrature (one panel per unit of |a - b|), which is accurate to
/// rounding for the analytic functions tested.
/// </summary>
internal static class ReferenceSlope
{
    private static readonly (double Node, double Weight)[] Rule = GaussLegendre(20);

    public static double Of(Func<double, double> derivative, double a, double b)
    {
        double d = a - b;
        int panels = Math.Max(1, (int)Math.Ceiling(Math.Abs(d)));
        double sum = 0;
        for (int p = 0; p < panels; p++)
            foreach (var (node, weight) in Rule)
            {
                double t = (p + node) / panels;
                sum += weight / panels * derivative(b + t * d);
            }
        return sum;
    }

    /// <summary>Nodes on [0, 1] and weights (summing to 1) by Newton's method on the Legendre polynomial.</summary>
    private static (double, double)[] GaussLegendre(int n)
    {
        var rule = new (double, double)[n];
        for (int i = 0; i < n; i++)
        {
            double x = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int iter = 0; iter < 100; iter++)
            {
                double p0 = 1, p1 = x;
                for (int k = 2; k <= n; k++) (p0, p1) = (p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k);
                dp = n * (x * p1 - p0) / (x * x - 1);
                double step = p1 / dp;
                x -= step;
                if (Math.Abs(step) < 1e-17) break;
            }
            rule[i] = ((1 - x) / 2, 1 / ((1 - x * x) * dp * dp));
        }
        return rule;
    }
}
