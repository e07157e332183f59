using DGNet.Benchmarks;
using static TorchSharp.torch;

namespace DGNet.Tests.Benchmarks;

/// <summary>Runs alone: other tests allocating at the same time would move the process's peak.</summary>
[Collection(DGNet.Tests.Training.SerialCollection.Name)]
public class MemoryProbeTests
{
    private const string Status = "Name:\tdotnet\nVmPeak:\t 1000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t   2048 kB\nThreads:\t7\n";

    [Fact]
    public void ReadsSizesFromProcStatusInBytes()
    {
        Assert.Equal(123456L * 1024, MemoryProbe.ParseStatusField(Status, "VmHWM"));
        Assert.Equal(2048L * 1024, MemoryProbe.ParseStatusField(Status, "VmRSS"));
        Assert.Null(MemoryProbe.ParseStatusField(Status, "VmSwap"));
        Assert.Null(MemoryProbe.ParseStatusField("VmHWM:\tlots kB\n", "VmHWM"));
    }

    [Fact]
    public void ReadsTheMinorFaultsAfterACommandNameWithSpacesAndParentheses()
    {
        const string stat = "4242 (dotnet (x) y) R 1 4242 4242 0 -1 4194560 987654 0 12 0 300 20 0 0 20 0 9 0\n";
        Assert.Equal(987654L, MemoryProbe.ParseMinorFaults(stat));
        Assert.Null(MemoryProbe.ParseMinorFaults("4242 (dotnet) R 1 4242"));
        Assert.Null(MemoryProbe.ParseMinorFaults("no name here"));
    }

    [Fact]
    public void MinorFaultsCountTheFreshPagesTheProcessTouches()
    {
        if (!OperatingSystem.IsLinux()) return;
        long before = MemoryProbe.MinorPageFaults()!.Value;
        using (var block = ones(32L << 20, dtype: ScalarType.Float64)) { }  // 256 MiB, mapped afresh and written
        // At least one fault per 2 MiB page, should the kernel map huge pages.
        Assert.True(MemoryProbe.MinorPageFaults()!.Value - before >= 128);
    }

    [Fact]
    public void ThePeakCoversALargeAllocationAndRestartsAfterItIsFreed()
    {
        if (!OperatingSystem.IsLinux()) return;
        MemoryProbe.ResetPeak();
        long before = MemoryProbe.PeakBytes();
        const long size = 256L << 20;
        using (var block = ones(size / 8, dtype: ScalarType.Float64))
        {
            Assert.True(MemoryProbe.CurrentBytes() >= before + size / 2);
        }
        long peak = MemoryProbe.PeakBytes();
        Assert.True(peak >= before + size / 2, $"peak {peak} after {size} bytes on top of {before}");
        Assert.True(peak >= MemoryProbe.CurrentBytes());
        if (MemoryProbe.ResetPeak())
            Assert.True(MemoryProbe.PeakBytes() < peak - size / 2, "the reset mark still counts the freed block");
    }
}
