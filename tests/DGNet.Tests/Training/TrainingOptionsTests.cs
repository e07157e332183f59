using DGNet.Training;

namespace DGNet.Tests.Training;

public class TrainingOptionsTests
{
    /// <summary>The paper's batches (paper.md, section 3): full for mass-spring, pendulum and the real pendulum,
    /// 200 pairs for 2-body, KdV and Cahn-Hilliard.</summary>
    [Theory]
    [InlineData(25 * 99, null)]        // mass-spring and pendulum: 25 train trajectories of 100 points
    [InlineData(4 * 80, null)]         // real pendulum: a few hundred measured pairs
    [InlineData(800 * 499, 200)]       // 2-body: 800 train orbits of 500 points
    [InlineData(90 * 500, 200)]        // KdV: 90 train trajectories of 501 points
    [InlineData(80 * 500, 200)]        // Cahn-Hilliard
    public void PaperBatchSizeIsTheFullBatchOnlyForTheSmallDatasets(long trainPairs, int? expected)
    {
        Assert.Equal(expected, TrainingOptions.PaperBatchSize(trainPairs));
    }
}
