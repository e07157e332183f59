using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// The custom autograd node of <see cref="AdjointIntegrator"/>: inputs u0 and the parameters, output the solution
/// [batch, times, *state]. Its forward runs without graph (TorchSharp calls it with grad disabled); its backward runs
/// the adjoint pass. TorchSharp keeps one instance per type, so everything per call travels in the context.
/// </summary>
internal sealed class AdjointFunction : autograd.SingleTensorFunction<AdjointFunction>
{
    private const string CallKey = "adjoint call";

    public override string Name => nameof(AdjointFunction);

    public static Tensor Apply(Tensor u0, AdjointCall call)
    {
        var inputs = new object[call.Parameters.Count + 2];
        inputs[0] = u0;
        for (int i = 0; i < call.Parameters.Count; i++) inputs[i + 1] = call.Parameters[i];
        inputs[^1] = call;
        return apply(inputs);
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var u0 = (Tensor)vars[0];
        var call = (AdjointCall)vars[^1];
        var solution = call.Forward(u0);
        ctx.save_data(CallKey, call);
        ctx.save_for_backward([u0, solution]);
        return solution;
    }

    /// <summary>
    /// Gradients for u0 and each parameter. This runs as a callback of the native autograd engine, where a .NET
    /// exception would end the process, and so would making the engine raise an error under <c>autograd.grad</c>
    /// (TorchSharp does not catch it there): a failure is recorded on the integrator instead and the gradients are
    /// NaN.
    /// </summary>
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var call = (AdjointCall)ctx.get_data(CallKey);
        try
        {
            using var scope = NewDisposeScope();
            using var guard = no_grad();
            var saved = ctx.get_saved_variables();
            var (stateGradient, parameterGradients) = call.Backward(saved[0], saved[1], grad_output);
            var gradients = new List<Tensor>(parameterGradients.Length + 2) { stateGradient.MoveToOuterDisposeScope() };
            gradients.AddRange(parameterGradients.Select(g => g.MoveToOuterDisposeScope()));
            gradients.Add(null!);
            return gradients;
        }
        catch (Exception failure)
        {
            call.Integrator.RecordBackwardFailure(failure);
            var saved = ctx.get_saved_variables();
            var undefined = new List<Tensor>(call.Parameters.Count + 2) { full_like(saved[0], double.NaN) };
            undefined.AddRange(call.Parameters.Select(p => full_like(p, double.NaN)));
            undefined.Add(null!);
            return undefined;
        }
    }
}
