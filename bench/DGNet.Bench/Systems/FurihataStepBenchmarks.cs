using BenchmarkDotNet.Attributes;
using DGNet.Integrators;
using DGNet.Systems;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Bench.Systems;

/// <summary>
/// One step of Furihata's scheme for the default KdV batch (100 trajectories, M = 50, dt = 1e-3) from the
/// linearly extrapolated guess, with the dense analytic Jacobian, on one libtorch thread as in the generator.
/// </summary>
[MemoryDiagnoser]
public class FurihataStepBenchmarks
{
    private DiscreteVariationalScheme _scheme = null!;
    private Tensor _previous = null!;
    private Tensor _current = null!;
    private int _threads;

    [GlobalSetup]
    public void Setup()
    {
        _threads = get_num_threads();
        set_num_threads(1);
        var system = new KdV();
        using var generator = new Generator(0);
        _previous = system.SampleInitialStates(100, generator, ScalarType.Float64, CPU);
        _scheme = system.CreateScheme(1e-3, ScalarType.Float64, CPU);
        _current = _scheme.Step(_previous, _previous);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scheme.Dispose();
        _previous.Dispose();
        _current.Dispose();
        set_num_threads(_threads);
    }

    [Benchmark]
    public long KdVStep()
    {
        using var scope = NewDisposeScope();
        var stats = new SolverStats();
        _scheme.Step(_current, 2 * _current - _previous, stats);
        return stats.NewtonIterations;
    }
}
