using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>Blocks applied one after the other; the pullback chains their pullbacks in reverse order.</summary>
public sealed class PairSequential : PairModule
{
    private readonly ModuleList<PairModule> blocks;

    /// <summary>Creates the chain of <paramref name="blocks"/> (at least one).</summary>
    public PairSequential(params PairModule[] blocks) : base(nameof(PairSequential))
    {
        if (blocks.Length == 0) throw new ArgumentException("a sequential block needs at least one block");
        this.blocks = new ModuleList<PairModule>(blocks);
        RegisterComponents();
    }

    /// <summary>The blocks, in order.</summary>
    public IReadOnlyList<PairModule> Blocks => [.. blocks];

    /// <inheritdoc/>
    public override PairOutput Forward(Tensor x)
    {
        var pullbacks = new Pullback[blocks.Count];
        for (int i = 0; i < blocks.Count; i++)
        {
            var output = blocks[i].Forward(x);
            pullbacks[i] = output.Pullback;
            x = output.Value;
        }
        return new(x, g =>
        {
            for (int i = pullbacks.Length - 1; i >= 0; i--) g = pullbacks[i](g);
            return g;
        });
    }
}
