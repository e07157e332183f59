using ScottPlot;

namespace DGNet.Evaluation.Plots;

/// <summary>One training's loss log: the steps with their train and test losses.</summary>
/// <param name="Label">Legend text (e.g. "seed 0"); empty to leave it out of the legend.</param>
/// <param name="Steps">The logged steps.</param>
/// <param name="TrainLoss">Mean minibatch loss of each log interval.</param>
/// <param name="TestLoss">Test loss at each logged step.</param>
public sealed record LossCurve(string Label, double[] Steps, double[] TrainLoss, double[] TestLoss);

/// <summary>Training curves: train (solid) and test (dashed) loss against the step on a log scale.</summary>
public static class TrainingCurves
{
    /// <summary>The curves of one or more trainings in one plot, one colour per training.</summary>
    public static Plot Create(string title, IReadOnlyList<LossCurve> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var palette = new ScottPlot.Palettes.Category10();
        var series = new List<LineSeries>();
        for (int i = 0; i < curves.Count; i++)
        {
            var curve = curves[i];
            var color = palette.GetColor(i);
            string prefix = curve.Label.Length > 0 ? curve.Label + ": " : "";
            bool labelled = curve.Label.Length > 0 || i == 0;
            series.Add(new LineSeries(labelled ? prefix + "train" : "", curve.Steps, curve.TrainLoss, color));
            series.Add(new LineSeries(labelled ? prefix + "test" : "", curve.Steps, curve.TestLoss, color, Dashed: true));
        }
        return LinePlots.Lines(title, "step", "loss", series, logY: true);
    }
}
