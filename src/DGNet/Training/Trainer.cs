using DGNet.Integrators;
using DGNet.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Training;

/// <summary>
/// The optimisation loop of one model in memory: each <see cref="Step"/> draws a minibatch of train pairs, computes
/// the loss mean ||(u[n+1] - u[n]) / dt - estimate||² with the model's training-mode estimate under the training
/// solver, back-propagates and takes one Adam update. The minibatch of step s comes from a generator seeded by
/// (seed, s) alone, so a run continued from a checkpoint draws exactly the batches of an uninterrupted run. A step
/// runs in its own dispose scope and reads nothing back to the host (the loss stays a tensor); steps also let the .NET
/// collector free interop garbage regularly (<see cref="HeapTuning.CollectInteropGarbage"/>), so that memory
/// stays flat over long runs, and free the Scalars it finalized (<see cref="DeferredScalarFrees"/>).
/// </summary>
public sealed class Trainer : IDisposable
{
    /// <summary>Pairs per chunk when a loss is evaluated over a whole set without gradients.</summary>
    private const long EvaluationChunk = 4096;

    /// <summary>The solver of the loss in <see cref="Step"/>: the registry's, or its adjoint counterpart.</summary>
    private readonly ISolver solver;

    /// <summary>The same solver with ordinary back-propagation, for losses evaluated without gradients.</summary>
    private readonly ISolver evaluationSolver;

    /// <summary>Sets up training of <paramref name="model"/> on <paramref name="train"/> (in the model's dtype).</summary>
    /// <exception cref="ArgumentException">The options are out of range, the model cannot be trained with the solver,
    /// or the pairs do not fit the model.</exception>
    public Trainer(PhysicsModel model, TrainingPairs train, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string solverName = PhysicsModels.CheckTrainingSolver(model.Spec.Model, options.Solver);
        if (train.U0.dtype != model.DType || !train.U0.shape.Skip(1).SequenceEqual(model.Spec.StateShape))
            throw new ArgumentException(
                $"the training pairs [{string.Join(", ", train.U0.shape)}] ({train.U0.dtype}) do not fit a model of states [{string.Join(", ", model.Spec.StateShape)}] ({model.Spec.DType})");
        Model = model;
        Train = train;
        Options = options;
        evaluationSolver = SolverRegistry.Create(solverName, options.Dopri5);
        CheckAdjoint(model.Spec.Model, options);
        solver = options.Adjoint
            ? new AdjointSolver(new AdjointIntegrator(new AdjointOptions(solverName, Tolerances: options.Dopri5)), model.parameters())
            : evaluationSolver;
        Optimizer = new AdamOptimizer(model.named_parameters(), options.LearningRate, options.WeightDecay);
    }

    public PhysicsModel Model { get; }

    public TrainingPairs Train { get; }

    public TrainingOptions Options { get; }

    public AdamOptimizer Optimizer { get; }

    /// <summary>Steps taken so far (set when continuing from a checkpoint).</summary>
    public int CompletedSteps { get; set; }

    /// <summary>Pairs per minibatch: the batch size, or every pair.</summary>
    public long BatchSize => Options.BatchSize is int b && b < Train.Count ? b : Train.Count;

    /// <summary>Takes step <see cref="CompletedSteps"/> + 1 and returns its minibatch loss (detached, scalar).</summary>
    public Tensor Step()
    {
        int step = CompletedSteps + 1;
        HeapTuning.CollectInteropGarbage();
        DeferredScalarFrees.FreeNow();
        using var scope = NewDisposeScope();
        Tensor u0 = Train.U0, u1 = Train.U1, target = Train.Target;
        if (BatchSize < Train.Count)
        {
            var index = MinibatchIndices(Options.Seed, step, Train.Count, BatchSize).to(Train.U0.device);
            u0 = u0.index_select(0, index);
            u1 = u1.index_select(0, index);
            target = target.index_select(0, index);
        }
        Optimizer.ZeroGrad();
        var loss = LossAndGradient(u0, u1, target);
        Optimizer.Step();
        CompletedSteps = step;
        return loss.detach().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The minibatch loss, with its gradient accumulated into the parameters: in one backward pass, or chunk by chunk
    /// (<see cref="TrainingOptions.MicroBatch"/>), each chunk contributing its share of the mean.
    /// </summary>
    private Tensor LossAndGradient(Tensor u0, Tensor u1, Tensor target)
    {
        long batch = u0.shape[0];
        long chunk = Options.MicroBatch is int m && m < batch ? m : batch;
        if (chunk == batch)
        {
            var loss = Loss(Model.EstimateDerivative(u0, u1, solver), target);
            loss.backward();
            (solver as AdjointSolver)?.ThrowIfBackwardFailed();
            return loss;
        }
        Tensor? total = null;
        for (long start = 0; start < batch; start += chunk)
        {
            using var scope = NewDisposeScope();
            long length = Math.Min(chunk, batch - start);
            var estimate = Model.EstimateDerivative(u0.narrow(0, start, length), u1.narrow(0, start, length), solver);
            var share = PerPair(estimate, target.narrow(0, start, length)).sum() / batch;
            share.backward();
            (solver as AdjointSolver)?.ThrowIfBackwardFailed();
            var sum = total is null ? share.detach() : total + share.detach();
            total?.Dispose();
            total = sum.MoveToOuterDisposeScope();
        }
        return total!;
    }

    /// <summary><see cref="ArgumentException"/> when <c>--adjoint</c> is asked for a model that does not train through
    /// an integrator (only node and hnn do).</summary>
    public static void CheckAdjoint(string model, TrainingOptions options)
    {
        if (options.Adjoint && model is not ("node" or "hnn"))
            throw new ArgumentException($"--adjoint: only node and hnn train through an integrator, not {model}");
    }

    /// <summary>The loss over every pair of <paramref name="pairs"/> (in chunks, without gradients), on the host.</summary>
    public double Evaluate(TrainingPairs pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        double sum = 0;
        // Never in larger chunks than a training step computes at once, so that evaluating fits where training does.
        long chunk = Math.Min(EvaluationChunk, Options.MicroBatch ?? BatchSize);
        for (long start = 0; start < pairs.Count; start += chunk)
        {
            using var scope = NewDisposeScope();
            using var guard = no_grad();
            long length = Math.Min(chunk, pairs.Count - start);
            var estimate = Model.EstimateDerivative(pairs.U0.narrow(0, start, length), pairs.U1.narrow(0, start, length), evaluationSolver);
            sum += PerPair(estimate, pairs.Target.narrow(0, start, length)).sum().to_type(ScalarType.Float64).item<double>();
        }
        return sum / pairs.Count;
    }

    /// <summary>mean over pairs of ||estimate - target||².</summary>
    public static Tensor Loss(Tensor estimate, Tensor target) => PerPair(estimate, target).mean();

    private static Tensor PerPair(Tensor estimate, Tensor target) => (estimate - target).square().flatten(1).sum(1);

    /// <summary>
    /// The pairs of step <paramref name="step"/>: the first <paramref name="batch"/> entries of a random permutation of
    /// <paramref name="count"/> drawn from a generator seeded by (seed, step), so no draw depends on earlier steps.
    /// </summary>
    public static Tensor MinibatchIndices(long seed, int step, long count, long batch)
    {
        using var generator = new Generator(Mix(unchecked((ulong)seed), (ulong)step));
        using var scope = NewDisposeScope();
        return randperm(count, generator: generator).narrow(0, 0, batch).MoveToOuterDisposeScope();
    }

    /// <summary>SplitMix64 of the seed combined with the step: distinct, well-spread generator seeds.</summary>
    private static ulong Mix(ulong seed, ulong step)
    {
        static ulong SplitMix(ulong z)
        {
            z += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
        return SplitMix(seed ^ SplitMix(step));
    }

    public void Dispose() => Optimizer.Dispose();
}
