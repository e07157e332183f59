using DGNet.Reproduction;

namespace DGNet.Tests.Reproduction;

/// <summary>One uninterrupted reproduction of the smoke preset (both suites), run once for the reproduction tests.</summary>
public sealed class SmokeReproductionFixture
{
    public SmokeReproductionFixture()
    {
        Output = TempFiles.Folder();
        Result = Reproducer.Run(SmokePreset.Request(Output));
    }

    /// <summary>The output folder.</summary>
    public string Output { get; }

    /// <summary>What the session did and found.</summary>
    public ReproductionResult Result { get; }
}
