using TorchSharp;
using static TorchSharp.torch;

namespace DGNet;

/// <summary>Where and how tensors are computed: threads, device, floating-point type and random seed.</summary>
/// <param name="Threads">Intra-op threads used by libtorch; at least 1.</param>
/// <param name="Device">"cpu" or "cuda".</param>
/// <param name="DType">Floating-point type of states and parameters. float64 by default, because the discrete
/// gradient divides by differences of nearby values.</param>
/// <param name="Seed">Seed of libtorch's and our own random generators.</param>
public sealed record ComputeSettings(int Threads, string Device, ScalarType DType, long Seed)
{
    /// <summary>All cores, CPU, float64, seed 0.</summary>
    public static ComputeSettings Default => new(Environment.ProcessorCount, "cpu", ScalarType.Float64, 0);

    /// <summary>The TorchSharp device named by <see cref="Device"/>.</summary>
    public torch.Device TorchDevice => Device == "cuda" ? CUDA : CPU;

    /// <summary>
    /// Applies the settings to libtorch: thread count, default dtype and seed. Fails with a
    /// <see cref="ComputeUnavailableException"/> when CUDA is asked for and no CUDA libtorch is loaded.
    /// </summary>
    public void Apply()
    {
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "threads must be at least 1");
        if (Device is not ("cpu" or "cuda"))
            throw new ArgumentException($"unknown device '{Device}' (known: cpu, cuda)", nameof(Device));
        if (DType is not (ScalarType.Float64 or ScalarType.Float32))
            throw new ArgumentException($"unsupported dtype {DType} (known: float64, float32)", nameof(DType));
        if (Device == "cuda" && !cuda.is_available())
            throw new ComputeUnavailableException(
                "--device cuda: no CUDA-enabled libtorch is loaded (this build ships TorchSharp-cpu). " +
                "Reference a TorchSharp-cuda package instead of TorchSharp-cpu and rebuild, or use --device cpu.");
        torch.set_num_threads(Threads);
        torch.set_default_dtype(DType);
        torch.manual_seed(Seed);
    }

    /// <summary>Parses "float64" / "float32" (also "double" / "float").</summary>
    public static ScalarType ParseDType(string name) => name.ToLowerInvariant() switch
    {
        "float64" or "double" or "f64" => ScalarType.Float64,
        "float32" or "float" or "f32" => ScalarType.Float32,
        _ => throw new ArgumentException($"unknown dtype '{name}' (known: float64, float32)"),
    };

    /// <summary>The name used in files and on the command line: "float64" or "float32".</summary>
    public static string DTypeName(ScalarType t) => t switch
    {
        ScalarType.Float64 => "float64",
        ScalarType.Float32 => "float32",
        _ => t.ToString().ToLowerInvariant(),
    };
}

/// <summary>The requested compute device or library is not available on this machine.</summary>
public sealed class ComputeUnavailableException(string message) : Exception(message);
