using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// One step u[n] ↦ u[n+1] of fixed size for a batch [batch, *state], adding its cost to <paramref name="stats"/>.
/// Built by <see cref="ISolver.CreateStepMap"/> and driven by <see cref="Rollout"/>.
/// </summary>
public delegate Tensor OneStepMap(Tensor u, SolverStats stats);
