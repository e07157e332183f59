using DGNet.Integrators;
using DGNet.Reproduction;
using DGNet.Systems;
using DGNet.Tests.Data;

namespace DGNet.Tests.Reproduction;

/// <summary>
/// The plan names every piece of work by its configuration: equal configurations give equal keys (so finished work is
/// found again), and each setting that changes a result changes the keys of exactly the work it affects.
/// </summary>
public class ReproductionPlanTests
{
    private static ReproductionPlan Plan(ReproductionPreset preset, string output = "/tmp/reproduce-plan", IReadOnlyList<long>? seeds = null) =>
        ReproductionPlan.Build(new ReproductionRequest { Preset = preset, Output = output, Seeds = seeds });

    /// <summary>The work keys of every row of <paramref name="preset"/> for seed 0.</summary>
    private static Dictionary<string, string> AllKeys(ReproductionPreset preset) =>
        Keys(ReproductionPlan.Build(new ReproductionRequest { Preset = preset, Output = "/tmp/p", Seeds = [0] }));

    /// <summary>Every key of a plan by a description of its work, locations left out.</summary>
    private static Dictionary<string, string> Keys(ReproductionPlan plan)
    {
        var keys = new Dictionary<string, string>();
        foreach (var dataset in plan.Datasets)
        {
            foreach (var data in dataset.Data)
            {
                string name = $"{dataset.Preset.Key} data{(data.Seed is { } seed ? $" seed {seed}" : "")}";
                keys[name] = data.Key;
                if (data.Orbits is { } orbits) keys[$"{name} orbits"] = orbits.Key;
            }
            foreach (var training in dataset.Trainings)
            {
                string name = $"{dataset.Preset.Key} {training.Row.Model} {training.Row.TrainingSolver} seed {training.Seed}";
                keys[name] = training.Key;
                foreach (var prediction in training.Predictions) keys[$"{name} -> {prediction.Solver}"] = prediction.Key;
                foreach (var prediction in training.OrbitPredictions) keys[$"{name} -> {prediction.Solver} on orbits"] = prediction.Key;
            }
            foreach (var rollout in dataset.LongRollouts) keys[$"{dataset.Preset.Key} long {rollout.Solver}"] = rollout.Key;
        }
        return keys;
    }

    /// <summary>The names of the pieces of work whose keys differ between two plans with the same work.</summary>
    private static string[] Changed(ReproductionPlan before, ReproductionPlan after)
    {
        var a = Keys(before);
        var b = Keys(after);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        return a.Keys.Where(k => a[k] != b[k]).Order().ToArray();
    }

    private static ReproductionPreset WithDataset(ReproductionPreset preset, string key, Func<DatasetPreset, DatasetPreset> change) =>
        preset with { Datasets = preset.Datasets.Select(d => d.Key == key ? change(d) : d).ToArray() };

    [Fact]
    public void EqualConfigurationsGiveEqualKeysWhereverTheOutputIs()
    {
        var first = Plan(SmokePreset.Create(), "/tmp/one");
        var second = Plan(SmokePreset.Create(), "/elsewhere/two");
        Assert.Empty(Changed(first, second));
        Assert.Equal(Keys(first).Count, Keys(first).Values.Distinct().Count());
        Assert.All(first.Datasets.SelectMany(d => d.Trainings), t => Assert.EndsWith(t.Key, t.RunPath));
    }

    public static TheoryData<string, Func<DatasetPreset, DatasetPreset>> TrainingChanges() => new()
    {
        { "steps", d => d with { Training = d.Training with { Steps = d.Training.Steps + 1 } } },
        { "batch", d => d with { Training = d.Training with { BatchSize = 5 } } },
        { "learning rate", d => d with { Training = d.Training with { LearningRate = 2e-3 } } },
        { "weight decay", d => d with { Training = d.Training with { WeightDecay = 1e-3 } } },
        { "width", d => d with { Hidden = d.Hidden + 1 } },
        { "dtype", d => d with { DType = d.DType == "float32" ? "float64" : "float32" } },
    };

    [Theory]
    [MemberData(nameof(TrainingChanges))]
    public void ATrainingSettingChangesTheKeysOfEveryTrainingOfItsDatasetAndNothingElse(string setting, Func<DatasetPreset, DatasetPreset> change)
    {
        var before = Plan(SmokePreset.Create());
        var after = Plan(WithDataset(SmokePreset.Create(), "mass-spring", change));
        var expected = Keys(before).Keys.Where(k => k.StartsWith("mass-spring ", StringComparison.Ordinal) && !k.StartsWith("mass-spring data", StringComparison.Ordinal)).Order();
        Assert.True(expected.SequenceEqual(Changed(before, after)), setting);
    }

    public static TheoryData<string, Func<GenerationSettings, GenerationSettings>> DataChanges() => new()
    {
        { "trajectories", s => s with { Trajectories = s.Trajectories + 1 } },
        { "steps", s => s with { Steps = s.Steps + 1 } },
        { "dt", s => s with { Dt = s.Dt * 1.5 } },
        { "noise", s => s with { Noise = 0.2 } },
        { "test fraction", s => s with { TestFraction = 0.25 } },
        { "seed", s => s with { Seed = 9 } },
    };

    [Theory]
    [MemberData(nameof(DataChanges))]
    public void ADataSettingChangesEveryKeyOfItsDatasetAndNothingElse(string setting, Func<GenerationSettings, GenerationSettings> change)
    {
        var before = Plan(SmokePreset.Create());
        var after = Plan(WithDataset(SmokePreset.Create(), "kdv", d => d with { Data = d.Data with { Settings = change(d.Data.Settings!) } }));
        var expected = Keys(before).Keys.Where(k => k.StartsWith("kdv ", StringComparison.Ordinal)).Order();
        Assert.True(expected.SequenceEqual(Changed(before, after)), setting);
    }

    [Fact]
    public void APerSeedDatasetGivesEachSeedItsOwnDataAndSeedZeroTheSharedDatasetsKey()
    {
        var preset = Presets.Paper;
        var request = new ReproductionRequest { Preset = preset, Output = "/tmp/p", Seeds = [0, 1, 2], Datasets = new HashSet<string> { "mass-spring", "two-body" } };
        var plan = ReproductionPlan.Build(request);
        var spring = plan.Datasets.Single(d => d.Preset.Key == "mass-spring");
        var twoBody = plan.Datasets.Single(d => d.Preset.Key == "two-body");
        Assert.True(spring.Preset.DataPerSeed);
        Assert.False(twoBody.Preset.DataPerSeed);

        Assert.Equal([0L, 1L, 2L], spring.Data.Select(d => d.Seed!.Value));
        Assert.Equal(3, spring.Data.Select(d => d.Key).Distinct().Count());
        Assert.Equal([0L, 1L, 2L], spring.Data.Select(d => d.Source.Settings!.Seed));
        Assert.All(spring.Trainings, t => Assert.Equal(t.Seed, t.Data.Seed));
        Assert.Null(Assert.Single(twoBody.Data).Seed);
        Assert.All(twoBody.Trainings, t => Assert.Same(twoBody.Data[0], t.Data));

        // Seed 0 keeps the key (and so the files) it had when every seed shared one dataset.
        var shared = ReproductionPlan.Build(request with { Preset = WithDataset(preset, "mass-spring", d => d with { DataPerSeed = false }) })
            .Datasets.Single(d => d.Preset.Key == "mass-spring");
        Assert.Equal(shared.Data.Single().Key, spring.Data[0].Key);
        Assert.Equal(shared.Trainings.Where(t => t.Seed == 0).Select(t => t.Key), spring.Trainings.Where(t => t.Seed == 0).Select(t => t.Key));
        Assert.NotEqual(shared.Trainings.Where(t => t.Seed == 1).Select(t => t.Key), spring.Trainings.Where(t => t.Seed == 1).Select(t => t.Key));
    }

    [Fact]
    public void OnlyThe2dLearnedStructureTrainsItsKernelInGridUnits()
    {
        foreach (var preset in new[] { Presets.Paper, Presets.Quick })
            foreach (var dataset in preset.Datasets)
                foreach (var row in dataset.Rows)
                    Assert.Equal(dataset.Key == Presets.CahnHilliard2dKey ? 2 : 0, ReproductionPlan.Choices(dataset, row).KernelOrder);
    }

    [Fact]
    public void ThePaperPresetSimulatesThePdesAnd2BodyFromTheReferenceCodesInitialStates()
    {
        // The published PDE and 2-body numbers were measured on the reference code's data: NumPy seed 1 for KdV, 0 for
        // Cahn-Hilliard and 2-body. Every other dataset keeps its own sampler.
        var settings = Presets.Paper.Datasets.ToDictionary(d => d.Key, d => d.Data.Settings);
        Assert.Equal((1L, GenerationSettings.ReferenceSampler), (settings["kdv"]!.Seed, settings["kdv"]!.Sampler));
        Assert.Equal((0L, GenerationSettings.ReferenceSampler), (settings["cahn-hilliard"]!.Seed, settings["cahn-hilliard"]!.Sampler));
        Assert.Equal((0L, GenerationSettings.ReferenceSampler), (settings["two-body"]!.Seed, settings["two-body"]!.Sampler));
        Assert.All(settings.Where(s => s.Key is not ("kdv" or "cahn-hilliard" or "two-body") && s.Value is not null), s => Assert.Null(s.Value!.Sampler));
        Assert.All(Presets.Quick.Datasets, d => Assert.Null(d.Data.Settings?.Sampler));
    }

    [Fact]
    public void ReferenceOrbitsAreTheDatasSimulationWithTheBoxAndLeaveEveryOtherKeyAsItWas()
    {
        var request = new ReproductionRequest { Preset = Presets.Paper, Output = "/tmp/p", Seeds = [0, 1] };
        var plan = ReproductionPlan.Build(request);
        Assert.Equal(["mass-spring", "pendulum", "two-body"], plan.Datasets.Where(d => d.Preset.ReferenceOrbits is not null).Select(d => d.Preset.Key));
        Assert.All(plan.Datasets.Where(d => d.Preset.ReferenceOrbits is null), d =>
        {
            Assert.All(d.Data, data => Assert.Null(data.Orbits));
            Assert.All(d.Trainings, t => Assert.Empty(t.OrbitPredictions));
        });

        var spring = plan.Datasets.Single(d => d.Preset.Key == "mass-spring");
        foreach (var data in spring.Data)
        {
            var orbits = data.Orbits!;
            var settings = orbits.Source.Settings!;
            // What `dgnet --seed N data generate mass-spring --trajectories 16 --test-fraction 0.9375 --noise 0 --initial-box 0.2,1` makes.
            Assert.Equal(new GenerationSettings(16, 99, 20.0 / 99, 0, 0.9375, data.Seed!.Value, InitialBox.Reference), settings);
            Assert.Equal(15, settings.TestTrajectories);
            Assert.Equal((data.Source.System, data.Seed), (orbits.Source.System, orbits.Seed));
            Assert.NotEqual(data.Key, orbits.Key);
            Assert.NotEqual(data.Path, orbits.Path);
        }
        Assert.Equal(2, spring.Data.Select(d => d.Orbits!.Key).Distinct().Count());

        // 2-body: one dataset for all seeds, and the reference's 15 orbits, the first of each of the NumPy seeds 0-14,
        // as `dgnet --seed 0 data generate two-body --sampler reference-seeds --trajectories 16 --test-fraction 0.9375` makes them.
        var twoBody = Assert.Single(plan.Datasets.Single(d => d.Preset.Key == "two-body").Data);
        Assert.Equal(new GenerationSettings(16, 499, 25.0 / 499, 0, 0.9375, 0, Sampler: GenerationSettings.ReferenceSeedsSampler),
            twoBody.Orbits!.Source.Settings);
        foreach (var training in spring.Trainings)
        {
            Assert.Equal(training.Predictions.Select(p => p.Solver), training.OrbitPredictions.Select(p => p.Solver));
            Assert.All(training.OrbitPredictions, p => Assert.True(p.OnReferenceOrbits));
            Assert.Empty(training.Predictions.Select(p => p.Key).Intersect(training.OrbitPredictions.Select(p => p.Key)));
        }

        // Adding the orbits adds work and changes none that was planned without them.
        var without = Keys(ReproductionPlan.Build(request with
        {
            Preset = Presets.Paper with { Datasets = Presets.Paper.Datasets.Select(d => d with { ReferenceOrbits = null }).ToArray() },
        }));
        var with = Keys(plan);
        Assert.Equal(without, with.Where(k => !k.Key.EndsWith("orbits", StringComparison.Ordinal)).ToDictionary());

        // The data's noise does not reach the noise-free orbits; its time step does.
        var noisier = Plan(WithDataset(SmokePreset.Create(), "mass-spring", d => d with { Data = d.Data with { Settings = d.Data.Settings! with { Noise = 0.3 } } }));
        var finer = Plan(WithDataset(SmokePreset.Create(), "mass-spring", d => d with { Data = d.Data with { Settings = d.Data.Settings! with { Dt = 0.1 } } }));
        var smoke = Plan(SmokePreset.Create());
        string orbitData = "mass-spring data seed 0 orbits";
        Assert.Equal(Keys(smoke)[orbitData], Keys(noisier)[orbitData]);
        Assert.NotEqual(Keys(smoke)[orbitData], Keys(finer)[orbitData]);
    }

    [Fact]
    public void TheGridIsPartOfTheData()
    {
        var before = Plan(SmokePreset.Create());
        var after = Plan(WithDataset(SmokePreset.Create(), "kdv", d => d with { Data = d.Data with { Grid = 20 } }));
        Assert.Equal(Keys(before).Keys.Where(k => k.StartsWith("kdv ", StringComparison.Ordinal)).Order(), Changed(before, after));
    }

    [Fact]
    public void DormandPrinceTolerancesChangeOnlyTheWorkDoneWithDormandPrince()
    {
        var before = Plan(SmokePreset.Create());
        var after = Plan(WithDataset(SmokePreset.Create(), "kdv", d => d with { Dopri5 = new Dopri5Options(1e-6, 1e-8) }));
        string[] expected =
        [
            "kdv dgnet eq6 seed 0 -> dopri5",
            "kdv hnn dopri5 seed 0", "kdv hnn dopri5 seed 0 -> dopri5",
            "kdv long dopri5",
            "kdv node dopri5 seed 0", "kdv node dopri5 seed 0 -> dopri5",
        ];
        Assert.Equal(expected, Changed(before, after));
    }

    [Fact]
    public void NamedDatasetsKeepTheirWorkAndKeysAndDropTheOthers()
    {
        var preset = Presets.Paper;
        var all = AllKeys(preset);
        var request = new ReproductionRequest { Preset = preset, Output = "/tmp/p", Seeds = [0], Datasets = new HashSet<string> { "mass-spring", "kdv" } };
        request.Validate();
        var some = ReproductionPlan.Build(request);
        Assert.Equal(["kdv", "mass-spring"], some.Datasets.Select(d => d.Preset.Key).Order());
        var kept = Keys(some);
        Assert.Equal(all.Where(p => p.Key.StartsWith("kdv ", StringComparison.Ordinal) || p.Key.StartsWith("mass-spring ", StringComparison.Ordinal))
            .OrderBy(p => p.Key), kept.OrderBy(p => p.Key));

        // A named dataset outside the chosen suites leaves nothing to do; an unknown one is named in the error.
        var outside = request with { Suites = new HashSet<ReproductionSuite> { ReproductionSuite.Pde }, Datasets = new HashSet<string> { "pendulum" } };
        Assert.Equal("the paper preset has no dataset in the chosen suites and datasets", Assert.Throws<ArgumentException>(outside.Validate).Message);
        var unknown = request with { Datasets = new HashSet<string> { "kdv", "spring" } };
        Assert.StartsWith("--datasets: the paper preset has no dataset 'spring' (known: kdv, cahn-hilliard, ",
            Assert.Throws<ArgumentException>(unknown.Validate).Message);
        var lipson = request with { Datasets = new HashSet<string> { "real-pendulum" } };
        Assert.EndsWith("two-body, real-pendulum (with --real-pendulum FILE))", Assert.Throws<ArgumentException>(lipson.Validate).Message);
    }

    [Fact]
    public void NamedModelsKeepTheirRowsAndKeysAndDatasetsWithoutSuchRowsAreLeftOut()
    {
        var preset = Presets.Paper;
        var all = AllKeys(preset);
        var request = new ReproductionRequest { Preset = preset, Output = "/tmp/p", Seeds = [0], Models = new HashSet<string> { "srnn" } };
        request.Validate();
        var plan = ReproductionPlan.Build(request);
        // SRNN rows exist for the ODEs only; no long rollout without a DGNet training.
        Assert.Equal(["mass-spring", "pendulum", "two-body"], plan.Datasets.Select(d => d.Preset.Key));
        Assert.All(plan.Datasets.SelectMany(d => d.Trainings), t => Assert.Equal("srnn", t.Row.Model));
        Assert.All(Keys(plan), p => Assert.Equal(all[p.Key], p.Value));
        Assert.Empty(plan.Datasets.SelectMany(d => d.LongRollouts));

        var dgnet = ReproductionPlan.Build(request with { Models = new HashSet<string> { "dgnet" } });
        Assert.Equal(2, dgnet.Datasets.Single(d => d.Preset.Key == "kdv").LongRollouts.Count);

        var none = request with { Suites = new HashSet<ReproductionSuite> { ReproductionSuite.Pde } };
        Assert.Equal("the paper preset has no dataset in the chosen suites with rows of the chosen models", Assert.Throws<ArgumentException>(none.Validate).Message);
        var unknown = request with { Models = new HashSet<string> { "hnn++" } };
        Assert.Equal("--models: no row of the paper preset trains 'hnn++' (known: node, hnn, dgnet, srnn, node:rk2, node:dp, " +
                     "hnn:rk2, hnn:dp, dgnet:eq6, srnn:leapfrog)", Assert.Throws<ArgumentException>(unknown.Validate).Message);
        var noSuchSolver = request with { Models = new HashSet<string> { "srnn:dp" } };
        Assert.StartsWith("--models: no row of the paper preset trains 'srnn:dp'", Assert.Throws<ArgumentException>(noSuchSolver.Validate).Message);
    }

    [Fact]
    public void ModelAndSolverNameOneRowByLabelOrSolverName()
    {
        var preset = Presets.Paper;
        var all = AllKeys(preset);
        var request = new ReproductionRequest
        {
            Preset = preset, Output = "/tmp/p", Seeds = [0], Datasets = new HashSet<string> { "kdv" },
            Models = new HashSet<string> { "node:rk2", "HNN:midpoint" },
        };
        request.Validate();
        var plan = ReproductionPlan.Build(request);
        var trainings = plan.Datasets.Single().Trainings;
        Assert.Equal([("node", "midpoint"), ("hnn", "midpoint")], trainings.Select(t => (t.Row.Model, t.Row.TrainingSolver)));
        Assert.All(Keys(plan), p => Assert.Equal(all[p.Key], p.Value));

        var both = ReproductionPlan.Build(request with { Models = new HashSet<string> { "node", "hnn:dp" } });
        Assert.Equal([("node", "midpoint"), ("node", "dopri5"), ("hnn", "dopri5")],
            both.Datasets.Single().Trainings.Select(t => (t.Row.Model, t.Row.TrainingSolver)));
    }

    [Fact]
    public void SeedsAddTrainingsWithoutChangingTheOthers()
    {
        var one = Keys(Plan(SmokePreset.Create(), seeds: [0]));
        var three = Keys(Plan(SmokePreset.Create(), seeds: [0, 1, 2]));
        Assert.All(one, pair => Assert.Equal(pair.Value, three[pair.Key]));
        Assert.Equal(3 * one.Keys.Count(k => k.Contains(" seed ", StringComparison.Ordinal)),
            three.Keys.Count(k => k.Contains(" seed ", StringComparison.Ordinal)));
        Assert.Equal(three.Count, three.Values.Distinct().Count());
    }

    [Fact]
    public void TheRealPendulumIsKeyedByItsFileContent()
    {
        string file = LipsonPendulumTests.WriteFile([40, 40]);
        var preset = SmokePreset.Create().WithRealPendulum(file);
        var before = Plan(preset);
        var rows = before.Datasets.Single(d => d.Preset.Key == "real-pendulum").Trainings.Select(t => (t.Row.Model, t.Row.TrainingSolver));
        Assert.Equal([("node", "midpoint"), ("node", "dopri5"), ("hnn", "midpoint"), ("hnn", "dopri5"), ("dgnet", "eq6")], rows);
        Assert.Empty(Changed(before, Plan(preset)));

        File.AppendAllText(file, "2 6.8 0.1 0.2\n");
        var after = Plan(preset);
        Assert.Equal(Keys(before).Keys.Where(k => k.StartsWith("real-pendulum ", StringComparison.Ordinal)).Order(), Changed(before, after));
    }

    [Fact]
    public void BothPresetsRunTheSameRowsAndThePaperPresetAveragesFifteenSeeds()
    {
        Assert.Equal(Enumerable.Range(0, 15).Select(s => (long)s), Presets.Paper.DefaultSeeds);
        Assert.Equal([0L], Presets.Quick.DefaultSeeds);
        Assert.Equal(Presets.Paper.Datasets.Select(d => d.Key), Presets.Quick.Datasets.Select(d => d.Key));
        foreach (var (paper, quick) in Presets.Paper.Datasets.Zip(Presets.Quick.Datasets))
        {
            Assert.Equal(paper.Rows, quick.Rows);
            Assert.Equal((paper.DType, paper.Structure, paper.Friction, paper.Dopri5), (quick.DType, quick.Structure, quick.Friction, quick.Dopri5));
            Assert.Equal(paper.Data.System, quick.Data.System);
        }
        Assert.Equal(Presets.Paper.RealPendulum!.Rows, Presets.Quick.RealPendulum!.Rows);
    }

    [Fact]
    public void EveryRowOfThePapersTablesHasItsPublishedValues()
    {
        var preset = Presets.Paper.WithRealPendulum(LipsonPendulumTests.WriteFile([40, 40]));
        int rows = 0;
        foreach (var dataset in preset.Datasets.Where(d => d.Key != "cahn-hilliard-2d"))
            foreach (var row in dataset.Rows)
            {
                var derivatives = new HashSet<double?>();
                foreach (string solver in row.PredictionSolvers)
                {
                    var published = PublishedResults.Find(dataset.Key, row.Label, row.TrainingSolver, solver);
                    Assert.NotNull(published);
                    Assert.True(published.Derivative > 0 && published.Energy > 0, $"{dataset.Key} {row.Label} {solver}");
                    Assert.Equal(dataset.Suite == ReproductionSuite.Pde, published.State is not null);
                    derivatives.Add(published.Derivative);
                    rows++;
                }
                // The derivative error belongs to the training, which the prediction solvers share.
                Assert.Single(derivatives);
            }
        Assert.Equal(PublishedResults.All.Count, rows);
        Assert.Null(PublishedResults.Find("cahn-hilliard-2d", "DGNet", "eq6", "eq6"));
    }
}
