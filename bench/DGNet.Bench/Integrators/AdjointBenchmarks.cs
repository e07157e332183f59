using DGNet.Benchmarks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using DGNet.Discrete;
using DGNet.Integrators;
using DGNet.Structure;
using DGNet.Systems;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Bench.Integrators;

/// <summary>
/// One training-style gradient of an HNN baseline: loss = mean ‖(Φ(u) - u)/dt - target‖² over a batch, Φ the
/// adaptive Dormand-Prince solve (rtol 1e-7, atol 1e-9) of du/dt = G ∇H(u) over the span, differentiated by
/// back-propagation through the solver steps or by the adjoint (continuous, and discrete with checkpoints). Besides
/// time and managed allocations, the native peak column gives the largest growth of the tensor heap during one
/// gradient (sampled before and after every evaluation of the field and before backward), and the steps column the
/// forward / backward steps.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class AdjointBenchmarks
{
    private static readonly Dictionary<string, (double PeakMegabytes, string Steps)> Measured = new();

    private PairModule energy = null!;
    private StructureOperator structure = null!;
    private Tensor states = null!;
    private Tensor targets = null!;
    private Tensor[] parameters = null!;
    private double dt;
    private bool sampling;
    private long baseline, peak;

    [Params("HNN mass-spring, batch 2475", "HNN++ KdV M=50, batch 100")]
    public string Model { get; set; } = "HNN mass-spring, batch 2475";

    /// <summary>The span of the solve in multiples of the data's dt.</summary>
    [Params(1, 32)]
    public int Span { get; set; } = 1;

    [Params("back-propagation", "adjoint continuous", "adjoint discrete")]
    public string Gradient { get; set; } = "back-propagation";

    [GlobalSetup]
    public void Setup()
    {
        ToyProblems.UseOneThread();
        using var generator = new Generator(0);
        bool kdv = Model.Contains("KdV");
        PhysicalSystem system = kdv ? new KdV() : new MassSpring();
        dt = system.DefaultSettings.Dt;
        states = system.SampleInitialStates(kdv ? 100 : 2475, generator, ScalarType.Float64, CPU).DetachFromDisposeScope();
        targets = randn(states.shape, dtype: ScalarType.Float64, generator: generator).DetachFromDisposeScope();
        manual_seed(0); // the same network in every case
        energy = kdv ? EnergyNetworks.Grid1d() : EnergyNetworks.Mlp(2);
        structure = kdv
            ? StructureOperators.Create("d", [50], ((KdV)system).Dx)
            : StructureOperators.Create("canonical", [2]);
        parameters = energy.parameters().Cast<Tensor>().ToArray();

        TrainingGradient();
        sampling = true;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        baseline = NativeHeap.InUseBytes();
        peak = 0;
        var (forward, backward) = TrainingGradient();
        sampling = false;
        Measured[Key(Model, Span, Gradient)] = (peak / 1e6, $"{forward} / {backward}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        energy.Dispose();
        structure.Dispose();
        states.Dispose();
        targets.Dispose();
    }

    /// <summary>Loss and its gradient for all parameters; returns the forward and backward solver steps.</summary>
    [Benchmark]
    public (long Forward, long Backward) TrainingGradient()
    {
        using var scope = NewDisposeScope();
        foreach (var p in parameters) p.grad?.zero_();
        double span = Span * dt;
        var backPropagation = Gradient == "back-propagation";
        var stats = new SolverStats();
        var adjoint = backPropagation ? null : new AdjointIntegrator(new AdjointOptions("dopri5",
            Gradient.EndsWith("continuous") ? AdjointMethod.Continuous : AdjointMethod.Discrete));
        var next = adjoint is null
            ? new Dopri5().Integrate(Field, states, 0, span, stats)
            : adjoint.Integrate(Field, parameters, states, 0, span);
        var loss = ((next - states) / span - targets).square().mean();
        Sample();
        loss.backward();
        adjoint?.ThrowIfBackwardFailed();
        return adjoint is null ? (stats.Steps, 0) : (adjoint.ForwardStats.Steps, adjoint.BackwardStats.Steps);
    }

    /// <summary>du/dt = G ∇H(u), ∇H by the engine's explicit reverse pass (differentiable, no autograd needed).</summary>
    private Tensor Field(Tensor u)
    {
        Sample();
        var du = structure.Apply(DiscreteGradient.Continuous(energy, u).Gradient);
        Sample();
        return du;
    }

    private void Sample()
    {
        if (sampling) peak = Math.Max(peak, NativeHeap.InUseBytes() - baseline);
    }

    private static string Key(object model, object span, object gradient) => $"{model}|{span}|{gradient}";

    /// <summary>The columns with the measurements taken in <see cref="Setup"/>.</summary>
    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(new MeasuredColumn("Native peak MB", m => m.PeakMegabytes.ToString("F1")));
            AddColumn(new MeasuredColumn("Steps fwd / bwd", m => m.Steps));
        }
    }

    private sealed class MeasuredColumn(string name, Func<(double PeakMegabytes, string Steps), string> format) : IColumn
    {
        public string Id => nameof(MeasuredColumn) + name;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => name == "Native peak MB"
            ? "Largest growth of glibc's in-use heap (the tensors) during one gradient"
            : "Accepted Dormand-Prince steps of the forward and of the backward solve";
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var p = benchmarkCase.Parameters;
            return Measured.TryGetValue(Key(p[nameof(Model)], p[nameof(Span)], p[nameof(Gradient)]), out var m) ? format(m) : "?";
        }
    }
}
