using DGNet.Evaluation;
using DGNet.Models;
using DGNet.Tests.Training;
using DGNet.Training;
using static TorchSharp.torch;

namespace DGNet.Tests.Models;

/// <summary>
/// Every model learns the harmonic oscillator through every solver it trains with, and predicts it with every solver
/// it predicts with: small networks, 150 full-batch Adam steps (dopri5 at rtol 1e-5) on 6 noise-free trajectories. "Learned" means a
/// derivative error below 1% of the mean squared true derivative (an untrained model is near 100%) and a rollout
/// state error below 5% of that of standing still (u[n] = u[0]); 15% for explicit Euler, whose own error on the true
/// oscillator grows the amplitude by 2% a step.
/// </summary>
public class ModelLearningTests
{
    public ModelLearningTests() => set_num_threads(1);

    public static TheoryData<string, string> TrainingCombinations()
    {
        var pairs = new TheoryData<string, string>();
        foreach (string model in PhysicsModels.Names)
            foreach (string solver in PhysicsModels.TrainingSolvers(model))
                pairs.Add(model, solver);
        return pairs;
    }

    public static TheoryData<string> Names => new(PhysicsModels.Names);

    private static PhysicsModel Train(string name, string solver)
    {
        var data = TinyData.Spring;
        var spec = ModelSetup.Spec(data, new ModelChoices(name, Hidden: 16));
        manual_seed(0);
        var model = PhysicsModels.Create(spec);
        using var train = DGNet.Training.TrainingPairs.From(data, data.TrainTrajectories, model.DType);
        var options = new TrainingOptions { Solver = solver, Steps = 150, LearningRate = 1e-2, RelativeTolerance = 1e-5, AbsoluteTolerance = 1e-7 };
        using var trainer = new Trainer(model, train, options);
        for (int step = 0; step < options.Steps; step++)
        {
            using var scope = NewDisposeScope();
            trainer.Step();
        }
        return model;
    }

    private static double StateLimit(string solver) => solver == "euler" ? 0.15 : 0.05;

    private static (double Derivative, double State) Errors(PhysicsModel model, string trainingSolver, string solver)
    {
        var data = TinyData.Spring;
        var result = Evaluator.Evaluate(model, data, trainingSolver, solver);
        Assert.Empty(result.Failed);
        using var scope = NewDisposeScope();
        var test = data.U.index_select(0, tensor(data.TestTrajectories.Select(t => (long)t).ToArray()));
        double standingStill = Metrics.StateErrors(test, test.select(1, 0).unsqueeze(1).expand_as(test)).Average();
        double scale = data.DuDt!.square().mean().item<double>();
        return (result.DerivativeError / scale, result.StateError / standingStill);
    }

    [Theory]
    [MemberData(nameof(TrainingCombinations))]
    public void LearnsTheHarmonicOscillatorThroughEachTrainingSolver(string name, string solver)
    {
        using var model = Train(name, solver);
        var (derivative, state) = Errors(model, solver, solver);
        Assert.True(derivative < 0.01, $"{name} trained with {solver}: relative derivative error {derivative:E2}");
        Assert.True(state < StateLimit(solver), $"{name} trained with {solver}: relative state error {state:E2}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void PredictsTheHarmonicOscillatorWithEachPredictionSolver(string name)
    {
        string trainedWith = PhysicsModels.DefaultSolver(name);
        using var model = Train(name, trainedWith);
        foreach (string solver in model.PredictionSolvers)
        {
            var (_, state) = Errors(model, trainedWith, solver);
            Assert.True(state < StateLimit(solver), $"{name} predicted with {solver}: relative state error {state:E2}");
        }
    }
}
