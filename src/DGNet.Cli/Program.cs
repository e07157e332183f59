namespace DGNet.Cli;

/// <summary>Entry point of the <c>dgnet</c> command.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // Before libtorch loads: OpenMP threads wait passively, so a busy machine does not slow every operation.
        OpenMpWaitPolicy.PreferPassive();
        // Training and rollouts free and allocate large tensors every step: keep freed memory in the heap.
        HeapTuning.KeepFreedMemory();
        return DgnetApp.Run(args, Console.Out, Console.Error);
    }
}
