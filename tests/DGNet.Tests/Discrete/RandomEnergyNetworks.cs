using DGNet.Discrete;
using static TorchSharp.torch;

namespace DGNet.Tests.Discrete;

/// <summary>A randomly drawn energy network with the state shape it takes and a readable description.</summary>
internal sealed record RandomEnergy(PairModule Network, long[] StateShape, string Description);

/// <summary>
/// Draws random energy networks mixing every pair block: dense layers, 1-D and 2-D periodic convolutions (odd and
/// even kernels), 1x1 convolutions, every activation (and a generic one), products and sums of branches, residual
/// connections, scaling, reshapes, feature slices, reductions and quadratic forms. Parameters are randomised
/// (biases included) so that no block sits at its special initial values. At most one fast-growing activation
/// (exp, square, cube) is drawn per network, so that energies stay far from overflow. All randomness comes from the
/// seed (a local torch generator, not the global one that concurrently running tests share).
/// </summary>
internal sealed class RandomEnergyNetworks(int seed)
{
    private static readonly string[] Activations = ["tanh", "sigmoid", "softplus", "sin", "exp", "relu", "square", "cube", "silu"];
    private static readonly string[] Growing = ["exp", "square", "cube"];
    private readonly Random _rng = new(seed);
    private readonly Generator _generator = new Generator((ulong)seed);
    private bool _grew;

    /// <summary>Draws a network of the given kind: 0 dense, 1 one-dimensional grid, 2 two-dimensional grid.</summary>
    public RandomEnergy Draw(int kind)
    {
        var description = new List<string>();
        _grew = false;
        RandomEnergy result = kind switch
        {
            0 => Dense(description),
            1 => Grid(1, description),
            _ => Grid(2, description),
        };
        using (no_grad())
            foreach (var p in result.Network.parameters())
            {
                double scale = p.dim() >= 2 ? 1.2 / Math.Sqrt(p.shape.Skip(1).Aggregate(1L, (a, b) => a * b)) : 0.3;
                p.copy_(Randn(p.shape) * scale);
            }
        return result with { Description = string.Join(" ", description) };
    }

    /// <summary>Standard normal float64 values of the given shape from this generator's seed.</summary>
    public Tensor Randn(long[] shape) => randn(shape, dtype: ScalarType.Float64, generator: _generator);

    /// <summary>Uniform [0, 1) float64 values of the given shape from this generator's seed.</summary>
    public Tensor Rand(long[] shape) => rand(shape, dtype: ScalarType.Float64, generator: _generator);

    private RandomEnergy Dense(List<string> d)
    {
        long n = _rng.Next(1, 6);
        d.Add($"dense n={n}:");
        var (body, width) = DenseBody(n, 2, d);
        var head = DenseHead(width, d);
        return new(PairNet.Sequential(body, head), [n], "");
    }

    private (PairModule Block, long Width) DenseBody(long width, int depth, List<string> d)
    {
        var blocks = new List<PairModule>();
        int count = _rng.Next(1, 4);
        for (int i = 0; i < count; i++)
        {
            var (block, w) = DenseBlock(width, depth, d);
            blocks.Add(block);
            width = w;
        }
        return (PairNet.Sequential([.. blocks]), width);
    }

    private (PairModule, long) DenseBlock(long w, int depth, List<string> d)
    {
        int choice = _rng.Next(depth > 0 ? 9 : 4);
        switch (choice)
        {
            case 0:
            {
                long w2 = _rng.Next(1, 7);
                d.Add($"linear({w}->{w2})");
                return (PairNet.Linear(w, w2, _rng.Next(2) == 0), w2);
            }
            case 1:
                return (Activation(d), w);
            case 2:
            {
                double c = Math.Round(_rng.NextDouble() * 3 - 1.5, 2);
                d.Add($"scale({c})");
                return (PairNet.Scale(c), w);
            }
            case 3:
            {
                d.Add("reshape");
                return (PairNet.Sequential(new PairReshape(1, w, 1), PairNet.Flatten(2)), w);
            }
            case 4:
            {
                d.Add("residual[");
                var inner = PairNet.Sequential(PairNet.Linear(w, w), Activation(d));
                d.Add("]");
                return (PairNet.Residual(inner), w);
            }
            case 5:
            case 6:
            {
                long w2 = _rng.Next(1, 6);
                d.Add(choice == 5 ? "product[" : "sum[");
                var (left, lw) = DenseBody(w, depth - 1, d);
                d.Add("|");
                var (right, rw) = DenseBody(w, depth - 1, d);
                d.Add("]");
                var l = PairNet.Sequential(left, PairNet.Linear(lw, w2));
                var r = PairNet.Sequential(right, PairNet.Linear(rw, w2));
                return (choice == 5 ? PairNet.Product(l, r) : PairNet.Sum(l, r), w2);
            }
            case 7 when w >= 2:
            {
                long start = _rng.Next(0, (int)w - 1);
                long length = _rng.Next(1, (int)(w - start) + 1);
                d.Add($"take({start},{length})");
                return (PairNet.TakeFeatures(start, length), length);
            }
            default:
                return (Activation(d), w);
        }
    }

    private PairModule DenseHead(long w, List<string> d)
    {
        switch (_rng.Next(4))
        {
            case 0:
                d.Add("-> linear head");
                return PairNet.Sequential(PairNet.Linear(w, 1, false), PairNet.SumOver(1));
            case 1:
                d.Add("-> quadratic form");
                return PairNet.QuadraticForm(w);
            case 2:
                d.Add("-> mean");
                return PairNet.MeanOver(1);
            default:
                d.Add("-> quadratic form + linear head");
                return PairNet.Sum(PairNet.QuadraticForm(w),
                    PairNet.Sequential(PairNet.Linear(w, 1, true), Activation(d), PairNet.SumOver(1)));
        }
    }

    private RandomEnergy Grid(int dims, List<string> d)
    {
        long[] shape = dims == 1 ? [_rng.Next(4, 9)] : [_rng.Next(3, 6), _rng.Next(3, 6)];
        d.Add($"grid [{string.Join("x", shape)}]:");
        var blocks = new List<PairModule> { PairNet.AddChannel() };
        long c = 1;
        int count = _rng.Next(2, 5);
        for (int i = 0; i < count; i++)
        {
            var (block, c2) = GridBlock(dims, c, i == 0, d);
            blocks.Add(block);
            c = c2;
        }
        switch (_rng.Next(3))
        {
            case 0:
                d.Add($"-> conv1x1({c}->1) sum");
                blocks.Add(PairNet.Conv1x1(c, 1, false));
                blocks.Add(PairNet.SumOver(dims + 1));
                break;
            case 1:
                d.Add("-> mean over grid and channels");
                blocks.Add(PairNet.MeanOver(dims + 1));
                break;
            default:
                long flat = c * shape.Aggregate(1L, (a, b) => a * b);
                d.Add($"-> flatten({flat}) quadratic form");
                blocks.Add(PairNet.Flatten(dims + 1));
                blocks.Add(PairNet.QuadraticForm(flat));
                break;
        }
        return new(PairNet.Sequential([.. blocks]), shape, "");
    }

    private (PairModule, long) GridBlock(int dims, long c, bool first, List<string> d)
    {
        int choice = first ? 0 : _rng.Next(6);
        switch (choice)
        {
            case 0:
            {
                long c2 = _rng.Next(1, 5);
                long k = _rng.Next(1, dims == 1 ? 5 : 4);
                d.Add($"conv{dims}d({c}->{c2},k={k})");
                return (Conv(dims, c, c2, k), c2);
            }
            case 1:
            {
                long c2 = _rng.Next(1, 5);
                d.Add($"conv1x1({c}->{c2})");
                return (PairNet.Conv1x1(c, c2), c2);
            }
            case 2:
                return (Activation(d), c);
            case 3:
            {
                d.Add("residual[");
                var inner = PairNet.Sequential(Conv(dims, c, c, 3), Activation(d));
                d.Add("]");
                return (PairNet.Residual(inner), c);
            }
            case 4:
            {
                long c2 = _rng.Next(1, 4);
                d.Add("product[");
                var l = PairNet.Sequential(Conv(dims, c, c2, 3), Activation(d));
                d.Add("|");
                var r = PairNet.Sequential(PairNet.Conv1x1(c, c2), Activation(d));
                d.Add("]");
                return (PairNet.Product(l, r), c2);
            }
            default:
            {
                d.Add("sum[");
                var l = PairNet.Sequential(Conv(dims, c, c, 2), Activation(d));
                d.Add("| scale ]");
                return (PairNet.Sum(l, PairNet.Scale(0.5)), c);
            }
        }
    }

    private static PairPeriodicConv Conv(int dims, long cin, long cout, long k) =>
        dims == 1 ? PairNet.Conv1d(cin, cout, k) : PairNet.Conv2d(cin, cout, k);

    private PairModule Activation(List<string> d)
    {
        string name = Activations[_rng.Next(Activations.Length)];
        while (_grew && Growing.Contains(name)) name = Activations[_rng.Next(Activations.Length)];
        _grew |= Growing.Contains(name);
        d.Add(name);
        return name == "silu"
            ? PairNet.Elementwise("silu", x => x * x.sigmoid(), x => x.sigmoid() * (1 + x * (1 - x.sigmoid())))
            : PairNet.Activation(name);
    }
}
