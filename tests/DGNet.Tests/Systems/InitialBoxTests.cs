using DGNet.Systems;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Systems;

public class InitialBoxTests
{
    [Fact]
    public void EveryCoordinateHasItsMagnitudeInTheBoxAndBothSignsOccur()
    {
        var box = new InitialBox(0.2, 1.0);
        using var generator = new Generator(3);
        using var scope = NewDisposeScope();
        var states = box.Sample(4000, generator, ScalarType.Float64, CPU);
        Assert.Equal([4000L, 2L], states.shape);
        var magnitude = states.abs();
        Assert.True(magnitude.min().item<double>() >= 0.2);
        Assert.True(magnitude.max().item<double>() <= 1.0);
        // Uniform magnitudes: mean 0.6, and the two ends of the box are both reached closely.
        Assert.InRange(magnitude.mean().item<double>(), 0.58, 0.62);
        Assert.True(magnitude.min().item<double>() < 0.21 && magnitude.max().item<double>() > 0.99);
        for (int c = 0; c < 2; c++)
            Assert.InRange((states[.., c] > 0).to_type(ScalarType.Float64).mean().item<double>(), 0.45, 0.55);
        // Energies q² + p² reach past 1, the radius of the mass-spring training data.
        Assert.True(states.square().sum(1).max().item<double>() > 1.8);
    }

    [Theory]
    [InlineData("0.2,1", 0.2, 1.0)]
    [InlineData("0,2.5", 0.0, 2.5)]
    [InlineData("1e-1,3E0", 0.1, 3.0)]
    public void ParsesLowCommaHigh(string text, double low, double high) =>
        Assert.Equal(new InitialBox(low, high), InitialBox.Parse(text));

    [Theory]
    [InlineData("0.2", "expected LOW,HIGH")]
    [InlineData("0.2,1,2", "expected LOW,HIGH")]
    [InlineData("a,1", "expected LOW,HIGH")]
    [InlineData("1,0.2", "need 0 <= low < high")]
    [InlineData("0.5,0.5", "need 0 <= low < high")]
    [InlineData("-0.1,1", "need 0 <= low < high")]
    [InlineData("0,Infinity", "need 0 <= low < high")]
    public void RefusesWhatIsNotABox(string text, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => InitialBox.Parse(text));
        Assert.StartsWith("initial-box: ", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void AppliesToSystemsWithOneDegreeOfFreedomOnly()
    {
        InitialBox.CheckApplies(new MassSpring());
        InitialBox.CheckApplies(new Pendulum(friction: 0.05));
        Assert.Contains("two-body", Assert.Throws<ArgumentException>(() => InitialBox.CheckApplies(new TwoBody())).Message);
        Assert.Contains("kdv", Assert.Throws<ArgumentException>(() => InitialBox.CheckApplies(new KdV(grid: 8))).Message);
    }
}
