using System.Diagnostics;
using System.Globalization;
using static TorchSharp.torch;

namespace DGNet.Benchmarks;

/// <summary>
/// Times workloads: sets the workload's thread count (restoring the caller's afterwards), sets it up, resets the
/// memory high-water mark (<see cref="MemoryProbe"/>), runs the warm-ups, then repeats the measured run until the
/// repetitions or the time budget are used up, and reports the median time per unit, the achieved GFLOP/s, the
/// peak resident memory and the minor page faults per unit of the measured runs (metric "page_faults").
/// </summary>
public static class BenchmarkHarness
{
    /// <summary>Most measured runs in a quick bench.</summary>
    public const int QuickRepetitions = 3;

    /// <summary>Time budget of each workload's measured runs in a quick bench.</summary>
    public static readonly TimeSpan QuickBudget = TimeSpan.FromSeconds(2);

    /// <summary>Least measured runs at full scale (unless the workload asks for fewer).</summary>
    public const int MinimumRepetitions = 3;

    /// <summary>Measures <paramref name="workload"/> at <paramref name="scale"/>.</summary>
    /// <param name="workload">The workload.</param>
    /// <param name="scale">Full or quick.</param>
    /// <param name="progress">Receives a short line before setup, warm-up and each measured run.</param>
    public static BenchmarkResult Measure(Workload workload, BenchmarkScale scale, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(workload);
        int callerThreads = get_num_threads();
        int threads = workload.Threads ?? callerThreads;
        set_num_threads(threads);
        try
        {
            progress?.Report($"{workload.Name}: setting up");
            var setup = Stopwatch.StartNew();
            using var run = workload.Prepare(scale);
            double setupSeconds = setup.Elapsed.TotalSeconds;
            MemoryProbe.ResetPeak();
            double? load = LoadAverage();
            bool quick = scale == BenchmarkScale.Quick;
            int warmUps = quick ? Math.Min(workload.WarmUps, workload.QuickWarmUps) : workload.WarmUps;
            for (int i = 0; i < warmUps; i++)
            {
                progress?.Report($"{workload.Name}: warm-up {i + 1}/{warmUps}");
                run.Run();
            }

            int most = quick ? Math.Min(workload.Repetitions, QuickRepetitions) : workload.Repetitions;
            int least = Math.Min(most, quick ? 1 : MinimumRepetitions);
            var budget = quick ? (QuickBudget < workload.Budget ? QuickBudget : workload.Budget) : workload.Budget;
            var perUnit = new List<double>();
            var rates = new List<double>();
            double? flopPerUnit = null;
            var spent = TimeSpan.Zero;
            double units = 0;
            long? faultsBefore = MemoryProbe.MinorPageFaults();
            while (perUnit.Count < most && (perUnit.Count < least || spent < budget))
            {
                progress?.Report($"{workload.Name}: run {perUnit.Count + 1}");
                var clock = Stopwatch.StartNew();
                var done = run.Run();
                var elapsed = clock.Elapsed;
                spent += elapsed;
                if (!(done.Units > 0)) throw new InvalidOperationException($"{workload.Name}: a run must report a positive amount of work");
                perUnit.Add(elapsed.TotalMilliseconds / done.Units);
                units += done.Units;
                if (done.Flop is double flop)
                {
                    rates.Add(flop / elapsed.TotalSeconds / 1e9);
                    flopPerUnit = flop / done.Units;
                }
            }
            long? faultsAfter = MemoryProbe.MinorPageFaults();
            double peakMb = MemoryProbe.PeakBytes() / (1024.0 * 1024.0);
            var metrics = new Dictionary<string, double>(run.Metrics);
            if (faultsBefore is long before && faultsAfter is long after) metrics["page_faults"] = (after - before) / units;
            return new BenchmarkResult(workload.Name, workload.Unit, Statistics.Median(perUnit), perUnit.Min(), perUnit.Max(),
                perUnit.Count, flopPerUnit, rates.Count > 0 ? Statistics.Median(rates) : null, peakMb, threads, load,
                warmUps == 0 && workload.WarmUps > 0 ? Join(run.Note, "no warm-up") : run.Note, setupSeconds, metrics);
        }
        finally
        {
            set_num_threads(callerThreads);
        }
    }

    private static string Join(string? note, string addition) => note is null ? addition : $"{note}; {addition}";

    /// <summary>The 1-minute load average from /proc/loadavg, or null where there is none.</summary>
    public static double? LoadAverage()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
