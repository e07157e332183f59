using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Data;

/// <summary>
/// Trajectories of a physical system, in the .npz layout shared with Python users:
/// <list type="bullet">
/// <item><c>u</c> float64 [trajectories, time points, *state] (required): an ODE state (q..., p...) of shape [n];
/// or, when <c>dx</c> is present, a field on a periodic grid of shape [M] (1-D) or [My, Mx] (2-D).</item>
/// <item><c>dt</c> float64 scalar (required): the time between consecutive points.</item>
/// <item><c>dudt</c> (shape of u), <c>energy</c> [trajectories, time points], <c>dx</c> scalar, <c>split</c> int8
/// [trajectories] (0 train, 1 test), <c>system</c> and <c>params</c> (JSON) strings (optional).</item>
/// </list>
/// Float arrays stored as float32 are accepted and converted to float64; <c>split</c> may use any integer type.
/// Without <c>split</c>, the last ceil(20%) of the trajectories are test (at least one train and one test).
/// The dataset owns its tensors (float64, CPU): dispose it, and do not dispose the tensors it returns.
/// </summary>
public sealed class Dataset : IDisposable
{
    /// <summary>The share of trajectories that the default split puts into the test set.</summary>
    public const double DefaultTestFraction = 0.2;

    private readonly sbyte[] _split;
    private readonly long[] _stateShape;
    private string? _contentHash;

    private Dataset(Tensor u, double dt, Tensor? dudt, Tensor? energy, double? dx, sbyte[] split, bool isDefaultSplit,
                    string? system, string? parameters, string? sourcePath, string? contentHash)
    {
        U = u;
        Dt = dt;
        DuDt = dudt;
        Energy = energy;
        Dx = dx;
        _split = split;
        IsDefaultSplit = isDefaultSplit;
        System = system;
        Params = parameters;
        SourcePath = sourcePath;
        _contentHash = contentHash;
        _stateShape = u.shape[2..];
    }

    /// <summary>States, float64 [trajectories, time points, *state].</summary>
    public Tensor U { get; }

    /// <summary>Time between consecutive points.</summary>
    public double Dt { get; }

    /// <summary>True time derivatives where known, shaped like <see cref="U"/>.</summary>
    public Tensor? DuDt { get; }

    /// <summary>True energy along each trajectory, float64 [trajectories, time points].</summary>
    public Tensor? Energy { get; }

    /// <summary>Grid spacing; present exactly when the state is a field on a periodic grid.</summary>
    public double? Dx { get; }

    /// <summary>Name of the generating system, e.g. "kdv" or "real-pendulum".</summary>
    public string? System { get; }

    /// <summary>Generating parameters as a JSON text.</summary>
    public string? Params { get; }

    /// <summary>Whether the generating parameters record Gaussian noise on the stored states (a "noise" above 0).</summary>
    public bool HasNoisyStates
    {
        get
        {
            if (Params is null) return false;
            try
            {
                using var json = JsonDocument.Parse(Params);
                return json.RootElement.ValueKind == JsonValueKind.Object
                       && json.RootElement.TryGetProperty("noise", out var noise)
                       && noise.ValueKind == JsonValueKind.Number && noise.GetDouble() > 0;
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }

    /// <summary>Per trajectory: 0 train, 1 test (a copy).</summary>
    public sbyte[] Split => (sbyte[])_split.Clone();

    /// <summary>True when the split came from the default rule rather than from a <c>split</c> array.</summary>
    public bool IsDefaultSplit { get; }

    /// <summary>The file the dataset was loaded from; null for datasets made in memory.</summary>
    public string? SourcePath { get; }

    /// <summary>Shape of one state: [n] for ODEs, [M] or [My, Mx] for fields (a copy).</summary>
    public long[] StateShape => (long[])_stateShape.Clone();

    public int Trajectories => (int)U.shape[0];

    public int TimePoints => (int)U.shape[1];

    /// <summary>The state is a field on a periodic grid (a PDE), not an ODE state.</summary>
    public bool IsField => Dx.HasValue;

    public int[] TrainTrajectories => IndicesWhere(0);

    public int[] TestTrajectories => IndicesWhere(1);

    /// <summary>
    /// SHA-256 (lower-case hex) of the file the dataset was loaded from; for a dataset made in memory, of the file
    /// <see cref="Save"/> would write (computed on first use).
    /// </summary>
    public string ContentHash => _contentHash ??= HashOf(ToArrays());

    /// <summary>Makes a dataset from tensors (copied to float64 on the CPU when needed; same-typed CPU tensors are
    /// shared, not copied), with the same checks as <see cref="Load"/>.</summary>
    /// <exception cref="ArgumentException">An array breaks the format; the message names it.</exception>
    public static Dataset Create(Tensor u, double dt, Tensor? dudt = null, Tensor? energy = null, double? dx = null,
                                 sbyte[]? split = null, string? system = null, string? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(u);
        return Build(u, dt, dudt, energy, dx, split, system, parameters,
            (array, problem) => new ArgumentException($"{array}: {problem}"), sourcePath: null, contentHash: null);
    }

    /// <summary>Loads and checks a dataset file.</summary>
    /// <param name="path">The .npz file.</param>
    /// <param name="requireTrainAndTest">Fail when the split leaves the train or the test set empty, as training
    /// needs both. Pass false to inspect such a file; a single trajectory then counts as test.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFileException">The file is unreadable or breaks the format; the message names the file
    /// and the array.</exception>
    public static Dataset Load(string path, bool requireTrainAndTest = true)
    {
        using var stream = DataFiles.OpenRead(path);
        return Read(stream, path, requireTrainAndTest);
    }

    /// <summary>Reads a dataset from a seekable stream holding an .npz archive; <paramref name="path"/> names it in
    /// errors and becomes <see cref="SourcePath"/>.</summary>
    internal static Dataset Read(Stream stream, string path, bool requireTrainAndTest)
    {
        string hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        stream.Position = 0;
        return FromArrays(Npz.Read(stream, path), path, hash, requireTrainAndTest);
    }

    /// <summary>Writes the dataset as an .npz file (stored, not compressed: float data hardly compresses),
    /// atomically. The split is written only when it did not come from the default rule.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    public void Save(string path, bool overwrite = false) => Npz.Write(path, ToArrays(), compress: false, overwrite);

    /// <summary>The dataset's arrays by their names in the file.</summary>
    public IReadOnlyDictionary<string, NpyArray> ToArrays()
    {
        var arrays = new OrderedDictionary<string, NpyArray>
        {
            ["u"] = NpyArray.FromTensor(U),
            ["dt"] = NpyArray.Scalar(Dt),
        };
        if (DuDt is not null) arrays["dudt"] = NpyArray.FromTensor(DuDt);
        if (Energy is not null) arrays["energy"] = NpyArray.FromTensor(Energy);
        if (Dx is double dx) arrays["dx"] = NpyArray.Scalar(dx);
        if (!IsDefaultSplit) arrays["split"] = new NpyArray(Split, _split.Length);
        if (System is not null) arrays["system"] = NpyArray.Scalar(System);
        if (Params is not null) arrays["params"] = NpyArray.Scalar(Params);
        return arrays;
    }

    /// <summary>The chosen trajectories, in the given order, with their split values.</summary>
    /// <exception cref="ArgumentException">The list is empty or an index is out of range.</exception>
    public Dataset Select(int[] trajectories)
    {
        ArgumentNullException.ThrowIfNull(trajectories);
        if (trajectories.Length == 0) throw new ArgumentException("select at least one trajectory", nameof(trajectories));
        foreach (int t in trajectories)
            if (t < 0 || t >= Trajectories)
                throw new ArgumentException($"trajectory {t} is out of range (0 to {Trajectories - 1})", nameof(trajectories));

        using var scope = torch.NewDisposeScope();
        var index = torch.tensor(Array.ConvertAll(trajectories, t => (long)t));
        Tensor? Pick(Tensor? x) => x?.index_select(0, index).DetachFromDisposeScope();
        return new Dataset(Pick(U)!, Dt, Pick(DuDt), Pick(Energy), Dx, Array.ConvertAll(trajectories, t => _split[t]),
            isDefaultSplit: false, System, Params, sourcePath: null, contentHash: null);
    }

    public void Dispose()
    {
        U.Dispose();
        DuDt?.Dispose();
        Energy?.Dispose();
    }

    /// <summary>Test count of the default split: ceil(20%), at least one, leaving at least one train trajectory
    /// when there are two or more.</summary>
    internal static sbyte[] DefaultSplit(int trajectories)
    {
        int test = (int)Math.Ceiling(DefaultTestFraction * trajectories - 1e-9);
        test = Math.Max(1, trajectories >= 2 ? Math.Min(test, trajectories - 1) : test);
        var split = new sbyte[trajectories];
        for (int i = trajectories - test; i < trajectories; i++) split[i] = 1;
        return split;
    }

    private static Dataset FromArrays(IReadOnlyDictionary<string, NpyArray> arrays, string path, string hash, bool requireTrainAndTest)
    {
        Exception Fail(string array, string problem) => new DataFileException(path, $"array '{array}': {problem}");

        NpyArray Required(string name) => arrays.TryGetValue(name, out var a) ? a
            : throw new DataFileException(path, $"missing the required array '{name}' (a dataset needs 'u' and 'dt')");
        NpyArray? Optional(string name) => arrays.GetValueOrDefault(name);

        NpyArray Float(NpyArray a, string name) => a.DType is NpyDType.Float64 or NpyDType.Float32 ? a
            : throw Fail(name, $"must be float64, found {a.TypeName}");
        double FloatScalar(NpyArray a, string name) => Float(a, name).Rank == 0 ? a.ScalarDouble()
            : throw Fail(name, $"must be a scalar (shape []), found shape {NpyArray.FormatShape(a.Shape)}");
        string? StringScalar(string name)
        {
            if (Optional(name) is not { } a) return null;
            if (a.DType != NpyDType.Unicode || a.Rank != 0)
                throw Fail(name, $"must be a string scalar, found {a.TypeName} of shape {NpyArray.FormatShape(a.Shape)}");
            return a.ScalarString();
        }

        var u = Float(Required("u"), "u");
        double dt = FloatScalar(Required("dt"), "dt");
        double? dx = Optional("dx") is { } dxArray ? FloatScalar(dxArray, "dx") : null;
        var dudt = Optional("dudt") is { } d ? Float(d, "dudt") : null;
        var energy = Optional("energy") is { } e ? Float(e, "energy") : null;
        string? system = StringScalar("system");
        string? parameters = StringScalar("params");

        sbyte[]? split = null;
        if (Optional("split") is { } s)
        {
            if (s.DType is not (NpyDType.Int8 or NpyDType.Int32 or NpyDType.Int64 or NpyDType.UInt8))
                throw Fail("split", $"must be int8 (0 train, 1 test), found {s.TypeName}");
            if (s.Rank != 1)
                throw Fail("split", $"must have shape [trajectories], found {NpyArray.FormatShape(s.Shape)}");
            double[] values = s.ToDoubles();
            int bad = Array.FindIndex(values, v => v is not (0 or 1));
            if (bad >= 0) throw Fail("split", $"value {values[bad]} at trajectory {bad}; only 0 (train) and 1 (test) are allowed");
            split = Array.ConvertAll(values, v => (sbyte)v);
        }

        using var scope = torch.NewDisposeScope();
        var dataset = Build(u.ToTensor(), dt, dudt?.ToTensor(), energy?.ToTensor(), dx, split, system, parameters, Fail, path, hash);
        if (requireTrainAndTest)
        {
            if (split is null && dataset.Trajectories == 1)
            {
                dataset.Dispose();
                throw new DataFileException(path,
                    "has a single trajectory, but training needs at least one train and one test trajectory: " +
                    "add trajectories (e.g. cut the series into segments) and, if needed, a 'split' array (int8, 0 train, 1 test)");
            }
            foreach (var (value, side) in new[] { (0, "train"), (1, "test") })
            {
                if (dataset.IndicesWhere(value).Length > 0) continue;
                dataset.Dispose();
                throw Fail("split", $"leaves no {side} trajectories (every value is {1 - value}); training needs both");
            }
        }
        return dataset;
    }

    /// <summary>Converts the tensors to owned float64 CPU tensors and checks every rule of the format.</summary>
    private static Dataset Build(Tensor u, double dt, Tensor? dudt, Tensor? energy, double? dx, sbyte[]? split,
                                 string? system, string? parameters, Func<string, string, Exception> fail,
                                 string? sourcePath, string? contentHash)
    {
        using var scope = torch.NewDisposeScope();
        Tensor Owned(Tensor x, string name)
        {
            if (x.dtype is not (ScalarType.Float64 or ScalarType.Float32))
                throw fail(name, $"must be float64, found {x.dtype}");
            return x.detach().to(ScalarType.Float64, torch.CPU).contiguous();
        }

        var uOwned = Owned(u, "u");
        long[] shape = uOwned.shape;
        string shapeText = NpyArray.FormatShape(shape);
        if (shape.Length < 3)
            throw fail("u", $"must have shape [trajectories, time points, *state], found {shapeText}");
        if (shape[0] < 1) throw fail("u", $"has no trajectories (shape {shapeText})");
        if (shape[0] > int.MaxValue || shape[1] > int.MaxValue) throw fail("u", $"shape {shapeText} is too large");
        if (shape[1] < 2) throw fail("u", $"needs at least 2 time points, found {shape[1]} (shape {shapeText})");
        if (shape.Skip(2).Any(n => n < 1)) throw fail("u", $"has an empty state (shape {shapeText})");
        if (dx is null && shape.Length != 3)
            throw fail("u", $"shape {shapeText} has {shape.Length - 2} state axes; a state with more than one axis is a field on a grid and needs 'dx'");
        if (dx is not null && shape.Length > 4)
            throw fail("u", $"a field on a grid (dx present) must be 1-D [trajectories, time points, M] or 2-D [..., My, Mx], found {shapeText}");

        if (!double.IsFinite(dt) || dt <= 0) throw fail("dt", $"must be a positive finite number, found {Format(dt)}");
        if (dx is double h && (!double.IsFinite(h) || h <= 0)) throw fail("dx", $"must be a positive finite number, found {Format(h)}");
        CheckFinite(uOwned, "u", fail);

        Tensor? dudtOwned = null, energyOwned = null;
        if (dudt is not null)
        {
            dudtOwned = Owned(dudt, "dudt");
            if (!dudtOwned.shape.SequenceEqual(shape))
                throw fail("dudt", $"shape {NpyArray.FormatShape(dudtOwned.shape)} differs from u's shape {shapeText}");
            CheckFinite(dudtOwned, "dudt", fail);
        }
        if (energy is not null)
        {
            energyOwned = Owned(energy, "energy");
            if (!energyOwned.shape.SequenceEqual(shape[..2]))
                throw fail("energy", $"shape {NpyArray.FormatShape(energyOwned.shape)} must be [trajectories, time points] = {NpyArray.FormatShape(shape[..2])}");
            CheckFinite(energyOwned, "energy", fail);
        }

        int trajectories = (int)shape[0];
        bool isDefaultSplit = split is null;
        if (split is not null)
        {
            if (split.Length != trajectories)
                throw fail("split", $"has {split.Length} entries for {trajectories} trajectories");
            int bad = Array.FindIndex(split, v => v is not (0 or 1));
            if (bad >= 0) throw fail("split", $"value {split[bad]} at trajectory {bad}; only 0 (train) and 1 (test) are allowed");
            split = (sbyte[])split.Clone();
        }

        if (parameters is not null)
        {
            try { using var _ = JsonDocument.Parse(parameters); }
            catch (JsonException e) { throw fail("params", $"is not valid JSON ({e.Message.Split('.')[0]})"); }
        }

        return new Dataset(uOwned.DetachFromDisposeScope(), dt, dudtOwned?.DetachFromDisposeScope(),
            energyOwned?.DetachFromDisposeScope(), dx, split ?? DefaultSplit(trajectories), isDefaultSplit,
            system, parameters, sourcePath, contentHash);
    }

    /// <summary>Fails on the first NaN or infinity, naming its index.</summary>
    private static void CheckFinite(Tensor x, string name, Func<string, string, Exception> fail)
    {
        using var scope = torch.NewDisposeScope();
        var bad = x.isfinite().logical_not().flatten();
        if (!bad.any().item<bool>()) return;
        long flat = bad.nonzero()[0, 0].item<long>();
        double value = x.flatten()[flat].item<double>();
        long[] shape = x.shape;
        var index = new long[shape.Length];
        for (int k = shape.Length - 1; k >= 0; k--)
        {
            index[k] = flat % shape[k];
            flat /= shape[k];
        }
        string where = shape.Length >= 2 ? $" (trajectory {index[0]}, time point {index[1]})" : "";
        throw fail(name, $"holds {Format(value)} at index {NpyArray.FormatShape(index)}{where}; all values must be finite");
    }

    private int[] IndicesWhere(int value) =>
        Enumerable.Range(0, _split.Length).Where(i => _split[i] == value).ToArray();

    private static string HashOf(IReadOnlyDictionary<string, NpyArray> arrays)
    {
        using var buffer = new MemoryStream();
        Npz.Write(buffer, arrays, compress: false);
        buffer.Position = 0;
        return Convert.ToHexStringLower(SHA256.HashData(buffer));
    }

    private static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
