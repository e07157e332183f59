using System.Runtime.InteropServices;

namespace DGNet;

/// <summary>
/// Process-wide malloc settings for training loops. A training step allocates and frees many tensors; by default glibc
/// returns freed blocks to the kernel at once, so the next step page-faults them in again (measured: ~55,000 faults
/// per KdV step; a Cahn-Hilliard HNN++ step through Dormand-Prince frees about 14 GB, and with glibc's defaults its
/// process spent 40% of its CPU time in the kernel, 64,000 faults a second). Keeping freed blocks in the heap removes
/// them. The dgnet command calls it at start-up; the memory then stays at its peak, which training needs anyway. A no-op
/// where the C library is not glibc.
/// </summary>
public static class HeapTuning
{
    // mallopt(3) parameters, and the trim threshold that disables trimming (glibc reads it as the largest size).
    private const int TrimThreshold = -1;  // M_TRIM_THRESHOLD
    private const int TopPad = -2;         // M_TOP_PAD
    private const int MmapThreshold = -3;  // M_MMAP_THRESHOLD
    private const int NeverTrim = -1;

    /// <summary>Largest block served from the heap: glibc's upper limit for the mmap threshold on 64-bit.</summary>
    public const int HeapBlockLimit = 32 << 20;

    /// <summary>
    /// Free space kept at the top of a heap: one whole heap of a thread's arena (64 MiB), so glibc never unmaps an
    /// emptied heap of a thread other than the main one, which it otherwise does whatever the trim threshold.
    /// </summary>
    public const int KeptTopPad = 64 << 20;

    /// <summary>
    /// Serves blocks up to <see cref="HeapBlockLimit"/> from the heap and never trims it: with a finite threshold glibc
    /// releases all of the heap's free top but the pad once it exceeds the threshold, so even 2 GiB (the largest
    /// positive value) hands back a step that frees more than that in one piece. Returns true if applied.
    /// </summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return Mallopt(MmapThreshold, HeapBlockLimit) == 1 && Mallopt(TopPad, KeptTopPad) == 1
                && Mallopt(TrimThreshold, NeverTrim) == 1;
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
