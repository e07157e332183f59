using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// Applies a one-step map N times to a batch of initial states, for prediction: the steps run without autograd
/// (implicit solvers still use it inside their Newton solves), each in its own dispose scope, and the states go
/// into one preallocated tensor, so memory stays flat however long the rollout. Failures follow
/// <see cref="RolloutOptions.OnFailure"/>. To train through solver steps, call the solver's step directly instead.
/// A vector field that needs autograd itself (an energy gradient taken with torch.autograd.grad) must turn it on
/// inside the field with <c>torch.enable_grad()</c>.
/// </summary>
public static class Rollout
{
    /// <summary>u[0..N] for u[0] = <paramref name="u0"/> [batch, *state] and u[n+1] = step(u[n]).</summary>
    public static RolloutResult Run(OneStepMap step, Tensor u0, int steps, RolloutOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(u0);
        if (steps < 0) throw new ArgumentException($"the number of steps must be at least 0, got {steps}");
        if (u0.dim() < 1 || u0.shape[0] < 1) throw new ArgumentException("a rollout needs initial states [batch, *state] with batch >= 1");
        options ??= RolloutOptions.Default;

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        int batch = (int)u0.shape[0];
        var shape = new List<long> { batch, steps + 1 };
        shape.AddRange(u0.shape.Skip(1));
        var states = full(shape.ToArray(), double.NaN, dtype: u0.dtype, device: u0.device);
        states.select(1, 0).copy_(u0);

        var active = Enumerable.Range(0, batch).ToList();
        var activeIndex = (Tensor?)null;
        var current = u0.detach().clone();
        var stepStats = new List<SolverStats>(steps);
        var failures = new List<RolloutFailure>();

        for (int n = 1; n <= steps && active.Count > 0; n++)
        {
            DeferredScalarFrees.FreeNow();
            using var stepScope = NewDisposeScope();
            var stats = new SolverStats();
            Tensor? next = null;
            while (next is null && active.Count > 0)
            {
                try
                {
                    next = step(current, stats);
                    if (!next.shape.SequenceEqual(current.shape))
                        throw new ArgumentException(
                            $"the step map returned shape [{string.Join(", ", next.shape)}] for states [{string.Join(", ", current.shape)}]");
                    if (options.CheckFinite) ThrowIfNonFinite(next);
                }
                catch (SolverFailedException failure)
                {
                    next = null;
                    var lost = failure.Trajectories.Select(b => active[b]).ToList();
                    if (options.OnFailure == FailurePolicy.Stop)
                    {
                        var soFar = states.narrow(1, 0, n).clone().DetachFromDisposeScope();
                        throw new RolloutFailedException(n, lost, failure, soFar);
                    }
                    foreach (int b in failure.Trajectories.OrderBy(b => b))
                        failures.Add(new RolloutFailure(active[b], n,
                            SolverFailedException.Compose([active[b]], failure.Detail, failure.Advice, n)));
                    var keep = Enumerable.Range(0, active.Count).Except(failure.Trajectories).ToList();
                    active = keep.Select(b => active[b]).ToList();
                    if (active.Count == 0) break;
                    var keepIndex = tensor(keep.Select(b => (long)b).ToArray(), device: u0.device);
                    var reduced = current.index_select(0, keepIndex).MoveToOuterDisposeScope();
                    current.Dispose();
                    current = reduced;
                    activeIndex?.Dispose();
                    activeIndex = tensor(active.Select(b => (long)b).ToArray(), device: u0.device).MoveToOuterDisposeScope();
                }
            }
            stepStats.Add(stats);
            if (next is null) break;

            var slot = states.select(1, n);
            if (activeIndex is null) slot.copy_(next);
            else slot.index_copy_(0, activeIndex, next);
            current.Dispose();
            current = next.MoveToOuterDisposeScope();
        }
        return new RolloutResult(states.MoveToOuterDisposeScope(), stepStats, failures);
    }

    private static void ThrowIfNonFinite(Tensor next)
    {
        var rows = next.reshape(next.shape[0], -1).isfinite().all(1).cpu().data<bool>().ToArray();
        var bad = Enumerable.Range(0, rows.Length).Where(b => !rows[b]).ToList();
        if (bad.Count > 0) throw new NonFiniteStateException(bad);
    }
}
