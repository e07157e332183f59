using BenchmarkDotNet.Running;

namespace DGNet.Bench;

/// <summary>Runs the BenchmarkDotNet suites of this assembly: <c>dotnet run -c Release --project bench/DGNet.Bench -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
