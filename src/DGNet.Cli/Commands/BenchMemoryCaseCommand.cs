using System.CommandLine;
using System.Text.Json;
using DGNet.Benchmarks;

namespace DGNet.Cli.Commands;

/// <summary>
/// <c>dgnet bench-memory-case --grid N --method M [--batch B] [--horizon K]</c> (hidden): one case of the memory
/// comparison, measured in this fresh process, printed as one JSON line. <c>dgnet bench</c> starts it once per case
/// (<see cref="ChildProcessMeasurement"/>).
/// </summary>
internal static class BenchMemoryCaseCommand
{
    public const string Name = "bench-memory-case";

    public static Command Build(GlobalOptions globals)
    {
        var grid = new Option<int>("--grid") { Description = "Points per side of the 2-D field.", Required = true };
        var method = new Option<string>("--method") { Description = "dgnet, hnn-dopri5-backprop or hnn-dopri5-adjoint.", Required = true };
        var batch = new Option<int>("--batch") { Description = "Pairs per step.", DefaultValueFactory = _ => MemoryCase.DefaultBatch };
        var horizon = new Option<int>("--horizon") { Description = "Data steps between the states of a pair.", DefaultValueFactory = _ => 1 };
        var command = new Command(Name, "Measure one case of the memory comparison in this process (used by dgnet bench).")
        {
            grid, method, batch, horizon,
        };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var c = new MemoryCase(parse.GetValue(grid), MemoryCase.ParseMethod(parse.GetValue(method)!), parse.GetValue(batch), parse.GetValue(horizon));
            c.Validate();
            globals.Apply(parse);
            var row = MemoryComparison.MeasureInProcess(c);
            parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(row, ChildProcessMeasurement.JsonOptions));
            return ExitCodes.Success;
        });
        return command;
    }
}
