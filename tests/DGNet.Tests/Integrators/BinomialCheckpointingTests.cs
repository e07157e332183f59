using DGNet.Integrators;

namespace DGNet.Tests.Integrators;

/// <summary>The checkpointing schedule on integer "states" n standing for x[n]: order, memory and recomputation.</summary>
public class BinomialCheckpointingTests
{
    [Fact]
    public void ReversesEveryStepOnceFromItsOwnStateWithinTheMemoryAndRecomputationBounds()
    {
        for (int snapshots = 1; snapshots <= 6; snapshots++)
        for (int steps = 0; steps <= 300; steps += steps < 40 ? 1 : 13)
        {
            var reversed = new List<int>();
            int live = 0, peak = 0, advances = 0;
            BinomialCheckpointing.Reverse(0, steps, snapshots,
                advance: (state, n) =>
                {
                    Assert.Equal(n, state);
                    advances++;
                    peak = Math.Max(peak, ++live);
                    return n + 1;
                },
                reverseStep: (state, n) =>
                {
                    Assert.Equal(n, state);
                    reversed.Add(n);
                },
                release: state =>
                {
                    Assert.NotEqual(0, state);
                    live--;
                });

            string where = $"{steps} steps, {snapshots} snapshots";
            Assert.True(Enumerable.Range(0, steps).Reverse().SequenceEqual(reversed), where);
            Assert.True(live == 0, $"{where}: {live} states never released");
            Assert.True(peak <= snapshots + 1, $"{where}: {peak} states alive at once");
            if (steps > 0)
            {
                int r = BinomialCheckpointing.Repetitions(steps, snapshots);
                Assert.True(advances <= r * steps, $"{where}: {advances} advances, more than {r} per step");
            }
            if (steps <= snapshots + 1) Assert.Equal(Math.Max(steps - 1, 0), advances);
        }
    }

    [Fact]
    public void RepetitionsIsTheSmallestBinomialCover()
    {
        static double Binomial(int n, int k) => Enumerable.Range(1, k).Aggregate(1.0, (c, i) => c * (n - k + i) / i);
        for (int snapshots = 1; snapshots <= 20; snapshots++)
        foreach (int steps in new[] { 1, 2, 3, 7, 50, 1000, 123_456 })
        {
            int r = BinomialCheckpointing.Repetitions(steps, snapshots);
            Assert.True(Binomial(snapshots + r, snapshots) >= steps - 1e-6, $"{steps} steps, {snapshots} snapshots: r = {r} too small");
            if (r > 1) Assert.True(Binomial(snapshots + r - 1, snapshots) < steps - 1e-6, $"{steps} steps, {snapshots} snapshots: r = {r} not the smallest");
        }
    }
}
