using DGNet.Reproduction;
using DGNet.Tests.Training;
using DGNet.Training;

namespace DGNet.Tests.Reproduction;

/// <summary>
/// The progress display's costs of unfinished trainings: the cost model's guess in a new folder; once a seed of a row has
/// finished, the row's other seeds cost what it took, in cost-model units at the folder's measured ratio of model cost
/// to training time.
/// </summary>
[Collection(SerialCollection.Name)]
public class TrainingCostsTests(SmokeReproductionFixture smoke) : IClassFixture<SmokeReproductionFixture>
{
    [Fact]
    public void ANewFolderLeavesEveryTrainingToTheCostModel()
    {
        var plan = Reproducer.Check(SmokePreset.Request(Path.Combine(TempFiles.Folder(), "out")));

        var costs = TrainingCosts.Read(plan, DateTime.UtcNow);

        Assert.All(plan.Datasets.SelectMany(d => d.Trainings), t => Assert.Null(costs.Of(t)));
    }

    [Fact]
    public void TheSeedsOfARowCostWhatItsFinishedSeedTook()
    {
        // The finished smoke output (seed 0) asked for seeds 0 and 1.
        var plan = Reproducer.Check(SmokePreset.Request(smoke.Output) with { Seeds = [0, 1] });

        var costs = TrainingCosts.Read(plan, DateTime.UtcNow);

        var trainings = plan.Datasets.SelectMany(d => d.Trainings).ToList();
        var finished = trainings.Where(t => t.Seed == 0).ToList();
        double Seconds(TrainingPlan t) => new RunDirectory(t.RunPath).ReadDescription().Result!.WallSeconds;
        double unitsPerSecond = finished.Sum(t => CostModel.Training(t.Dataset, t.Row)) / finished.Sum(Seconds);
        Assert.All(finished, t => Assert.Null(costs.Of(t)));
        foreach (var training in trainings.Where(t => t.Seed == 1))
        {
            var sibling = finished.Single(t => t.Dataset.Key == training.Dataset.Key && t.Row == training.Row);
            double expected = TimeSpan.FromSeconds(Seconds(sibling)).TotalSeconds * unitsPerSecond; // times are kept to a tick
            Assert.Equal(expected, costs.Of(training)!.Value, expected * 1e-12);
        }
    }
}
