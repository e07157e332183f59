using System.CommandLine;
namespace DGNet.Cli;

/// <summary>Builds the command tree and runs it, turning user errors into one line on stderr and an exit code.</summary>
public static class DgnetApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var globals = new GlobalOptions();
        var root = BuildRoot(globals);
        var parse = root.Parse(args);
        bool verbose = parse.GetValue(globals.Verbose);

        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"dgnet: {error.Message}");
            stderr.WriteLine("Run 'dgnet --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return ErrorReport.Write(e, stderr, verbose);
        }
    }

    /// <summary>
    /// The command tree. The root is a plain command named "dgnet" (not a RootCommand, whose name would be the
    /// assembly's), with the help and version options added by hand.
    /// </summary>
    internal static Command BuildRoot(GlobalOptions globals)
    {
        var root = new Command("dgnet",
            "Learn energy-based, discrete-time physical models (DGNet) from trajectory data, " +
            "and predict with exact energy and mass laws.");
        root.Options.Add(new System.CommandLine.Help.HelpOption());
        root.Options.Add(new VersionOption());
        foreach (var option in globals.All) root.Options.Add(option);
        root.Subcommands.Add(Commands.DataCommand.Build(globals));
        root.Subcommands.Add(Commands.TrainCommand.Build(globals));
        root.Subcommands.Add(Commands.PredictCommand.Build(globals));
        root.Subcommands.Add(Commands.EvalCommand.Build(globals));
        root.Subcommands.Add(Commands.InspectCommand.Build());
        root.Subcommands.Add(Commands.ReproduceCommand.Build(globals));
        root.Subcommands.Add(Commands.BenchCommand.Build(globals));
        root.Subcommands.Add(Commands.BenchMemoryCaseCommand.Build(globals));
        // Without a command, show the help.
        root.SetAction(parse => new System.CommandLine.Help.HelpAction().Invoke(parse));
        return root;
    }
}
