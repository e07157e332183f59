namespace DGNet.Benchmarks;

/// <summary>How a model is trained in the memory comparison of <see cref="MemoryComparison"/>.</summary>
public enum MemoryMethod
{
    /// <summary>DGNet, Eq. (6): one discrete gradient per pair, no solver in the loop.</summary>
    DGNet,

    /// <summary>HNN++ through adaptive Dormand-Prince, gradient by back-propagation through every solver stage.</summary>
    HnnDopri5Backprop,

    /// <summary>HNN++ through adaptive Dormand-Prince, gradient by the adjoint method (<c>--adjoint</c>).</summary>
    HnnDopri5Adjoint,
}
