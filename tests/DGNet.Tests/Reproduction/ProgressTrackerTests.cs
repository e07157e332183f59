using DGNet.Reproduction;

namespace DGNet.Tests.Reproduction;

/// <summary>Progress reports: the session's share and time left count this session's work only, while a resumed
/// piece of work shows its own progress including what was done before.</summary>
public class ProgressTrackerTests
{
    private sealed class Sink : IProgress<ReproductionProgress>
    {
        public List<ReproductionProgress> Reports { get; } = [];
        public void Report(ReproductionProgress value) => Reports.Add(value);
    }

    [Fact]
    public void AResumedTrainingShowsItsStepsDoneBeforeButTheSessionCountsOnlyItsOwnWork()
    {
        var sink = new Sink();
        // Two pieces: a training resumed at 60% (cost left 4 of 10) and a prediction of cost 6.
        var tracker = new ProgressTracker(totalCost: 10, pending: 2, sink);
        tracker.Begin("training", cost: 4, shown: 0.6);
        Assert.Equal((0.6, 0.0), (sink.Reports[^1].TaskFraction, sink.Reports[^1].Fraction));

        Thread.Sleep(300); // past the report interval, so that the advance is reported
        tracker.Advance(0.5, "training step 80/100", shown: 0.8);
        var halfway = sink.Reports[^1];
        Assert.Equal("training step 80/100", halfway.Task);
        Assert.Equal(0.8, halfway.TaskFraction, 12);
        Assert.Equal(0.2, halfway.Fraction, 12); // 4 · 0.5 of 10

        tracker.Complete();
        tracker.Begin("prediction", cost: 6);
        Assert.Equal((0.0, 0.4), (sink.Reports[^1].TaskFraction, sink.Reports[^1].Fraction));
        Thread.Sleep(300);
        tracker.Advance(0.5);
        Assert.Equal(0.5, sink.Reports[^1].TaskFraction, 12); // no separate progress: shown as its own fraction
        Assert.Equal(0.7, sink.Reports[^1].Fraction, 12);
    }
}
