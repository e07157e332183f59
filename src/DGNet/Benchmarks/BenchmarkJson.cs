using System.Text;
using System.Text.Json;

namespace DGNet.Benchmarks;

/// <summary>
/// The JSON report of a bench: an array with one object per workload, in the order measured. Every object has
/// <c>name</c>, <c>median_ms</c> (per unit), <c>unit</c>, <c>gflops</c> (null where no FLOP estimate applies) and
/// <c>peak_mb</c>, then <c>min_ms</c>, <c>max_ms</c>, <c>repetitions</c>, <c>gflop_per_unit</c>, <c>threads</c>,
/// <c>load</c> (1-minute load average at the start), <c>note</c> (how a quick run shortened the work, or null),
/// <c>setup_s</c> (untimed setup) and the
/// workload's own metrics (e.g. <c>newton_iterations</c>). The machine's matrix-product rate is the <c>gflops</c> of
/// the object named <c>matmul-peak</c>.
/// </summary>
public static class BenchmarkJson
{
    /// <summary>The report as indented JSON text.</summary>
    public static string Serialize(IEnumerable<BenchmarkResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var r in results)
            {
                json.WriteStartObject();
                json.WriteString("name", r.Name);
                WriteNumberOrNull(json, "median_ms", r.MedianMs);
                json.WriteString("unit", r.Unit);
                WriteNumberOrNull(json, "gflops", r.Gflops);
                WriteNumberOrNull(json, "peak_mb", r.PeakMb);
                WriteNumberOrNull(json, "min_ms", r.MinMs);
                WriteNumberOrNull(json, "max_ms", r.MaxMs);
                json.WriteNumber("repetitions", r.Repetitions);
                WriteNumberOrNull(json, "gflop_per_unit", r.FlopPerUnit / 1e9);
                json.WriteNumber("threads", r.Threads);
                WriteNumberOrNull(json, "load", r.Load);
                if (r.Note is null) json.WriteNull("note");
                else json.WriteString("note", r.Note);
                json.WriteNumber("setup_s", r.SetupSeconds);
                foreach (var (key, value) in r.Metrics) WriteNumberOrNull(json, key, value);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    /// <summary>Writes the report to <paramref name="path"/> (replacing the file).</summary>
    public static void Write(string path, IEnumerable<BenchmarkResult> results) =>
        File.WriteAllText(path, Serialize(results));

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double v && double.IsFinite(v)) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }
}
