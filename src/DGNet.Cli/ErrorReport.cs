namespace DGNet.Cli;

/// <summary>Maps an exception to one line on stderr and an exit code; the stack trace only with --verbose.</summary>
public static class ErrorReport
{
    public static int Write(Exception e, TextWriter stderr, bool verbose)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } agg) e = agg.InnerExceptions[0];
        int code = e switch
        {
            UsageException or ArgumentException => ExitCodes.Usage,
            _ => ExitCodes.Failure,
        };
        string message = e switch
        {
            UsageException or ArgumentException or ComputeUnavailableException
                or InvalidDataException or FileNotFoundException or DirectoryNotFoundException
                or UnauthorizedAccessException or IOException or OperationCanceledException
                or DGNet.Integrators.SolverFailedException => e.Message,
            _ => $"internal error: {e.GetType().Name}: {e.Message}",
        };
        stderr.WriteLine($"dgnet: {OneLine(message)}");
        if (verbose) stderr.WriteLine(e.ToString());
        else if (code == ExitCodes.Failure && message.StartsWith("internal error", StringComparison.Ordinal))
            stderr.WriteLine("Run again with --verbose for the full trace.");
        return code;
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();
}
