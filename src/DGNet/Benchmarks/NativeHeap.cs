using System.Runtime.InteropServices;

namespace DGNet.Benchmarks;

/// <summary>
/// Bytes in use on glibc's heap (mallinfo2: in-use chunks plus mmapped blocks), where libtorch keeps CPU tensors.
/// BenchmarkDotNet's memory diagnoser sees only managed allocations; this sees the tensors (Linux with glibc). Unlike
/// <see cref="MemoryProbe"/> (resident pages), it can be sampled inside a step to follow one computation's allocations.
/// </summary>
public static class NativeHeap
{
    /// <summary>Bytes currently allocated on the native heap.</summary>
    public static long InUseBytes()
    {
        var info = MallocInfo();
        return (long)(info.InUseChunks + info.MappedBytes);
    }

    /// <summary>
    /// Bytes the heap holds from the kernel outside mmapped blocks (mallinfo2's arena): the blocks in use and the freed
    /// ones it kept, so it shows whether freeing returned memory.
    /// </summary>
    public static long HeldBytes() => (long)MallocInfo().Arena;

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, FreeChunkCount, FastBinCount, MappedRegionCount, MappedBytes, MaxTotal, FastBinBytes,
            InUseChunks, FreeBytes, TopReleasable;
    }

    [DllImport("libc.so.6", EntryPoint = "mallinfo2")]
    private static extern MallInfo2 MallocInfo();
}
