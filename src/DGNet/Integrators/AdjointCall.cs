using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// One call of <see cref="AdjointIntegrator.Solve"/>: the vector field, the parameters to differentiate, the output
/// times and what the forward solve recorded (its step sizes), and the two backward passes.
/// </summary>
internal sealed class AdjointCall(AdjointIntegrator integrator, VectorField f, IReadOnlyList<Tensor> parameters, double[] times)
{
    /// <summary>f with its temporaries freed after each evaluation: without a graph to keep them, the forward solve and
    /// the recomputation of checkpoints then hold one evaluation's intermediates at a time, not a whole step's.</summary>
    private readonly VectorField field = u =>
    {
        using var scope = NewDisposeScope();
        return f(u).MoveToOuterDisposeScope();
    };

    private double[] steps = [];
    private int[] boundaries = [];

    public AdjointIntegrator Integrator { get; } = integrator;

    /// <summary>The parameters that require grad, in the order their gradients are returned.</summary>
    public IReadOnlyList<Tensor> Parameters { get; } = parameters;

    /// <summary>The solution [batch, times, *state], recording the steps taken.</summary>
    public Tensor Forward(Tensor u0)
    {
        (var solution, steps, boundaries) = Integrator.Forward(field, u0, times);
        return solution;
    }

    /// <summary>dL/du0 and dL/dθ for each parameter, given dL/d(solution) [batch, times, *state].</summary>
    public (Tensor State, Tensor[] Parameters) Backward(Tensor u0, Tensor solution, Tensor solutionGradient) =>
        Integrator.Method == AdjointMethod.Discrete
            ? DiscreteBackward(u0, solutionGradient)
            : ContinuousBackward(u0, solution, solutionGradient);

    /// <summary>
    /// Back-propagation through the recorded steps, last step first, each step's state recomputed by binomial
    /// checkpointing from u0 and its vector-Jacobian products taken on a graph of that step alone.
    /// </summary>
    private (Tensor, Tensor[]) DiscreteBackward(Tensor u0, Tensor solutionGradient)
    {
        var stats = Integrator.BackwardStats;
        var adjoint = zeros_like(u0);
        var gradients = Parameters.Select(p => zeros_like(p)).ToArray();
        int pending = times.Length - 1;
        void AddOutputGradients(int boundary)
        {
            for (; pending >= 0 && boundaries[pending] == boundary; pending--)
                adjoint.add_(solutionGradient.select(1, pending));
        }

        BinomialCheckpointing.Reverse(u0, steps.Length, Integrator.Options.Checkpoints,
            advance: (state, n) =>
            {
                using var scope = NewDisposeScope();
                return Integrator.ReplayStep(field, state, steps[n], stats).MoveToOuterDisposeScope();
            },
            reverseStep: (state, n) =>
            {
                AddOutputGradients(n + 1);
                double h = steps[n];
                var (next, stateProduct, parameterProducts) = VectorJacobianProduct.Evaluate(
                    u => Integrator.ReplayStep(field, u, h, stats), state, Parameters, adjoint);
                next.Dispose();
                adjoint.Dispose();
                adjoint = stateProduct;
                for (int i = 0; i < gradients.Length; i++)
                {
                    gradients[i].add_(parameterProducts[i]);
                    parameterProducts[i].Dispose();
                }
            },
            release: state => state.Dispose());
        AddOutputGradients(0);
        return (adjoint, gradients);
    }

    /// <summary>
    /// Chen et al.'s adjoint: from each output time to the previous one, z = (u, a, ∫ aᵀ∂f/∂θ) solves
    /// dz/dt = (f(u), -aᵀ∂f/∂u, -aᵀ∂f/∂θ) backwards, packed in one row [1, 2·numel(u) + Σ numel(θ)]; u restarts
    /// from the forward solution at every output time and a receives that time's gradient.
    /// </summary>
    private (Tensor, Tensor[]) ContinuousBackward(Tensor u0, Tensor solution, Tensor solutionGradient)
    {
        long size = u0.numel();
        var shape = u0.shape;
        var adjoint = zeros_like(u0);
        var integrals = zeros(new long[] { 1, Parameters.Sum(p => p.numel()) }, dtype: u0.dtype, device: u0.device);

        Tensor Augmented(Tensor z)
        {
            var u = z.narrow(1, 0, size).reshape(shape);
            var a = z.narrow(1, size, size).reshape(shape);
            var (du, stateProduct, parameterProducts) =
                VectorJacobianProduct.Evaluate(x => field(x), u, Parameters, a);
            var pieces = new List<Tensor>(parameterProducts.Length + 2)
                { du.reshape(1, -1), stateProduct.neg().reshape(1, -1) };
            pieces.AddRange(parameterProducts.Select(p => p.neg().reshape(1, -1)));
            return cat(pieces, 1);
        }

        for (int i = times.Length - 1; i > 0; i--)
        {
            adjoint.add_(solutionGradient.select(1, i));
            var z = cat(new[] { solution.select(1, i).reshape(1, -1), adjoint.reshape(1, -1), integrals }, 1);
            var start = Integrator.SolveBackward(Augmented, z, times[i], times[i - 1], e => e.narrow(1, 0, 2 * size));
            adjoint = start.narrow(1, size, size).reshape(shape).clone();
            integrals = start.narrow(1, 2 * size, integrals.shape[1]).clone();
        }
        adjoint.add_(solutionGradient.select(1, 0));

        var gradients = new Tensor[Parameters.Count];
        long offset = 0;
        for (int i = 0; i < gradients.Length; i++)
        {
            long count = Parameters[i].numel();
            gradients[i] = integrals.narrow(1, offset, count).reshape(Parameters[i].shape);
            offset += count;
        }
        return (adjoint, gradients);
    }
}
