using SkiaSharp;

namespace DGNet.Tests.Evaluation.Plots;

/// <summary>A temporary folder for figures, and pixel access to the PNGs written there.</summary>
internal sealed class PlotFiles : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "dgnet-plots-" + Guid.NewGuid().ToString("N"));

    public string PathOf(string name) => System.IO.Path.Combine(Folder, name);

    public static SKBitmap Read(string path) =>
        SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path}: not a readable image");

    /// <summary>True when two colours differ by at most <paramref name="tolerance"/> in every channel.</summary>
    public static bool Near(SKColor actual, ScottPlot.Color expected, int tolerance = 6) =>
        Math.Abs(actual.Red - expected.R) <= tolerance && Math.Abs(actual.Green - expected.G) <= tolerance
                                                       && Math.Abs(actual.Blue - expected.B) <= tolerance;

    public void Dispose()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
