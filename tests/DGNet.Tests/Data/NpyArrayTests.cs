using DGNet.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Data;

public class NpyArrayTests
{
    [Fact]
    public void EveryNumericDtypeMapsToATensorAndBack()
    {
        using var scope = NewDisposeScope();
        foreach (var (name, array) in NpzFixtures.Supported())
        {
            if (array.DType == NpyDType.Unicode) continue;
            var tensor = array.ToTensor();
            Assert.Equal(array.Shape, tensor.shape);
            var back = NpyArray.FromTensor(tensor);
            NpzFixtures.AssertIdentical(array, back, name);
        }
    }

    [Theory]
    [InlineData(NpyDType.Float64, ScalarType.Float64)]
    [InlineData(NpyDType.Float32, ScalarType.Float32)]
    [InlineData(NpyDType.Int64, ScalarType.Int64)]
    [InlineData(NpyDType.Int32, ScalarType.Int32)]
    [InlineData(NpyDType.Int8, ScalarType.Int8)]
    [InlineData(NpyDType.UInt8, ScalarType.Byte)]
    [InlineData(NpyDType.Bool, ScalarType.Bool)]
    public void TensorDtypeMatches(NpyDType dtype, ScalarType expected)
    {
        var array = NpzFixtures.Supported().Values.First(a => a.DType == dtype && a.Count > 0);
        using var tensor = array.ToTensor();
        Assert.Equal(expected, tensor.dtype);
    }

    [Fact]
    public void ToTensorCopiesTheElements()
    {
        var data = new[] { 1.0, 2.0, 3.0 };
        var array = new NpyArray(data, 3);
        using var tensor = array.ToTensor();
        data[0] = 99;
        Assert.Equal(1.0, tensor[0].item<double>());
    }

    [Fact]
    public void FromTensorTakesNonContiguousTensorsInLogicalOrder()
    {
        using var scope = NewDisposeScope();
        var t = arange(6, ScalarType.Float64).reshape(2, 3).t();   // [[0, 3], [1, 4], [2, 5]]
        var array = NpyArray.FromTensor(t);
        Assert.Equal([3L, 2L], array.Shape);
        Assert.Equal(new[] { 0.0, 3, 1, 4, 2, 5 }, (double[])array.Data);
    }

    [Fact]
    public void ScalarsHaveAnEmptyShape()
    {
        var x = NpyArray.Scalar(0.25);
        Assert.Empty(x.Shape);
        Assert.Equal(0, x.Rank);
        Assert.Equal(0.25, x.ScalarDouble());
        using var tensor = x.ToTensor();
        Assert.Empty(tensor.shape);
        Assert.Equal(0.25, tensor.item<double>());
        Assert.Equal("kdv", NpyArray.Scalar("kdv").ScalarString());
        Assert.Throws<InvalidOperationException>(() => NpyArray.Scalar("kdv").ScalarDouble());
        Assert.Throws<InvalidOperationException>(() => new NpyArray(new[] { 1.0 }, 1).ScalarDouble());
    }

    [Fact]
    public void ElementTypeIsTakenFromTheExactArrayType()
    {
        // The runtime lets byte[] pass as sbyte[]; the dtype must still be uint8.
        Assert.Equal(NpyDType.UInt8, new NpyArray(new byte[] { 255 }, 1).DType);
        Assert.Equal(new[] { 255.0 }, new NpyArray(new byte[] { 255 }, 1).ToDoubles());
        Assert.Equal(NpyDType.Int8, new NpyArray(new sbyte[] { -1 }, 1).DType);
        Assert.Throws<ArgumentException>(() => new NpyArray(new uint[] { 1 }, 1));
    }

    [Fact]
    public void ConstructorChecksTheShape()
    {
        Assert.Throws<ArgumentException>(() => new NpyArray(new double[6], 2, 2));
        Assert.Throws<ArgumentException>(() => new NpyArray(new double[0], -1));
        Assert.Throws<ArgumentException>(() => new NpyArray(new double[1], long.MaxValue, 2));
        Assert.Throws<ArgumentException>(() => new NpyArray(new string?[] { null }!, 1));
        Assert.Equal(0, new NpyArray(new double[0], long.MaxValue, 0, long.MaxValue).Count);
    }

    [Fact]
    public void StringsCannotBecomeTensors()
    {
        Assert.Throws<InvalidOperationException>(() => NpyArray.Scalar("x").ToTensor());
    }

    [Fact]
    public void UnsupportedTensorDtypeIsRefused()
    {
        using var t = zeros(2, dtype: ScalarType.Float16);
        var e = Assert.Throws<ArgumentException>(() => NpyArray.FromTensor(t));
        Assert.Contains("Float16", e.Message);
    }

    [Fact]
    public void TypeNamesFollowNumPy()
    {
        var names = NpzFixtures.Supported().ToDictionary(kv => kv.Key, kv => kv.Value.TypeName);
        Assert.Equal("float64", names["f8_3d"]);
        Assert.Equal("float32", names["f4_2d"]);
        Assert.Equal("int64", names["i8_1d"]);
        Assert.Equal("int32", names["i4_1d"]);
        Assert.Equal("int8", names["i1_1d"]);
        Assert.Equal("uint8", names["u1_1d"]);
        Assert.Equal("bool", names["b1_2d"]);
        Assert.Equal("<U7", names["U_1d"]);   // "😀 emoji" is 7 code points
    }
}
