using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Data;

/// <summary>
/// One NumPy array held in .NET memory: element type, shape and the elements as a flat C-order array
/// (<c>double[]</c>, <c>float[]</c>, <c>long[]</c>, <c>int[]</c>, <c>sbyte[]</c>, <c>byte[]</c>, <c>bool[]</c> or
/// <c>string[]</c>, by <see cref="DType"/>). A 0-d array (a scalar) has an empty shape and one element.
/// </summary>
public sealed class NpyArray
{
    private readonly long[] _shape;

    /// <summary>Wraps <paramref name="data"/> (not copied); the element type follows from the array's type.</summary>
    /// <exception cref="ArgumentException">Unsupported element type, negative dimension, null string, or a shape
    /// whose element count differs from the data length.</exception>
    public NpyArray(Array data, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        // By exact type: the runtime lets a byte[] pass for an sbyte[] (and uint[] for int[]) in type tests.
        Type type = data.GetType();
        DType = type == typeof(double[]) ? NpyDType.Float64
            : type == typeof(float[]) ? NpyDType.Float32
            : type == typeof(long[]) ? NpyDType.Int64
            : type == typeof(int[]) ? NpyDType.Int32
            : type == typeof(sbyte[]) ? NpyDType.Int8
            : type == typeof(byte[]) ? NpyDType.UInt8
            : type == typeof(bool[]) ? NpyDType.Bool
            : type == typeof(string[]) ? NpyDType.Unicode
            : throw new ArgumentException(
                $"unsupported element type {type.Name} (supported: double, float, long, int, sbyte, byte, bool, string arrays)",
                nameof(data));
        if (shape.Length > NpyHeader.MaxRank)
            throw new ArgumentException($"at most {NpyHeader.MaxRank} dimensions are supported, got {shape.Length}", nameof(shape));
        long count = ElementCount(shape)
            ?? throw new ArgumentException($"shape {FormatShape(shape)} is invalid (negative or overflowing)", nameof(shape));
        if (count != data.Length)
            throw new ArgumentException($"shape {FormatShape(shape)} holds {count} elements but the data has {data.Length}", nameof(shape));
        if (data is string[] strings && Array.IndexOf(strings, null) >= 0)
            throw new ArgumentException("string arrays must not contain null", nameof(data));
        Data = data;
        _shape = (long[])shape.Clone();
    }

    /// <summary>The element type.</summary>
    public NpyDType DType { get; }

    /// <summary>A copy of the shape; empty for a 0-d scalar.</summary>
    public long[] Shape => (long[])_shape.Clone();

    /// <summary>The number of dimensions (0 for a scalar).</summary>
    public int Rank => _shape.Length;

    /// <summary>The elements in C order; its runtime type matches <see cref="DType"/>.</summary>
    public Array Data { get; }

    /// <summary>The number of elements.</summary>
    public long Count => Data.Length;

    /// <summary>NumPy's name of the element type: float64, float32, int64, int32, int8, uint8, bool, or &lt;Un for
    /// strings of at most n characters.</summary>
    public string TypeName => DType switch
    {
        NpyDType.Float64 => "float64",
        NpyDType.Float32 => "float32",
        NpyDType.Int64 => "int64",
        NpyDType.Int32 => "int32",
        NpyDType.Int8 => "int8",
        NpyDType.UInt8 => "uint8",
        NpyDType.Bool => "bool",
        _ => $"<U{StringWidth((string[])Data)}",
    };

    /// <summary>A 0-d float64 array.</summary>
    public static NpyArray Scalar(double value) => new(new[] { value });

    /// <summary>A 0-d string array.</summary>
    public static NpyArray Scalar(string value) => new(new[] { value });

    /// <summary>The value of a 0-d float64 or float32 array.</summary>
    /// <exception cref="InvalidOperationException">The array is not a 0-d float array.</exception>
    public double ScalarDouble() => (Rank, DType) switch
    {
        (0, NpyDType.Float64) => ((double[])Data)[0],
        (0, NpyDType.Float32) => ((float[])Data)[0],
        _ => throw new InvalidOperationException($"not a float scalar: {TypeName} of shape {FormatShape(_shape)}"),
    };

    /// <summary>The value of a 0-d string array.</summary>
    /// <exception cref="InvalidOperationException">The array is not a 0-d string array.</exception>
    public string ScalarString() => (Rank, DType) switch
    {
        (0, NpyDType.Unicode) => ((string[])Data)[0],
        _ => throw new InvalidOperationException($"not a string scalar: {TypeName} of shape {FormatShape(_shape)}"),
    };

    /// <summary>The elements converted to double (bool as 0/1), for inspection and range checks.</summary>
    /// <exception cref="InvalidOperationException">The array holds strings.</exception>
    public double[] ToDoubles() => DType switch
    {
        NpyDType.Float64 => (double[])((double[])Data).Clone(),
        NpyDType.Float32 => Array.ConvertAll((float[])Data, x => (double)x),
        NpyDType.Int64 => Array.ConvertAll((long[])Data, x => (double)x),
        NpyDType.Int32 => Array.ConvertAll((int[])Data, x => (double)x),
        NpyDType.Int8 => Array.ConvertAll((sbyte[])Data, x => (double)x),
        NpyDType.UInt8 => Array.ConvertAll((byte[])Data, x => (double)x),
        NpyDType.Bool => Array.ConvertAll((bool[])Data, x => x ? 1.0 : 0.0),
        _ => throw new InvalidOperationException("a string array has no numeric values"),
    };

    /// <summary>A new CPU tensor of the matching dtype and shape holding a copy of the elements.</summary>
    /// <exception cref="InvalidOperationException">The array holds strings, which tensors cannot.</exception>
    public Tensor ToTensor()
    {
        return DType switch
        {
            NpyDType.Float64 => torch.tensor((double[])Data, _shape, ScalarType.Float64),
            NpyDType.Float32 => torch.tensor((float[])Data, _shape, ScalarType.Float32),
            NpyDType.Int64 => torch.tensor((long[])Data, _shape, ScalarType.Int64),
            NpyDType.Int32 => torch.tensor((int[])Data, _shape, ScalarType.Int32),
            NpyDType.Int8 => torch.tensor((sbyte[])Data, _shape, ScalarType.Int8),
            NpyDType.UInt8 => torch.tensor((byte[])Data, _shape, ScalarType.Byte),
            NpyDType.Bool => torch.tensor((bool[])Data, _shape, ScalarType.Bool),
            _ => throw new InvalidOperationException("a string array cannot become a tensor"),
        };
    }

    /// <summary>Copies a tensor (any device, any layout) into a new array of the matching element type.</summary>
    /// <exception cref="ArgumentException">The tensor's dtype has no NumPy counterpart here (e.g. float16,
    /// complex).</exception>
    public static NpyArray FromTensor(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scope = torch.NewDisposeScope();
        var host = tensor.detach().cpu().contiguous();
        long[] shape = host.shape;
        bool empty = host.numel() == 0;   // TorchSharp's accessor cannot copy out an empty tensor
        Array data = host.dtype switch
        {
            ScalarType.Float64 => empty ? Array.Empty<double>() : host.data<double>().ToArray(),
            ScalarType.Float32 => empty ? Array.Empty<float>() : host.data<float>().ToArray(),
            ScalarType.Int64 => empty ? Array.Empty<long>() : host.data<long>().ToArray(),
            ScalarType.Int32 => empty ? Array.Empty<int>() : host.data<int>().ToArray(),
            ScalarType.Int8 => empty ? Array.Empty<sbyte>() : host.data<sbyte>().ToArray(),
            ScalarType.Byte => empty ? Array.Empty<byte>() : host.data<byte>().ToArray(),
            ScalarType.Bool => empty ? Array.Empty<bool>() : host.data<bool>().ToArray(),
            _ => throw new ArgumentException(
                $"tensor dtype {host.dtype} has no .npy counterpart here (supported: float64, float32, int64, int32, int8, uint8, bool)",
                nameof(tensor)),
        };
        return new NpyArray(data, shape);
    }

    /// <summary>"[2, 3]" style, "[]" for a scalar.</summary>
    public static string FormatShape(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

    /// <summary>The product of the dimensions, or null when one is negative or the product overflows a long.</summary>
    internal static long? ElementCount(IReadOnlyList<long> shape)
    {
        if (shape.Any(d => d < 0)) return null;
        if (shape.Contains(0)) return 0;
        long count = 1;
        foreach (long d in shape)
        {
            if (count > long.MaxValue / d) return null;
            count *= d;
        }
        return count;
    }

    /// <summary>The longest string's length in Unicode code points, at least 1 (NumPy has no zero-width strings).</summary>
    internal static int StringWidth(string[] strings)
    {
        int width = 1;
        foreach (string s in strings)
        {
            int runes = 0;
            foreach (Rune _ in s.EnumerateRunes()) runes++;
            width = Math.Max(width, runes);
        }
        return width;
    }
}
