using System.Globalization;
using System.Text.Json;
using static TorchSharp.torch;

namespace DGNet.Data;

/// <summary>
/// Imports measured pendulum data in the text format of Schmidt and Lipson (Science, 2009): one header line, then
/// whitespace-separated columns trial, t, θ, ω. The state is (q, p) = (θ, ω). Because a dataset needs trajectories
/// of equal length and a held-out part, each trial is cut into consecutive segments of equal length that share their
/// end points (so no step is lost); the last segment of each trial is test and the others train, so that with five
/// segments the model trains on the first 80% of every series, as in the DGNet paper.
/// </summary>
public static class LipsonPendulum
{
    /// <summary>The <see cref="Dataset.System"/> name of imported data.</summary>
    public const string SystemName = "real-pendulum";

    /// <summary>Reads a measurement file and converts it to a dataset.</summary>
    /// <param name="path">The text file.</param>
    /// <param name="segments">Segments per trial, at least 2; the last is test.</param>
    /// <param name="dtTolerance">Largest accepted relative deviation of a time step from the trial's median step.
    /// The dataset's dt is the mean step over all trials.</param>
    /// <exception cref="ArgumentException"><paramref name="segments"/> or <paramref name="dtTolerance"/> is out of range.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFileException">The file breaks the format; the message names the line.</exception>
    public static Dataset Import(string path, int segments = 5, double dtTolerance = 0.01)
    {
        if (segments < 2) throw new ArgumentException($"segments must be at least 2 (one train, one test), got {segments}", nameof(segments));
        if (!(dtTolerance > 0 && dtTolerance < 1)) throw new ArgumentException($"dtTolerance must be in (0, 1), got {dtTolerance}", nameof(dtTolerance));

        var trials = ReadTrials(path);
        double dt = CommonStep(trials, path, dtTolerance);

        // Equal segment length for all trials: the shortest trial decides.
        var shortest = trials.MinBy(t => t.Rows.Count)!;
        int steps = (shortest.Rows.Count - 1) / segments;
        if (steps < 1)
            throw new DataFileException(path,
                $"trial {shortest.Label} has {shortest.Rows.Count} rows, too few to cut into {segments} segments (needs at least {segments + 1})");

        int trajectories = trials.Count * segments, points = steps + 1;
        var u = new double[trajectories * points * 2];
        var split = new sbyte[trajectories];
        for (int j = 0; j < trials.Count; j++)
        {
            for (int k = 0; k < segments; k++)
            {
                int trajectory = j * segments + k;
                split[trajectory] = (sbyte)(k == segments - 1 ? 1 : 0);
                for (int n = 0; n < points; n++)
                {
                    var row = trials[j].Rows[k * steps + n];
                    u[(trajectory * points + n) * 2] = row.Theta;
                    u[(trajectory * points + n) * 2 + 1] = row.Omega;
                }
            }
        }

        string parameters = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["source"] = "Schmidt and Lipson pendulum text format",
            ["file"] = Path.GetFileName(path),
            ["trials"] = trials.Count,
            ["segments"] = segments,
            ["steps_per_segment"] = steps,
        });
        using var scope = NewDisposeScope();
        return Dataset.Create(tensor(u, [trajectories, points, 2L], ScalarType.Float64), dt,
            split: split, system: SystemName, parameters: parameters);
    }

    private sealed record Row(int Line, double Time, double Theta, double Omega);

    private sealed record Trial(double Label, List<Row> Rows);

    private static List<Trial> ReadTrials(string path)
    {
        var trials = new List<Trial>();
        using var stream = DataFiles.OpenRead(path);
        using var reader = new StreamReader(stream);
        int line = 0;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            string[] fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0) continue;
            // The first line is the header; it is data only if it consists of four numbers.
            if (line == 1 && !(fields.Length == 4 && fields.All(f => TryNumber(f, out _)))) continue;
            if (fields.Length != 4)
                throw new DataFileException(path, $"line {line}: expected 4 columns (trial t θ ω), found {fields.Length}");
            var values = new double[4];
            for (int c = 0; c < 4; c++)
                if (!TryNumber(fields[c], out values[c]))
                    throw new DataFileException(path, $"line {line}: '{Shorten(fields[c])}' in column {c + 1} is not a finite number");

            var row = new Row(line, values[1], values[2], values[3]);
            if (trials.Count > 0 && trials[^1].Label == values[0])
            {
                var previous = trials[^1].Rows[^1];
                if (row.Time <= previous.Time)
                    throw new DataFileException(path, $"line {line}: time {Format(row.Time)} does not increase (previous row: {Format(previous.Time)})");
                trials[^1].Rows.Add(row);
            }
            else
            {
                if (trials.Any(t => t.Label == values[0]))
                    throw new DataFileException(path, $"line {line}: trial {Format(values[0])} continues after another trial; the rows of a trial must be consecutive");
                trials.Add(new Trial(values[0], [row]));
            }
        }
        if (trials.Count == 0) throw new DataFileException(path, "holds no data rows (expected a header line, then rows: trial t θ ω)");
        return trials;
    }

    /// <summary>The time step, checked to be uniform within each trial and equal across trials.</summary>
    private static double CommonStep(List<Trial> trials, string path, double tolerance)
    {
        double totalTime = 0;
        long totalSteps = 0;
        double? firstStep = null;
        foreach (var trial in trials)
        {
            var rows = trial.Rows;
            if (rows.Count < 2) throw new DataFileException(path, $"line {rows[0].Line}: trial {Format(trial.Label)} has a single row");
            // The median step is the reference: a single dropped frame then shows up where it happens.
            var deltas = new double[rows.Count - 1];
            for (int i = 1; i < rows.Count; i++) deltas[i - 1] = rows[i].Time - rows[i - 1].Time;
            double typical = deltas.Order().ElementAt(deltas.Length / 2);
            for (int i = 0; i < deltas.Length; i++)
                if (Math.Abs(deltas[i] - typical) > tolerance * typical)
                    throw new DataFileException(path,
                        $"line {rows[i + 1].Line}: time step {Format(deltas[i])} differs from the typical (median) step {Format(typical)} by more than {Format(100 * tolerance)}% (the samples must be uniform in time)");
            double step = (rows[^1].Time - rows[0].Time) / (rows.Count - 1);
            if (firstStep is double first && Math.Abs(step - first) > tolerance * first)
                throw new DataFileException(path,
                    $"line {rows[0].Line}: trial {Format(trial.Label)} has time step {Format(step)}, trial {Format(trials[0].Label)} has {Format(first)}");
            firstStep ??= step;
            totalTime += rows[^1].Time - rows[0].Time;
            totalSteps += rows.Count - 1;
        }
        return totalTime / totalSteps;
    }

    private static bool TryNumber(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Shorten(string s) => s.Length > 20 ? s[..20] + "..." : s;

    private static string Format(double x) => x.ToString("G10", CultureInfo.InvariantCulture);
}
