using System.Globalization;
using System.Text;
using DGNet.Data;

namespace DGNet.Tests.Data;

public class LipsonPendulumTests
{
    /// <summary>A file in the Schmidt &amp; Lipson layout: trials of rows "trial t θ ω" with θ = sin(row), ω = cos(row).</summary>
    internal static string WriteFile(int[] rowsPerTrial, double dt = 1.0 / 6, Func<int, int, string>? rowText = null)
    {
        var text = new StringBuilder("% theta omega\n");
        for (int trial = 0; trial < rowsPerTrial.Length; trial++)
            for (int i = 0; i < rowsPerTrial[trial]; i++)
                text.Append(rowText?.Invoke(trial, i)
                    ?? string.Create(CultureInfo.InvariantCulture, $"{trial + 1} {i * dt:R}\t{Theta(trial, i):R}  {Omega(trial, i):R}\n"));
        string path = TempFiles.Path("pendulum.txt");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static double Theta(int trial, int i) => Math.Sin(i + 10 * trial);

    private static double Omega(int trial, int i) => Math.Cos(i + 10 * trial);

    private static string ImportError(string path, int segments = 5)
    {
        var e = Assert.Throws<DataFileException>(() => LipsonPendulum.Import(path, segments));
        Assert.StartsWith($"{path}: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e.Problem;
    }

    [Fact]
    public void CutsEachTrialIntoSegmentsSharingTheirEndPoints()
    {
        // 23 rows = 22 steps: 5 segments of 4 steps (5 points), the last 2 steps are dropped.
        string path = WriteFile([23]);
        using var d = LipsonPendulum.Import(path);
        Assert.Equal([5L, 5L, 2L], d.U.shape);
        Assert.Equal(1.0 / 6, d.Dt, 1e-15);
        Assert.Equal("real-pendulum", d.System);
        Assert.Equal(new sbyte[] { 0, 0, 0, 0, 1 }, d.Split);
        for (int k = 0; k < 5; k++)
            for (int n = 0; n < 5; n++)
            {
                Assert.Equal(Theta(0, 4 * k + n), d.U[k, n, 0].item<double>());
                Assert.Equal(Omega(0, 4 * k + n), d.U[k, n, 1].item<double>());
            }
        // Consecutive segments share a point, so every measured step of the first 80% is a training pair.
        Assert.Equal(d.U[0, 4].data<double>().ToArray(), d.U[1, 0].data<double>().ToArray());
        Assert.Contains("\"segments\":5", d.Params);
    }

    [Fact]
    public void SeveralTrialsGetEqualSegmentsFromTheShortest()
    {
        string path = WriteFile([31, 13], dt: 0.05);
        using var d = LipsonPendulum.Import(path, segments: 3);
        // Shortest trial: 12 steps / 3 = 4 steps per segment.
        Assert.Equal([6L, 5L, 2L], d.U.shape);
        Assert.Equal(new sbyte[] { 0, 0, 1, 0, 0, 1 }, d.Split);
        Assert.Equal(Theta(1, 8), d.U[5, 0, 0].item<double>());
        Assert.Equal(0.05, d.Dt, 1e-15);
    }

    [Fact]
    public void TheImportedDatasetSavesAndLoads()
    {
        using var d = LipsonPendulum.Import(WriteFile([40]));
        string path = TempFiles.Path("real.npz");
        d.Save(path);
        using var loaded = Dataset.Load(path);
        Assert.Equal(d.U.data<double>().ToArray(), loaded.U.data<double>().ToArray());
        Assert.Equal(d.Split, loaded.Split);
        Assert.Equal("real-pendulum", loaded.System);
    }

    [Fact]
    public void AHeaderlessFileKeepsItsFirstRow()
    {
        string withHeader = WriteFile([11]);
        string headerless = TempFiles.Path("headerless.txt");
        File.WriteAllLines(headerless, File.ReadAllLines(withHeader).Skip(1));
        using var a = LipsonPendulum.Import(withHeader);
        using var b = LipsonPendulum.Import(headerless);
        Assert.Equal(a.U.data<double>().ToArray(), b.U.data<double>().ToArray());
    }

    [Fact]
    public void SmallTimingJitterIsAccepted()
    {
        string path = WriteFile([21], rowText: (_, i) => string.Create(CultureInfo.InvariantCulture,
            $"1 {Math.Round(i / 6.0, 3):R} {Theta(0, i):R} {Omega(0, i):R}\n"));
        using var d = LipsonPendulum.Import(path);
        Assert.Equal(1.0 / 6, d.Dt, 1e-4);
    }

    [Fact]
    public void BadNumbersNameTheLineAndColumn()
    {
        string path = WriteFile([12], rowText: (_, i) => i == 4 ? "1 0.6667 abc 0.1\n" : FormattableString.Invariant($"1 {i / 6.0:R} 0 0\n"));
        Assert.Equal("line 6: 'abc' in column 3 is not a finite number", ImportError(path));
        path = WriteFile([12], rowText: (_, i) => i == 2 ? "1 0.3333 nan 0.1\n" : FormattableString.Invariant($"1 {i / 6.0:R} 0 0\n"));
        Assert.Equal("line 4: 'nan' in column 3 is not a finite number", ImportError(path));
    }

    [Fact]
    public void WrongColumnCountNamesTheLine()
    {
        string path = WriteFile([12], rowText: (_, i) => i == 7 ? "1 1.1667 0.5\n" : FormattableString.Invariant($"1 {i / 6.0:R} 0 0\n"));
        Assert.Equal("line 9: expected 4 columns (trial t θ ω), found 3", ImportError(path));
    }

    [Fact]
    public void NonUniformTimeStepNamesTheLine()
    {
        string path = WriteFile([12], rowText: (_, i) => string.Create(CultureInfo.InvariantCulture, $"1 {(i < 6 ? i : i + 0.5) * 0.1:R} 0 0\n"));
        Assert.Equal("line 8: time step 0.15 differs from the typical (median) step 0.1 by more than 1% (the samples must be uniform in time)", ImportError(path));
    }

    [Fact]
    public void TrialsWithDifferentStepsAreRefused()
    {
        string path = WriteFile([12, 12], rowText: (trial, i) => string.Create(CultureInfo.InvariantCulture, $"{trial} {i * (trial + 1) * 0.1:R} 0 0\n"));
        Assert.Equal("line 14: trial 1 has time step 0.2, trial 0 has 0.1", ImportError(path));
    }

    [Fact]
    public void TimeMustIncreaseAndTrialsBeConsecutive()
    {
        string path = WriteFile([12], rowText: (_, i) => i == 3 ? "1 0.1 0 0\n" : FormattableString.Invariant($"1 {i * 0.1:R} 0 0\n"));
        Assert.Equal("line 5: time 0.1 does not increase (previous row: 0.2)", ImportError(path));
        path = WriteFile([12], rowText: (_, i) => FormattableString.Invariant($"{(i is >= 4 and < 8 ? 2 : 1)} {i * 0.1:R} 0 0\n"));
        Assert.StartsWith("line 10: trial 1 continues after another trial", ImportError(path));
    }

    [Fact]
    public void EmptyAndTooShortFilesAreRefused()
    {
        Assert.StartsWith("holds no data rows", ImportError(WriteFile([])));
        string headerOnly = TempFiles.Path("header.txt");
        File.WriteAllText(headerOnly, "% theta omega\n\n");
        Assert.StartsWith("holds no data rows", ImportError(headerOnly));
        Assert.Equal("trial 1 has 5 rows, too few to cut into 5 segments (needs at least 6)", ImportError(WriteFile([5])));
        Assert.Equal("line 2: trial 1 has a single row", ImportError(WriteFile([1])));
    }

    [Fact]
    public void OptionsAreChecked()
    {
        string path = WriteFile([30]);
        Assert.Throws<ArgumentException>(() => LipsonPendulum.Import(path, segments: 1));
        Assert.Throws<ArgumentException>(() => LipsonPendulum.Import(path, dtTolerance: 0));
        Assert.Throws<FileNotFoundException>(() => LipsonPendulum.Import(TempFiles.Path("none.txt")));
    }
}
