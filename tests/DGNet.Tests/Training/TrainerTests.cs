using DGNet.Models;
using DGNet.Training;
using static TorchSharp.torch;

namespace DGNet.Tests.Training;

/// <summary>Minibatches, the loss, and the log's recovery after a crash.</summary>
public class TrainerTests
{
    [Fact]
    public void MinibatchesDependOnlyOnSeedAndStepAndNeverRepeatAPair()
    {
        var a = Trainer.MinibatchIndices(7, 5, 100, 30).data<long>().ToArray();
        Assert.Equal(a, Trainer.MinibatchIndices(7, 5, 100, 30).data<long>().ToArray());
        Assert.Equal(30, a.Distinct().Count());
        Assert.All(a, i => Assert.InRange(i, 0, 99));
        Assert.NotEqual(a, Trainer.MinibatchIndices(7, 6, 100, 30).data<long>().ToArray());
        Assert.NotEqual(a, Trainer.MinibatchIndices(8, 5, 100, 30).data<long>().ToArray());
    }

    [Fact]
    public void LossIsTheMeanOverPairsOfTheSquaredErrorNorm()
    {
        set_num_threads(1);
        var data = TinyData.Spring;
        manual_seed(1);
        using var model = PhysicsModels.Create(ModelSetup.Spec(data, new ModelChoices("node", Hidden: 4)));
        using var pairs = TrainingPairs.From(data, data.TestTrajectories, model.DType);
        Assert.Equal(2 * 30, pairs.Count);
        using var trainer = new Trainer(model, pairs, new TrainingOptions { Solver = "euler" });
        using var guard = no_grad();
        var error = (model.Dynamics.Field(pairs.U0) - (pairs.U1 - pairs.U0) / data.Dt).square();
        double expected = error.sum().item<double>() / pairs.Count;
        Assert.Equal(expected, trainer.Evaluate(pairs), 12);

        using var sample = TrainingPairs.From(data, data.TestTrajectories, model.DType, limit: 7);
        Assert.Equal(7, sample.Count);
        Assert.Equal(pairs.U0[0].data<double>().ToArray(), sample.U0[0].data<double>().ToArray());
        Assert.Equal(pairs.U0[^1].data<double>().ToArray(), sample.U0[^1].data<double>().ToArray());
    }

    [Fact]
    public void ContinuingALogDropsRowsAfterTheCheckpointAndATornLastLine()
    {
        string path = TempFiles.Path("log.csv");
        var log = LossLog.Create(path);
        log.Append(10, 1.5, 2.5, 0.1);
        log.Append(20, 1.25, 2.25, 0.2);
        log.Append(30, 1.125, 2.125, 0.3);
        File.AppendAllText(path, "40,1.0,2.");
        LossLog.ContinueAt(path, 20);
        Assert.Equal([(10, 1.5, 2.5, 0.1), (20, 1.25, 2.25, 0.2)], LossLog.Read(path));
        File.AppendAllText(path, "30,1.0,2.");
        LossLog.ContinueAt(path, 30).Append(30, 1.0, 2.0, 0.3);
        Assert.Equal(30, LossLog.Read(path)[^1].Step);
        Assert.Equal(3, LossLog.Read(path).Count);
    }
}
