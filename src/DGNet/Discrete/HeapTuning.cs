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

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
