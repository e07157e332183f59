using DGNet.Reproduction;
using DGNet.Systems;

namespace DGNet.Tests.Systems;

public class GenerationSettingsTests
{
    private static readonly GenerationSettings Valid = new(10, 5, 0.1, 0, 0.2);

    [Fact]
    public void RejectsImpossibleValues()
    {
        Valid.Validate();
        Assert.Contains("trajectories", Assert.Throws<ArgumentException>(() => (Valid with { Trajectories = 0 }).Validate()).Message);
        Assert.Contains("steps", Assert.Throws<ArgumentException>(() => (Valid with { Steps = -1 }).Validate()).Message);
        Assert.Contains("dt", Assert.Throws<ArgumentException>(() => (Valid with { Dt = 0 }).Validate()).Message);
        Assert.Contains("dt", Assert.Throws<ArgumentException>(() => (Valid with { Dt = double.NaN }).Validate()).Message);
        Assert.Contains("noise", Assert.Throws<ArgumentException>(() => (Valid with { Noise = -0.1 }).Validate()).Message);
        Assert.Contains("test fraction", Assert.Throws<ArgumentException>(() => (Valid with { TestFraction = 1 }).Validate()).Message);
        Assert.Contains("test fraction", Assert.Throws<ArgumentException>(() => (Valid with { TestFraction = 0 }).Validate()).Message);
        Assert.Contains("initial-box", Assert.Throws<ArgumentException>(() => (Valid with { Box = new(1, 0.5) }).Validate()).Message);
        Assert.Contains("unknown sampler", Assert.Throws<ArgumentException>(() => (Valid with { Sampler = "numpy" }).Validate()).Message);
        Assert.Contains("exclude", Assert.Throws<ArgumentException>(
            () => (Valid with { Sampler = GenerationSettings.ReferenceSampler, Box = InitialBox.Reference }).Validate()).Message);
        // One NumPy seed per trajectory: the last seed must still be one NumPy takes.
        (Valid with { Sampler = GenerationSettings.ReferenceSeedsSampler, Seed = uint.MaxValue - 9L }).Validate();
        Assert.Contains("2^32 - 1", Assert.Throws<ArgumentException>(
            () => (Valid with { Sampler = GenerationSettings.ReferenceSeedsSampler, Seed = uint.MaxValue - 8L }).Validate()).Message);
    }

    [Fact]
    public void WithoutABoxTheHashedJsonIsWhatItWasBeforeBoxesExisted()
    {
        // Cached reproduction data are named by a hash of this JSON: a null box must leave it untouched.
        Assert.Equal("{\"trajectories\":10,\"steps\":5,\"dt\":0.1,\"noise\":0,\"test_fraction\":0.2,\"seed\":0,\"test_trajectories\":2}",
            ConfigurationKey.Json(Valid));
        Assert.Contains("\"box\":{\"low\":0.2,\"high\":1}", ConfigurationKey.Json(Valid with { Box = InitialBox.Reference }));
        Assert.Contains("\"sampler\":\"reference\"", ConfigurationKey.Json(Valid with { Sampler = GenerationSettings.ReferenceSampler }));
    }

    [Theory]
    [InlineData(100, 0.1, 10)]
    [InlineData(50, 0.5, 25)]
    [InlineData(1000, 0.2, 200)]
    [InlineData(3, 0.1, 1)]
    [InlineData(3, 0.9, 2)]
    [InlineData(1, 0.5, 0)]
    public void TestSplitIsTheRoundedFractionWithBothSplitsNonEmpty(int trajectories, double fraction, int expected) =>
        Assert.Equal(expected, (Valid with { Trajectories = trajectories, TestFraction = fraction }).TestTrajectories);
}
