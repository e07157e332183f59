using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DGNet.Training;

/// <summary>
/// Adam (Kingma and Ba) with the update rule of torch.optim.Adam, weight decay as an L2 term added to the gradient.
/// Written here, rather than taken from TorchSharp, so that its whole state (the moment estimates and the step
/// count) is plain named tensors that a checkpoint stores and restores bit for bit.
/// </summary>
public sealed class AdamOptimizer : IDisposable
{
    private readonly (string Name, Parameter Parameter, Tensor First, Tensor Second)[] slots;

    /// <summary>Creates the optimizer for the named parameters, with zero moments.</summary>
    public AdamOptimizer(IEnumerable<(string Name, Parameter Parameter)> parameters, double learningRate,
        double weightDecay = 0, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(learningRate > 0)) throw new ArgumentException($"the learning rate must be positive, got {learningRate}");
        if (!(weightDecay >= 0)) throw new ArgumentException($"weight decay must be zero or positive, got {weightDecay}");
        LearningRate = learningRate;
        WeightDecay = weightDecay;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        using var guard = no_grad();
        slots = parameters.Select(p => (p.Name, p.Parameter, zeros_like(p.Parameter), zeros_like(p.Parameter))).ToArray();
    }

    public double LearningRate { get; }

    public double WeightDecay { get; }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Epsilon { get; }

    /// <summary>Updates taken so far (the t of the bias corrections).</summary>
    public long StepCount { get; private set; }

    /// <summary>Clears the gradients of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var slot in slots) slot.Parameter.grad?.zero_();
    }

    /// <summary>One Adam update from the parameters' current gradients (parameters without a gradient keep their value
    /// but still age their moments, as with a zero gradient).</summary>
    public void Step()
    {
        StepCount++;
        double correction1 = 1 - Math.Pow(Beta1, StepCount);
        double correction2 = 1 - Math.Pow(Beta2, StepCount);
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        foreach (var (_, parameter, first, second) in slots)
        {
            var gradient = parameter.grad ?? zeros_like(parameter);
            if (WeightDecay != 0) gradient = gradient.add(parameter, alpha: WeightDecay);
            first.mul_(Beta1).add_(gradient, alpha: 1 - Beta1);
            second.mul_(Beta2).addcmul_(gradient, gradient, value: 1 - Beta2);
            var denominator = (second.sqrt() / Math.Sqrt(correction2)).add_(Epsilon);
            parameter.addcdiv_(first, denominator, value: -LearningRate / correction1);
        }
    }

    /// <summary>The state as named tensors (views of the live state): "adam_m:NAME", "adam_v:NAME" per parameter.</summary>
    public IEnumerable<(string Name, Tensor Value)> StateTensors()
    {
        foreach (var (name, _, first, second) in slots)
        {
            yield return ("adam_m:" + name, first);
            yield return ("adam_v:" + name, second);
        }
    }

    /// <summary>Restores the step count and the moments from named tensors as <see cref="StateTensors"/> gives them.</summary>
    /// <exception cref="InvalidDataException">A moment is missing or has the wrong shape.</exception>
    public void Restore(long stepCount, IReadOnlyDictionary<string, Tensor> state)
    {
        if (stepCount < 0) throw new InvalidDataException($"Adam step count must be >= 0, got {stepCount}");
        using var guard = no_grad();
        foreach (var (name, value) in StateTensors())
        {
            if (!state.TryGetValue(name, out var stored))
                throw new InvalidDataException($"the checkpoint lacks the optimizer state '{name}'");
            if (!stored.shape.SequenceEqual(value.shape))
                throw new InvalidDataException(
                    $"optimizer state '{name}' has shape [{string.Join(", ", stored.shape)}], the model needs [{string.Join(", ", value.shape)}]");
            value.copy_(stored);
        }
        StepCount = stepCount;
    }

    public void Dispose()
    {
        foreach (var (_, _, first, second) in slots)
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
