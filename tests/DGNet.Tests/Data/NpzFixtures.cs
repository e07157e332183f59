using DGNet.Data;

namespace DGNet.Tests.Data;

/// <summary>The fixture files written by NumPy (Fixtures/npz/make_fixtures.py) and the values they hold,
/// recomputed here from the same formulas.</summary>
internal static class NpzFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "npz", name);

    /// <summary>Arrays of supported_stored.npz and supported_compressed.npz (the latter adds "big").</summary>
    public static Dictionary<string, NpyArray> Supported() => new()
    {
        ["f8_3d"] = new NpyArray(Enumerable.Range(0, 24).Select(i => i * 0.1 - 1.0).ToArray(), 2, 3, 4),
        // np.nan is the positive quiet NaN; .NET's double.NaN has the sign bit set.
        ["f8_special"] = new NpyArray(new[] { BitConverter.Int64BitsToDouble(0x7FF8000000000000), double.PositiveInfinity, double.NegativeInfinity, -0.0,
            double.Epsilon, double.MaxValue, 1.0 / 3.0 }, 7),
        ["f8_scalar"] = NpyArray.Scalar(0.001),
        ["f8_empty"] = new NpyArray(Array.Empty<double>(), 0),
        ["f4_2d"] = new NpyArray(Enumerable.Range(0, 6).Select(i => i / 3f).ToArray(), 2, 3),
        ["i8_1d"] = new NpyArray(Enumerable.Range(0, 6).Select(i => (i - 3) * 1000000000007L).ToArray(), 6),
        ["i4_1d"] = new NpyArray(new[] { int.MinValue, -1, 0, 1, int.MaxValue }, 5),
        ["i4_empty_3d"] = new NpyArray(Array.Empty<int>(), 2, 0, 3),
        ["i1_1d"] = new NpyArray(new sbyte[] { -128, -1, 0, 1, 127 }, 5),
        ["u1_1d"] = new NpyArray(new byte[] { 0, 1, 128, 255 }, 4),
        ["b1_2d"] = new NpyArray(new[] { true, false, false, true }, 2, 2),
        ["b1_scalar"] = new NpyArray(new[] { true }),
        ["U_1d"] = new NpyArray(new[] { "", "a", "dgnet", "π≈3.14", "日本", "😀 emoji" }, 6),
        ["U_scalar"] = NpyArray.Scalar("kdv"),
    };

    public static NpyArray Big() => new(Enumerable.Range(0, 5000).Select(i => (i % 97) * 0.25).ToArray(), 5000);

    /// <summary>Same dtype, shape and elements; floats compared bit for bit (NaN, -0.0 included).</summary>
    public static void AssertIdentical(NpyArray expected, NpyArray actual, string name)
    {
        Assert.True(expected.DType == actual.DType, $"{name}: dtype {actual.DType}, expected {expected.DType}");
        Assert.True(expected.Shape.SequenceEqual(actual.Shape),
            $"{name}: shape {NpyArray.FormatShape(actual.Shape)}, expected {NpyArray.FormatShape(expected.Shape)}");
        switch (expected.Data)
        {
            case double[] d:
                Assert.Equal(d.Select(BitConverter.DoubleToInt64Bits), ((double[])actual.Data).Select(BitConverter.DoubleToInt64Bits));
                break;
            case float[] f:
                Assert.Equal(f.Select(BitConverter.SingleToInt32Bits), ((float[])actual.Data).Select(BitConverter.SingleToInt32Bits));
                break;
            default:
                Assert.Equal(expected.Data.Cast<object>(), actual.Data.Cast<object>());
                break;
        }
    }
}
