using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// The energy networks of the reference experiments (paper.md section 3), with widths and activation settable.
/// All return one energy per sample; weights are orthogonal, biases zero, and the energy head has no bias.
/// Parameters are float64 on the CPU unless a dtype and device are given.
/// </summary>
public static class EnergyNetworks
{
    /// <summary>
    /// MLP for ODE states [batch..., n]: n → hidden → ... → hidden → 1 (no bias) with the activation after every
    /// hidden layer (reference: two hidden layers of 200, tanh).
    /// </summary>
    public static PairSequential Mlp(long stateSize, long hidden = 200, int hiddenLayers = 2, string activation = "tanh",
        ScalarType dtype = ScalarType.Float64, Device? device = null)
    {
        if (hiddenLayers < 1) throw new ArgumentException($"an MLP energy needs at least one hidden layer, got {hiddenLayers}");
        var blocks = new List<PairModule>();
        long width = stateSize;
        for (int i = 0; i < hiddenLayers; i++)
        {
            blocks.Add(PairNet.Linear(width, hidden, true, dtype, device));
            blocks.Add(PairNet.Activation(activation));
            width = hidden;
        }
        blocks.Add(PairNet.Linear(width, 1, false, dtype, device));
        blocks.Add(PairNet.SumOver(1));
        return PairNet.Sequential([.. blocks]);
    }

    /// <summary>
    /// Energy of a field on a periodic 1-D grid, states [batch..., L]: periodic conv1d(1 → hidden, kernel) →
    /// activation → conv1x1(hidden → hidden) → activation → conv1x1(hidden → 1, no bias) → sum over the grid
    /// (reference: hidden 200, kernel 3, tanh); the last two as one <see cref="PairGridReadout"/>.
    /// </summary>
    public static PairSequential Grid1d(long hidden = 200, long kernelSize = 3, string activation = "tanh",
        ScalarType dtype = ScalarType.Float64, Device? device = null) =>
        PairNet.Sequential(
            PairNet.AddChannel(),
            PairNet.Conv1d(1, hidden, kernelSize, true, dtype, device),
            PairNet.Activation(activation),
            PairNet.Conv1x1(hidden, hidden, true, dtype, device),
            PairNet.Activation(activation),
            PairNet.GridReadout(hidden, 1, dtype, device));

    /// <summary>
    /// The 2-D analogue for fields on a periodic H × W grid, states [batch..., H, W]: periodic conv2d(1 → hidden,
    /// kernel × kernel) → activation → conv1x1 → activation → conv1x1(hidden → 1, no bias) → sum over the grid (the
    /// last two as one <see cref="PairGridReadout"/>).
    /// </summary>
    public static PairSequential Grid2d(long hidden = 200, long kernelSize = 3, string activation = "tanh",
        ScalarType dtype = ScalarType.Float64, Device? device = null) =>
        PairNet.Sequential(
            PairNet.AddChannel(),
            PairNet.Conv2d(1, hidden, kernelSize, true, dtype, device),
            PairNet.Activation(activation),
            PairNet.Conv1x1(hidden, hidden, true, dtype, device),
            PairNet.Activation(activation),
            PairNet.GridReadout(hidden, 2, dtype, device));

    /// <summary>
    /// Separable energy H(q, p) = T(p) + V(q) for states (q, p) with <paramref name="degreesOfFreedom"/> d each,
    /// T and V being MLP energies on d inputs (as SRNN uses).
    /// </summary>
    public static SeparableEnergy Separable(long degreesOfFreedom, long hidden = 200, int hiddenLayers = 2,
        string activation = "tanh", ScalarType dtype = ScalarType.Float64, Device? device = null) =>
        new(degreesOfFreedom,
            kinetic: Mlp(degreesOfFreedom, hidden, hiddenLayers, activation, dtype, device),
            potential: Mlp(degreesOfFreedom, hidden, hiddenLayers, activation, dtype, device));
}
