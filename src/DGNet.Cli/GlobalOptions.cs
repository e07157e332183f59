using System.CommandLine;

namespace DGNet.Cli;

/// <summary>Options accepted by every command: compute settings and error verbosity.</summary>
public sealed class GlobalOptions
{
    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "Threads used by libtorch; the default is one per core of this machine.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
        Recursive = true,
    };

    public Option<string> Device { get; } = new("--device")
    {
        Description = "Compute device: cpu or cuda (cuda needs a CUDA-enabled libtorch).",
        DefaultValueFactory = _ => "cpu",
        Recursive = true,
    };

    public Option<string> DType { get; } = new("--dtype")
    {
        Description = "Floating-point type: float64 or float32.",
        DefaultValueFactory = _ => "float64",
        Recursive = true,
    };

    public Option<long> Seed { get; } = new("--seed")
    {
        Description = "Random seed: a training's initial weights and batches, a simulation's initial states and noise.",
        DefaultValueFactory = _ => 0L,
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "On error, print the full exception with its stack trace.",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Threads, Device, DType, Seed, Verbose];

    /// <summary>Validates the compute options and applies them to libtorch.</summary>
    /// <exception cref="UsageException">An option is out of range or unknown.</exception>
    public ComputeSettings Apply(ParseResult parse)
    {
        int threads = parse.GetValue(Threads);
        if (threads < 1) throw new UsageException($"--threads: must be at least 1 (got {threads})");
        string device = parse.GetValue(Device) ?? "cpu";
        if (device is not ("cpu" or "cuda")) throw new UsageException($"--device: unknown device '{device}' (known: cpu, cuda)");
        string dtypeName = parse.GetValue(DType) ?? "float64";
        TorchSharp.torch.ScalarType dtype;
        try { dtype = ComputeSettings.ParseDType(dtypeName); }
        catch (ArgumentException) { throw new UsageException($"--dtype: unknown type '{dtypeName}' (known: float64, float32)"); }
        var settings = new ComputeSettings(threads, device, dtype, parse.GetValue(Seed));
        settings.Apply();
        return settings;
    }
}
