using System.Diagnostics;
using System.Globalization;
using System.Text;
using DGNet.Data;
using DGNet.Integrators;
using DGNet.Systems;
using DGNet.Training;
using static TorchSharp.torch;

namespace DGNet.Benchmarks;

/// <summary>
/// Peak memory and time of one training step on 2-D Cahn-Hilliard for DGNet (Eq. (6)) against HNN++ through adaptive
/// Dormand-Prince, by back-propagation and by the adjoint method (the slides' claim: training through an integrator
/// did not fit in memory where DGNet trained). <see cref="Run"/> measures a list of cases and <see cref="ToMarkdown"/>
/// renders the table.
/// <para>
/// How one case is measured (<see cref="MeasureInProcess"/>): build the data (a ground-truth step of
/// <see cref="MemoryCase.Batch"/> + 1 random initial fields), a fresh model and its trainer; take one training step
/// (which allocates the gradients and Adam's moments and warms up every code path); count the forward pass's solver
/// steps without gradients; then hand the heap's free memory back to the kernel, restart the kernel's high-water mark
/// of resident memory (writing 5 to /proc/self/clear_refs), read the resident size (the baseline) and take the
/// measured step; the peak is VmHWM afterwards. <c>dgnet bench</c> runs every case in a fresh child process
/// (<see cref="ChildProcessMeasurement"/>), so that no case inherits another's heap, and stops a child that passes a
/// memory cap.
/// </para>
/// </summary>
public static class MemoryComparison
{
    /// <summary>The field sizes compared by default.</summary>
    public static IReadOnlyList<int> DefaultGrids { get; } = [32, 64, 128];

    /// <summary>Horizons (in data steps) of the extra cases that show memory growing with the solver's steps.</summary>
    public static IReadOnlyList<int> LongHorizons { get; } = [64, 256];

    /// <summary>The time step of the comparison's data (the 2-D Cahn-Hilliard default).</summary>
    public const double DataDt = 1e-4;

    /// <summary>
    /// Every method at every size of <paramref name="grids"/>, then, at the smallest size, the two HNN++ methods over the
    /// longer horizons of <see cref="LongHorizons"/> data steps (more solver steps over one pair).
    /// </summary>
    public static IReadOnlyList<MemoryCase> Cases(IEnumerable<int> grids, int batch = MemoryCase.DefaultBatch)
    {
        ArgumentNullException.ThrowIfNull(grids);
        var sizes = grids.Distinct().Order().ToList();
        var cases = sizes.SelectMany(g => Enum.GetValues<MemoryMethod>().Select(m => new MemoryCase(g, m, batch))).ToList();
        if (sizes.Count > 0)
        {
            foreach (int horizon in LongHorizons)
            {
                cases.Add(new MemoryCase(sizes[0], MemoryMethod.HnnDopri5Backprop, batch, horizon));
                cases.Add(new MemoryCase(sizes[0], MemoryMethod.HnnDopri5Adjoint, batch, horizon));
            }
        }
        return cases;
    }

    /// <summary>Measures each case with <paramref name="measure"/> (in-process or in a child process), in order.</summary>
    public static IReadOnlyList<MemoryComparisonRow> Run(IEnumerable<MemoryCase> cases, Func<MemoryCase, MemoryComparisonRow> measure,
        IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(measure);
        var rows = new List<MemoryComparisonRow>();
        foreach (var c in cases)
        {
            progress?.Report(c.Name);
            rows.Add(measure(c));
        }
        return rows;
    }

    /// <summary>Measures <paramref name="c"/> in this process (see the class summary for the procedure).</summary>
    /// <exception cref="ArgumentException">The case has an impossible size.</exception>
    public static MemoryComparisonRow MeasureInProcess(MemoryCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        c.Validate();
        using var data = Data(c);
        using var pairs = BenchData.TrainPairs(data, ScalarType.Float64);
        using var model = BenchData.Model(data, c.Method == MemoryMethod.DGNet ? "dgnet" : "hnn", ScalarType.Float64);
        var options = new TrainingOptions
        {
            Solver = c.Method == MemoryMethod.DGNet ? "eq6" : "dopri5",
            BatchSize = c.Batch,
            Adjoint = c.Method == MemoryMethod.HnnDopri5Adjoint,
        };
        using var trainer = new Trainer(model, pairs, options);
        using (NewDisposeScope()) trainer.Step();

        var stats = new SolverStats();
        using (NewDisposeScope())
        using (no_grad())
            model.EstimateDerivative(pairs.U0, pairs.U1, SolverRegistry.Create(options.Solver, options.Dopri5), stats);

        MemoryProbe.ResetPeak();
        double baseline = Megabytes(MemoryProbe.CurrentBytes());
        var clock = Stopwatch.StartNew();
        using (NewDisposeScope()) trainer.Step();
        double ms = clock.Elapsed.TotalMilliseconds;
        double peak = Megabytes(MemoryProbe.PeakBytes());
        return new MemoryComparisonRow(c, ms, baseline, peak, stats.Steps, stats.RejectedSteps, stats.FunctionEvaluations);
    }

    /// <summary>
    /// The pairs of a case: <see cref="MemoryCase.Batch"/> + 1 fields drawn as the 2-D Cahn-Hilliard initial states
    /// (seed 0), each paired with its ground-truth state <see cref="MemoryCase.Horizon"/> steps of <see cref="DataDt"/>
    /// later (the dataset's dt is the whole horizon); one trajectory is the (unused) test set.
    /// </summary>
    public static Dataset Data(MemoryCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var system = new CahnHilliard(2, c.Grid);
        int trajectories = c.Batch + 1;
        var run = DatasetGenerator.Generate(system, system.DefaultSettings with
        {
            Trajectories = trajectories, Steps = c.Horizon, Dt = DataDt, TestFraction = 1.0 / trajectories, Seed = 0,
        });
        if (c.Horizon == 1) return run;
        using (run)
        using (NewDisposeScope())
        {
            var ends = run.U.index_select(1, tensor(new long[] { 0, c.Horizon }));
            return Dataset.Create(ends.clone(), c.Horizon * DataDt, dx: run.Dx, split: run.Split, system: run.System, parameters: run.Params);
        }
    }

    /// <summary>
    /// The rows as a Markdown table (one per case, in order) with a line saying how they were measured; "× DGNet"
    /// relates a step's own memory to DGNet's at the same size and horizon.
    /// </summary>
    public static string ToMarkdown(IReadOnlyList<MemoryComparisonRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("| grid | method | batch | horizon | solver steps (rejected) | field evals | step ms | peak MB | step MB | × DGNet | notes |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            var k = row.Case;
            double? dgnet = rows.FirstOrDefault(r => r.Case.Method == MemoryMethod.DGNet && r.Case.Grid == k.Grid && r.Case.Batch == k.Batch)?.StepMb;
            string ratio = row.StepMb is double s && dgnet is double d && d > 0 && k.Method != MemoryMethod.DGNet ? (s / d).ToString("F1", c) : "";
            string steps = k.Method == MemoryMethod.DGNet ? "none" : row.SolverSteps is long n ? $"{n} ({row.RejectedSteps ?? 0})" : "";
            string horizon = string.Create(c, $"{k.Horizon} dt");
            if (row.Failure is not null)
            {
                text.AppendLine(string.Create(c,
                    $"| {k.Grid}×{k.Grid} | {Label(k.Method)} | {k.Batch} | {horizon} | | | | {Optional(row.PeakMb, "F0", "> ")} | | | {row.Failure} |"));
                continue;
            }
            text.AppendLine(string.Create(c,
                $"| {k.Grid}×{k.Grid} | {Label(k.Method)} | {k.Batch} | {horizon} | {steps} | {row.FieldEvaluations} | {Optional(row.StepMs, "F0")} | " +
                $"{Optional(row.PeakMb, "F0")} | {Optional(row.StepMb, "F0")} | {ratio} | |"));
        }
        text.AppendLine();
        text.AppendLine("One training step (float64, widths 200) on 2-D Cahn-Hilliard pairs, dt = 1e-4 per horizon step; Dormand-Prince at " +
                        "rtol 1e-7, atol 1e-9. Peak MB: the process's peak resident memory (VmHWM) during the step, measured in a fresh " +
                        "process after one earlier step; step MB: that peak minus the resident memory just before the step.");
        return text.ToString();
    }

    private static string Label(MemoryMethod method) => method switch
    {
        MemoryMethod.DGNet => "DGNet, Eq. (6)",
        MemoryMethod.HnnDopri5Backprop => "HNN++, DP, back-propagation",
        _ => "HNN++, DP, adjoint",
    };

    private static string Optional(double? value, string format, string prefix = "") =>
        value is double v && double.IsFinite(v) ? prefix + v.ToString(format, CultureInfo.InvariantCulture) : "";

    private static double Megabytes(long bytes) => bytes / (1024.0 * 1024.0);
}
