namespace DGNet.Tests.Training;

/// <summary>
/// Tests that compare results bit for bit across runs: they run alone, after the parallel tests, because libtorch's
/// thread count is process-wide and other tests change it (results agree exactly only for equal thread counts).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "bit-exact runs";
}
