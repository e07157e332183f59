using DGNet.Data;
using DGNet.Models;
using DGNet.Tests.Training;
using DGNet.Training;
using static TorchSharp.torch;

namespace DGNet.Tests.Cli;

/// <summary>Data files and small finished runs for the command tests, made once with the library.</summary>
public sealed class ModelCommandsFixture
{
    public ModelCommandsFixture()
    {
        set_num_threads(1);
        Spring = TinyData.SaveToFile(TinyData.Spring, "spring.npz");
        KdV = TinyData.SaveToFile(TinyData.KdV, "kdv.npz");
        CahnHilliard2d = TinyData.SaveToFile(TinyData.CahnHilliard2d, "ch2d.npz");
        using (var scope = NewDisposeScope())
        using (var coarse = Dataset.Create(TinyData.KdV.U.clone(), TinyData.KdV.Dt, dx: 0.5, split: TinyData.KdV.Split))
        {
            OtherGrid = TempFiles.Path("coarse.npz");
            coarse.Save(OtherGrid);
        }
        using (var single = Dataset.Create(TinyData.Spring.U.narrow(0, 0, 1).clone(), TinyData.Spring.Dt))
        {
            SingleTrajectory = TempFiles.Path("single.npz");
            single.Save(SingleTrajectory);
        }
        DgNetRun = Train(TinyData.Spring, "dgnet", steps: 20);
        NodeRun = Train(TinyData.Spring, "node", steps: 5);
        KdVRun = Train(TinyData.KdV, "dgnet", steps: 3);
        IncompleteRun = Train(TinyData.Spring, "hnn", steps: 3);
        File.Delete(Path.Combine(IncompleteRun, RunDirectory.WeightsFile));
        File.Delete(Path.Combine(IncompleteRun, RunDirectory.CheckpointFile));
    }

    /// <summary>The harmonic oscillator data (ODE states [2]).</summary>
    public string Spring { get; }

    /// <summary>KdV data (fields [24], dx 10/24).</summary>
    public string KdV { get; }

    /// <summary>2-D Cahn-Hilliard data (fields [8, 8]).</summary>
    public string CahnHilliard2d { get; }

    /// <summary>The KdV states with another grid spacing (dx 0.5).</summary>
    public string OtherGrid { get; }

    /// <summary>Spring data with a single trajectory (nothing to test on).</summary>
    public string SingleTrajectory { get; }

    /// <summary>A finished DGNet run on <see cref="Spring"/>.</summary>
    public string DgNetRun { get; }

    /// <summary>A finished neural ODE run on <see cref="Spring"/>.</summary>
    public string NodeRun { get; }

    /// <summary>A finished DGNet run on <see cref="KdV"/>.</summary>
    public string KdVRun { get; }

    /// <summary>An HNN run whose final weights are missing, as if training had been killed.</summary>
    public string IncompleteRun { get; }

    private static string Train(Dataset data, string model, int steps)
    {
        string folder = TempFiles.Folder();
        var spec = ModelSetup.Spec(data, new ModelChoices(model, Hidden: 8));
        using var run = TrainingRun.Start(folder, data, spec, new TrainingOptions { Solver = PhysicsModels.DefaultSolver(model), Steps = steps });
        run.Run();
        return folder;
    }
}
