using System.Reflection;
using TorchSharp;

namespace DGNet;

/// <summary>
/// Frees the native values of TorchSharp Scalars that the garbage collector has finalized. TorchSharp 0.107 frees them
/// in the finalizer itself, which can run while libtorch still reads the value (a Scalar made from a plain number, as
/// in <c>0.5 * u</c> or the alpha of <c>a + b</c>, is unreachable during the native call that uses it): an "INTERNAL
/// ASSERT FAILED at c10/core/Scalar.h" or a wrong number. The build patches TorchSharp so that the finalizer only
/// queues the value (build/TorchSharpScalarPatcher.cs); <see cref="FreeNow"/> frees the queue, and compute loops call
/// it between steps, where none of their TorchSharp calls is in flight (training steps, rollouts, ground-truth
/// integration); code that drives the library in loops of its own should call it between its steps as well, or the
/// queued values (tens of bytes each) wait for the next such step. Assumes TorchSharp runs on one thread at a time,
/// as in dgnet.
/// </summary>
public static class DeferredScalarFrees
{
    /// <summary>The patch's method, or null where TorchSharp is not patched (it then frees in the finalizer).</summary>
    private static readonly Func<int>? FreeDeferred =
        typeof(Scalar).GetMethod("FreeDeferred", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes)
            ?.CreateDelegate<Func<int>>();

    /// <summary>True when the loaded TorchSharp defers the frees (it was patched at build time).</summary>
    public static bool Enabled => FreeDeferred is not null;

    /// <summary>
    /// Frees every queued value; call only where the process has no TorchSharp call in flight. Returns their number.
    /// </summary>
    public static int FreeNow() => FreeDeferred?.Invoke() ?? 0;
}
