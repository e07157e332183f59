namespace DGNet.Cli;

/// <summary>The command line asks for something impossible; reported in one line with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
