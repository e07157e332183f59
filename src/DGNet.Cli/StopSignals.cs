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

    private void OnCancel(object? sender, ConsoleCancelEventArgs e) => e.Cancel = RequestStop();

    private void OnTerminate(PosixSignalContext context) => context.Cancel = RequestStop();

    /// <summary>Cancels on the first signal and returns true (the process lives on); false on a later one (it ends).</summary>
    private bool RequestStop()
    {
        if (interrupt.IsCancellationRequested) return false;
        interrupt.Cancel();
        return true;
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        terminate?.Dispose();
        interrupt.Dispose();
    }
}
