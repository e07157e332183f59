namespace DGNet.Cli;

/// <summary>Entry point of the <c>dgnet</c> command.</summary>
public static class Program
{
    public static int Main(string[] args) => DgnetApp.Run(args, Console.Out, Console.Error);
}
