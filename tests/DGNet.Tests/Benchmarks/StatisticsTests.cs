using DGNet.Benchmarks;

namespace DGNet.Tests.Benchmarks;

public class StatisticsTests
{
    [Fact]
    public void MedianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes()
    {
        Assert.Equal(5.0, Statistics.Median([5.0, 3.0, 100.0]));
        Assert.Equal(4.0, Statistics.Median([5.0, 3.0, 100.0, 1.0, 4.0]));
        Assert.Equal(3.5, Statistics.Median([1.0, 3.0, 4.0, 1000.0]));
        Assert.Equal(7.0, Statistics.Median([7.0]));
    }

    [Fact]
    public void QuantilesInterpolateBetweenOrderStatistics()
    {
        double[] values = [40.0, 10.0, 30.0, 20.0];
        Assert.Equal(10.0, Statistics.Quantile(values, 0));
        Assert.Equal(40.0, Statistics.Quantile(values, 1));
        Assert.Equal(17.5, Statistics.Quantile(values, 0.25), 12);
    }

    [Fact]
    public void RejectsEmptyAndNaNMeasurements()
    {
        Assert.Throws<ArgumentException>(() => Statistics.Median([]));
        Assert.Throws<ArgumentException>(() => Statistics.Median([1.0, double.NaN]));
        Assert.Throws<ArgumentException>(() => Statistics.Quantile([1.0], 1.5));
    }
}
