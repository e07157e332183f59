using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DGNet.Benchmarks;

/// <summary>
/// Measures a <see cref="MemoryCase"/> in a fresh process, so that its peak memory owes nothing to what earlier
/// cases left in the heap: starts <paramref name="executable"/> with <paramref name="leadingArguments"/> followed by
/// the arguments of <see cref="Arguments"/> (the hidden <c>dgnet bench-memory-case</c> command, which runs
/// <see cref="MemoryComparison.MeasureInProcess"/> and prints the row as one JSON line), watches the child's resident
/// memory every few milliseconds and kills it when it passes <paramref name="capBytes"/>: back-propagation through an
/// adaptive solver on a large field can need more memory than the machine has.
/// </summary>
public sealed class ChildProcessMeasurement(string executable, IReadOnlyList<string> leadingArguments, long capBytes)
{
    /// <summary>The JSON form of a row, shared by the child that writes it and the parent that reads it.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// Children of the running program (the dgnet command, which has the bench-memory-case command): its own
    /// executable, or the host with the entry assembly when it was started as <c>dotnet DGNet.Cli.dll</c>; each child
    /// gets <paramref name="globalArguments"/> (e.g. <c>--threads 2</c>) before the case.
    /// </summary>
    /// <exception cref="InvalidOperationException">The running program cannot be determined.</exception>
    public static ChildProcessMeasurement ForThisProgram(IEnumerable<string> globalArguments, long capBytes)
    {
        ArgumentNullException.ThrowIfNull(globalArguments);
        string executable = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program is running");
        var leading = new List<string>();
        if (Path.GetFileNameWithoutExtension(executable) == "dotnet")
            leading.Add(System.Reflection.Assembly.GetEntryAssembly()?.Location
                        ?? throw new InvalidOperationException("cannot tell which assembly the host is running"));
        leading.AddRange(globalArguments);
        return new ChildProcessMeasurement(executable, leading, capBytes);
    }

    /// <summary>The memory cap, in bytes.</summary>
    public long CapBytes => capBytes;

    /// <summary>A cap for this machine: 60 % of the memory available now (MemAvailable), at most
    /// <paramref name="most"/> bytes; <paramref name="most"/> where /proc/meminfo cannot be read.</summary>
    public static long DefaultCap(long most = 8L << 30)
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
            long? available = line is null ? null : MemoryProbe.ParseStatusField(line, "MemAvailable");
            return available is long a ? Math.Min(most, (long)(0.6 * a)) : most;
        }
        catch (IOException)
        {
            return most;
        }
    }

    /// <summary>The child command's arguments for <paramref name="c"/>.</summary>
    public static IReadOnlyList<string> Arguments(MemoryCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var i = CultureInfo.InvariantCulture;
        return
        [
            "bench-memory-case", "--grid", c.Grid.ToString(i), "--method", MemoryCase.MethodName(c.Method),
            "--batch", c.Batch.ToString(i), "--horizon", c.Horizon.ToString(i),
        ];
    }

    /// <summary>Runs the case in a child and returns its row, or a failed row (memory cap, child error).</summary>
    public MemoryComparisonRow Measure(MemoryCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in leadingArguments.Concat(Arguments(c))) start.ArgumentList.Add(argument);
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        long largest = 0;
        bool capped = false;
        while (!child.WaitForExit(10))
        {
            long rss = ResidentBytes(child.Id);
            largest = Math.Max(largest, rss);
            if (rss > capBytes)
            {
                capped = true;
                child.Kill(entireProcessTree: true);
                child.WaitForExit();
                break;
            }
        }
        child.WaitForExit();
        double capMb = capBytes / (1024.0 * 1024.0);
        if (capped)
            return MemoryComparisonRow.Failed(c, string.Create(CultureInfo.InvariantCulture, $"stopped: passed the memory cap of {capMb:F0} MB"), capMb);
        string error = errors.Result.Trim();
        if (child.ExitCode != 0)
            return MemoryComparisonRow.Failed(c, $"child exited with code {child.ExitCode}: {error.Split('\n').LastOrDefault()}");
        string? line = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        try
        {
            return JsonSerializer.Deserialize<MemoryComparisonRow>(line ?? "", JsonOptions)
                   ?? MemoryComparisonRow.Failed(c, "the child printed no result");
        }
        catch (JsonException)
        {
            return MemoryComparisonRow.Failed(c, "the child printed no readable result");
        }
    }

    private static long ResidentBytes(int pid)
    {
        try
        {
            return MemoryProbe.ParseStatusField(File.ReadAllText($"/proc/{pid}/status"), "VmRSS") ?? 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
