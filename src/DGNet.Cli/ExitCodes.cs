namespace DGNet.Cli;

/// <summary>Process exit codes of <c>dgnet</c>.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>Bad data, a failed computation, or an interrupted run.</summary>
    public const int Failure = 1;
    /// <summary>The command line itself is wrong: unknown option, out-of-range value, unknown name.</summary>
    public const int Usage = 2;
}
