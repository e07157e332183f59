using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DGNet.Tests.Cli;

/// <summary>
/// The built <c>dgnet</c> command (DGNet.Cli.dll next to the tests) as a child process, with its stderr lines collected,
/// for tests that kill or interrupt a real process.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly List<string> errors = [];

    /// <summary>
    /// Starts dgnet with <paramref name="arguments"/>. SIGINT is reset to its default first: a job started in the
    /// background of a non-interactive shell (as CI scripts often are) inherits SIGINT ignored, .NET keeps it ignored,
    /// and a Ctrl-C test would then see no interrupt at all.
    /// </summary>
    public CliProcess(IEnumerable<string> arguments)
    {
        bool resetInterrupt = OperatingSystem.IsLinux() && File.Exists("/usr/bin/env");
        var info = new ProcessStartInfo(resetInterrupt ? "/usr/bin/env" : "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (resetInterrupt)
        {
            info.ArgumentList.Add("--default-signal=INT");
            info.ArgumentList.Add("dotnet");
        }
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DGNet.Cli.dll"));
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        Process = Process.Start(info)!;
        Process.OutputDataReceived += (_, _) => { };
        Process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null) lock (errors) errors.Add(line.Data);
        };
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public Process Process { get; }

    /// <summary>The stderr lines so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get { lock (errors) return [.. errors]; }
    }

    /// <summary>SIGINT, as Ctrl-C in a terminal sends it.</summary>
    public const int Sigint = 2;

    /// <summary>SIGTERM, as <c>kill</c> and job schedulers send it.</summary>
    public const int Sigterm = 15;

    /// <summary>Sends <paramref name="signal"/> (default SIGINT); true if it was delivered.</summary>
    public bool Interrupt(int signal = Sigint) => SendSignal(Process.Id, signal) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>Kills the process if it still runs (a failed test leaves no training behind), and releases it.</summary>
    public void Dispose()
    {
        try
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        Process.Dispose();
    }
}
