using System.Globalization;
using System.Text;

namespace DGNet.Training;

/// <summary>
/// The training log <c>log.csv</c>: a header, then one row per log interval with the columns step, train_loss (mean
/// minibatch loss since the previous row), test_loss (on the test pairs at that step) and wall_seconds (training
/// time so far). Numbers are written round-trip exact, so equal runs give equal rows (wall time aside).
/// </summary>
public sealed class LossLog
{
    /// <summary>The header line.</summary>
    public const string Header = "step,train_loss,test_loss,wall_seconds";

    private readonly string path;

    private LossLog(string path) => this.path = path;

    /// <summary>Starts a new log at <paramref name="path"/> with only the header (replacing any file).</summary>
    public static LossLog Create(string path)
    {
        File.WriteAllText(path, Header + "\n");
        return new LossLog(path);
    }

    /// <summary>
    /// Continues the log at <paramref name="path"/> from step <paramref name="step"/>: rows after that step (written
    /// after the checkpoint being resumed, or cut short by a crash) are dropped, so the continued run writes them again.
    /// A missing log is started afresh.
    /// </summary>
    public static LossLog ContinueAt(string path, int step)
    {
        if (!File.Exists(path)) return Create(path);
        var kept = new StringBuilder(Header + "\n");
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            var fields = line.Split(',');
            if (fields.Length != 4
                || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int rowStep)
                || !double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                break;
            if (rowStep > step) break;
            kept.Append(line).Append('\n');
        }
        Data.AtomicFile.Write(path, overwrite: true, stream =>
        {
            var bytes = Encoding.UTF8.GetBytes(kept.ToString());
            stream.Write(bytes);
        });
        return new LossLog(path);
    }

    /// <summary>Appends one row and flushes it to disk.</summary>
    public void Append(int step, double trainLoss, double testLoss, double wallSeconds)
    {
        var c = CultureInfo.InvariantCulture;
        string row = string.Create(c, $"{step},{trainLoss:R},{testLoss:R},{wallSeconds:F3}\n");
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var bytes = Encoding.UTF8.GetBytes(row);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>The rows of a log file as (step, train loss, test loss, wall seconds).</summary>
    public static IReadOnlyList<(int Step, double TrainLoss, double TestLoss, double WallSeconds)> Read(string path)
    {
        var rows = new List<(int, double, double, double)>();
        int number = 1;
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            number++;
            var f = line.Split(',');
            if (f.Length != 4
                || !int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out int step)
                || !double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double train)
                || !double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double test)
                || !double.TryParse(f[3], NumberStyles.Float, CultureInfo.InvariantCulture, out double wall))
                throw new Data.DataFileException(path, $"line {number}: not a log row (step,train_loss,test_loss,wall_seconds)");
            rows.Add((step, train, test, wall));
        }
        return rows;
    }
}
