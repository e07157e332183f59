namespace DGNet.Cli;

/// <summary>
/// While alive, turns the first Ctrl-C into a cancellation request (the work stops at its next safe point, e.g. after
/// the current training step, and saves what it has); a second Ctrl-C ends the process at once, as usual.
/// </summary>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource interrupt = new();

    public CtrlC() => Console.CancelKeyPress += OnCancel;

    /// <summary>Cancelled by the first Ctrl-C.</summary>
    public CancellationToken Token => interrupt.Token;

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (interrupt.IsCancellationRequested) return;
        e.Cancel = true;
        interrupt.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        interrupt.Dispose();
    }
}
