using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// Everything a model can offer an integrator about its dynamics: a vector field f(u), the gradients of a
/// separable energy (for leapfrog) and a discrete field g(u[n+1], u[n]) = G ∇̄H(u[n+1], u[n]) (for the
/// discrete-gradient step). Each solver takes what it needs; a missing vector field is derived from the others
/// (f(u) = g(u, u), or the canonical field of the separable energy), so every model can use the explicit solvers.
/// All functions must treat batch rows independently (implicit steps evaluate them on replicated batches) and may
/// be called under <c>torch.no_grad()</c> (rollouts, predictor steps): one that differentiates internally must
/// enable autograd itself. Each evaluation runs in its own dispose scope that keeps only its result, so the
/// intermediates of one evaluation (activations held by pullbacks) are released when it returns, not when the
/// caller's step ends: a Dormand-Prince attempt evaluates seven times on the same scope, and over thousands of test
/// pairs under no_grad those intermediates were tens of gigabytes. Under autograd the graph keeps what backward needs.
/// </summary>
public sealed class Dynamics
{
    public Dynamics(VectorField? field = null, SeparableGradients? separable = null,
        Func<Tensor, Tensor, Tensor>? discreteField = null)
    {
        if (field is null && separable is null && discreteField is null)
            throw new ArgumentException("dynamics need a vector field, separable gradients or a discrete field");
        Separable = separable;
        DiscreteField = discreteField is null ? null : (next, current) => Scoped(() => discreteField(next, current));
        if (field is not null) Field = u => Scoped(() => field(u));
        else if (discreteField is not null) Field = u => Scoped(() => discreteField(u, u));
        else Field = u => Scoped(() => separable!.Field(u));
    }

    /// <summary>Evaluates <paramref name="evaluation"/> in a dispose scope of its own and moves its result (if the
    /// scope holds it) to the caller's scope; everything else it created is disposed.</summary>
    private static Tensor Scoped(Func<Tensor> evaluation)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(evaluation());
    }

    /// <summary>du/dt = f(u), given or derived.</summary>
    public VectorField Field { get; }

    /// <summary>∂V/∂q and ∂T/∂p of a separable energy, if the model has one.</summary>
    public SeparableGradients? Separable { get; }

    /// <summary>g(next, current) = G ∇̄H(next, current), if the model has a discrete gradient.</summary>
    public Func<Tensor, Tensor, Tensor>? DiscreteField { get; }
}
