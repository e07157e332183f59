using System.Runtime.InteropServices;

namespace DGNet.Discrete;

/// <summary>
/// Process-wide malloc settings for training loops. A discrete-gradient training step allocates and frees many
/// tensors of tens of megabytes; by default glibc returns such blocks to the kernel at once, so the next step takes
/// tens of thousands of page faults (measured: ~55,000 per KdV step, a large part of its time). Keeping freed blocks
/// in the heap removes them. Call once at start-up (the memory then stays at its peak, which training needs anyway).
/// A no-op where the C library is not glibc.
/// </summary>
public static class HeapTuning
{
    private const int TrimThreshold = -1;  // M_TRIM_THRESHOLD
    private const int MmapThreshold = -3;  // M_MMAP_THRESHOLD

    /// <summary>
    /// Serves blocks up to 32 MiB (glibc's maximum) from the heap and never trims it. Returns true if applied.
    /// </summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return Mallopt(MmapThreshold, 32 << 20) == 1 && Mallopt(TrimThreshold, int.MaxValue) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Returns the heap's free memory to the kernel now (glibc's malloc_trim), e.g. before measuring how much memory
    /// some work needs, as blocks kept by <see cref="KeepFreedMemory"/> would otherwise still count as resident.
    /// Returns true if memory was released.
    /// </summary>
    public static bool ReleaseFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Least time between two collections of <see cref="CollectInteropGarbage"/>.</summary>
    public static readonly TimeSpan CollectionInterval = TimeSpan.FromMilliseconds(100);

    private static long lastCollection = Environment.TickCount64;

    /// <summary>
    /// Runs a full garbage collection with finalizers if none ran in the last <see cref="CollectionInterval"/>; call it
    /// once per training step. TorchSharp's interop leaves small native blocks (marshalling buffers, handles) that only
    /// the .NET collector frees, and a training step allocates so few managed objects that collections are rare: the
    /// blocks pile up between the large tensor blocks and fragment the heap, which then grows without bound (KdV
    /// training: 1,350 MB after 100 steps, 1,780 MB after 175). Collecting every step kept it flat (1,010 MB from step
    /// 60 to 120) for about 1 ms per collection; the interval caps that cost for fast steps. Returns true if it collected.
    /// </summary>
    public static bool CollectInteropGarbage()
    {
        long now = Environment.TickCount64;
        long last = Interlocked.Read(ref lastCollection);
        if (now - last < (long)CollectionInterval.TotalMilliseconds) return false;
        if (Interlocked.CompareExchange(ref lastCollection, now, last) != last) return false;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return true;
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
