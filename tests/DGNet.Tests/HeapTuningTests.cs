using System.Runtime.InteropServices;
using DGNet.Benchmarks;

namespace DGNet.Tests;

/// <summary>With the heap tuned, freed memory stays in the heap even when one step frees gigabytes.</summary>
public class HeapTuningTests
{
    [Fact]
    public void FreeingMoreThanTheLargestFiniteTrimThresholdReturnsNothingToTheKernel()
    {
        if (!OperatingSystem.IsLinux()) return;
        Assert.True(HeapTuning.KeepFreedMemory());
        // 2.5 GiB in 1 MiB blocks, as a training step frees many mid-sized tensors: past int.MaxValue, the largest
        // trim threshold short of "never", and past the 64 MiB heaps a thread's arena unmaps once they are empty.
        const int blocks = 2560, blockBytes = 1 << 20;
        var pointers = new nint[blocks];
        for (int i = 0; i < blocks; i++) pointers[i] = Marshal.AllocHGlobal(blockBytes);  // malloc on Unix
        long held = NativeHeap.HeldBytes();
        for (int i = blocks - 1; i >= 0; i--) Marshal.FreeHGlobal(pointers[i]);
        long released = held - NativeHeap.HeldBytes();
        Assert.True(held >= (long)blocks * blockBytes, $"held {held} bytes");
        Assert.True(released < HeapTuning.KeptTopPad, $"freeing released {released} bytes to the kernel");
    }
}
