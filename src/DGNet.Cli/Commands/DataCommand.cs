using System.CommandLine;

namespace DGNet.Cli.Commands;

/// <summary>The <c>dgnet data</c> command group: inspect, import and produce dataset files (.npz).</summary>
internal static class DataCommand
{
    public static Command Build(GlobalOptions globals)
    {
        var data = new Command("data", "Inspect, import and produce datasets (.npz files; see the README for the format).");
        // One line per subcommand.
        Command[] subcommands =
        [
            DataInfoCommand.Build(),
            DataImportLipsonCommand.Build(),
            DataGenerateCommand.Build(globals),
            DataPlotCommand.Build(),
        ];
        foreach (var subcommand in subcommands) data.Subcommands.Add(subcommand);
        return data;
    }
}
