namespace DGNet.Evaluation.Plots;

/// <summary>One named curve of a line plot or phase portrait.</summary>
/// <param name="Label">Legend text; empty to leave the curve out of the legend.</param>
/// <param name="X">Abscissae (or q for a phase portrait).</param>
/// <param name="Y">Ordinates (or p), as many as <paramref name="X"/>.</param>
/// <param name="Color">Line colour; the plot's palette when null.</param>
/// <param name="Dashed">Draws a dashed line, e.g. for predictions over a solid ground truth.</param>
/// <param name="Points">Draws markers at the points and no line, e.g. for noisy data.</param>
public sealed record LineSeries(string Label, double[] X, double[] Y, ScottPlot.Color? Color = null, bool Dashed = false, bool Points = false)
{
    /// <summary>Throws an <see cref="ArgumentException"/> when the coordinates do not pair up.</summary>
    public void Validate()
    {
        if (X.Length != Y.Length)
            throw new ArgumentException($"line '{Label}': {X.Length} x values but {Y.Length} y values");
    }
}
