using System.Runtime.InteropServices;

namespace DGNet.Bench;

/// <summary>
/// Bytes in use on glibc's heap (mallinfo2: in-use chunks plus mmapped blocks), where libtorch keeps CPU tensors.
/// BenchmarkDotNet's memory diagnoser sees only managed allocations; this sees the tensors (Linux with glibc).
/// </summary>
internal static class NativeHeap
{
    public static long InUseBytes()
    {
        var info = MallocInfo();
        return (long)(info.InUseChunks + info.MappedBytes);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, FreeChunkCount, FastBinCount, MappedRegionCount, MappedBytes, MaxTotal, FastBinBytes,
            InUseChunks, FreeBytes, TopReleasable;
    }

    [DllImport("libc.so.6", EntryPoint = "mallinfo2")]
    private static extern MallInfo2 MallocInfo();
}
