using System.Runtime.InteropServices;

namespace DGNet.Cli;

/// <summary>
/// While alive, turns the first Ctrl-C (SIGINT) or SIGTERM into a cancellation request: the work stops at its next
/// safe point (e.g. after the current training step) and saves what it has. SIGTERM is what <c>kill</c>, job
/// schedulers and service managers send, and it still arrives where SIGINT does not (a job started in the background
/// of a script inherits SIGINT ignored). A second signal ends the process at once, as usual.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource interrupt = new();
    private readonly PosixSignalRegistration? terminate;

    public StopSignals()
    {
        Console.CancelKeyPress += OnCancel;
        if (!OperatingSystem.IsWindows()) terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnTerminate);
    }

    /// <summary>Cancelled by the first Ctrl-C or SIGTERM.</summary>
    public CancellationToken Token => interrupt.Token;

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (interrupt.IsCancellationRequested) return;
        e.Cancel = true;
        interrupt.Cancel();
    }

    private void OnTerminate(PosixSignalContext context)
    {
        if (interrupt.IsCancellationRequested) return;
        context.Cancel = true;
        interrupt.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        terminate?.Dispose();
        interrupt.Dispose();
    }
}
