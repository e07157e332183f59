using DGNet.Systems;

namespace DGNet.Tests.Systems;

/// <summary>Expected values are NumPy 1.24's (<c>np.random.RandomState</c>), printed with repr.</summary>
public class NumpyLegacyRandomTests
{
    [Fact]
    public void TheDefaultSeedGivesTheCanonicalMersenneTwisterWords()
    {
        var random = new NumpyLegacyRandom(5489);
        Assert.Equal([3499211612u, 581869302u, 3890346734u], [random.NextUInt32(), random.NextUInt32(), random.NextUInt32()]);
    }

    [Fact]
    public void RandomSampleMatchesNumpyBitForBitAcrossTheStateRegeneration()
    {
        var random = new NumpyLegacyRandom(0);
        var values = Enumerable.Range(0, 1000).Select(_ => random.NextDouble()).ToArray();
        // 1000 doubles use 2000 words, so the last ones come after three regenerations of the 624-word state.
        Assert.Equal(0.5488135039273248, values[0]);
        Assert.Equal(0.7151893663724195, values[1]);
        Assert.Equal(0.6771411441114241, values[999]);
        Assert.Equal(0.0976320289940138, new NumpyLegacyRandom(uint.MaxValue).NextDouble());
    }

    [Fact]
    public void UniformAndRandIntMatchTheReferenceKdVDraws()
    {
        // The reference's first KdV draws after np.random.seed(1): uniform(0.5, 2, 2), uniform(0.2, 0.3),
        // uniform(0.2, 0.5), randint(0, 50), randint(0, 2). The third needs NumPy's rounded width 0.3 - 0.2.
        var random = new NumpyLegacyRandom(1);
        Assert.Equal(1.125533007053861, random.Uniform(0.5, 2.0));
        Assert.Equal(1.5804867401632372, random.Uniform(0.5, 2.0));
        Assert.Equal(0.2000114374817345, random.Uniform(0.2, 0.3));
        Assert.Equal(0.2906997717895519, random.Uniform(0.2, 0.5));
        Assert.Equal(15, random.RandInt(0, 50));
        Assert.Equal(0, random.RandInt(0, 2));
    }

    [Fact]
    public void StandardNormalMatchesNumpysPolarMethodAndItsKeptValue()
    {
        var random = new NumpyLegacyRandom(0);
        Assert.Equal([1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458, 1.8675579901499675],
            Enumerable.Range(0, 5).Select(_ => random.StandardNormal()).ToArray());
        // The second value of a pair is kept across uniform draws: the fourth call draws nothing.
        random = new NumpyLegacyRandom(3);
        Assert.Equal(0.5507979025745755, random.NextDouble());
        Assert.Equal(-1.0294714740051425, random.StandardNormal());
        Assert.Equal(0.510827605197663, random.NextDouble());
        Assert.Equal(1.0248068016826362, random.StandardNormal());
        Assert.Equal(-0.27738820251439905, random.StandardNormal());
    }

    [Fact]
    public void RandIntRejectsMaskedWordsOutsideTheRangeAsNumpyDoes()
    {
        var random = new NumpyLegacyRandom(7);
        Assert.Equal([47L, 4, 25, 3, 19, 23, 39, 28], Enumerable.Range(0, 8).Select(_ => random.RandInt(0, 50)).ToArray());
        Assert.Equal([1L, 0, 1, 0, 1, 0, 0, 0], Enumerable.Range(0, 8).Select(_ => random.RandInt(0, 2)).ToArray());
        Assert.Equal(3, random.RandInt(3, 4));
    }

    [Fact]
    public void RefusesSeedsNumpyRefuses()
    {
        Assert.Contains("seed", Assert.Throws<ArgumentException>(() => new NumpyLegacyRandom(-1)).Message);
        Assert.Contains("seed", Assert.Throws<ArgumentException>(() => new NumpyLegacyRandom(1L << 32)).Message);
        Assert.Throws<ArgumentException>(() => new NumpyLegacyRandom(0).RandInt(2, 2));
    }
}
