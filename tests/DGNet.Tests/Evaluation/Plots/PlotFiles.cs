using SkiaSharp;

namespace DGNet.Tests.Evaluation.Plots;

/// <summary>Pixel access to the PNGs that plot tests write.</summary>
internal static class PlotFiles
{
    public static SKBitmap Read(string path) =>
        SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path}: not a readable image");

    /// <summary>True when two colours differ by at most <paramref name="tolerance"/> in every channel.</summary>
    public static bool Near(SKColor actual, ScottPlot.Color expected, int tolerance = 6) =>
        Math.Abs(actual.Red - expected.R) <= tolerance && Math.Abs(actual.Green - expected.G) <= tolerance
                                                       && Math.Abs(actual.Blue - expected.B) <= tolerance;
}
