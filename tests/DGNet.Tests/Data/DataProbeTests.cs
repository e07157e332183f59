using DGNet.Data;
using DGNet.Tests.Training;
using static TorchSharp.torch;

namespace DGNet.Tests.Data;

/// <summary>
/// A data probe tells the same data regenerated (last bits changed) from other data: fixed positions, first and last
/// state included; deviations relative to the states' size; anything not comparable is infinitely far.
/// </summary>
public class DataProbeTests
{
    [Fact]
    public void TakesEvenlySpacedStatesFirstAndLastIncluded()
    {
        using var data = Dataset.Create(arange(2 * 50 * 3, dtype: ScalarType.Float64).reshape(2, 50, 3), 0.1);
        double[] probe = DataProbe.Of(data);
        Assert.Equal(DataProbe.Count, probe.Length);
        Assert.Equal(0, probe[0]);
        Assert.Equal(299, probe[^1]);
        Assert.Equal(probe.Order(), probe);
        Assert.Equal(DataProbe.Count, probe.Distinct().Count());

        using var small = Dataset.Create(arange(2 * 3 * 2, dtype: ScalarType.Float64).reshape(2, 3, 2), 0.1);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (double)i), DataProbe.Of(small));
    }

    [Fact]
    public void SeparatesRegeneratedDataFromOtherData()
    {
        var spring = TinyData.Spring;
        double[] recorded = DataProbe.Of(spring);
        using var regenerated = Dataset.Create(spring.U * (1 + 1e-13) + 1e-15, spring.Dt);
        using var otherSystem = Dataset.Create(TinyData.DampedSpring.U.clone(), spring.Dt);

        Assert.Equal(0, DataProbe.Deviation(recorded, recorded));
        Assert.InRange(DataProbe.Deviation(recorded, DataProbe.Of(regenerated)), 1e-16, 1e-12);
        Assert.True(DataProbe.Deviation(recorded, DataProbe.Of(otherSystem)) > 1e-2);
    }

    [Fact]
    public void IncomparableProbesAreInfinitelyFar()
    {
        Assert.Equal(double.PositiveInfinity, DataProbe.Deviation([1, 2], [1, 2, 3]));
        Assert.Equal(double.PositiveInfinity, DataProbe.Deviation([], []));
        Assert.Equal(double.PositiveInfinity, DataProbe.Deviation([1, 2], [1, double.NaN]));
        Assert.Equal(double.PositiveInfinity, DataProbe.Deviation([1, 2], [1, double.PositiveInfinity]));
        Assert.Equal(1e-3, DataProbe.Deviation([0, 0], [0, 1e-3]));
    }
}
