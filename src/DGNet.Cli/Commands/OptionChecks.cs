using System.CommandLine;
using System.Globalization;

namespace DGNet.Cli.Commands;

/// <summary>Range checks of option values, reported as one-line usage errors that name the option.</summary>
internal static class OptionChecks
{
    /// <exception cref="UsageException">The value is given and breaks the rule.</exception>
    public static void Check<T>(T? value, string option, Func<T, bool> valid, string rule) where T : struct
    {
        if (value is T v && !valid(v))
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{option}: {rule} (got {v})"));
    }

    /// <summary>True when <paramref name="option"/> appears on the command line (not just its default).</summary>
    public static bool IsGiven(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    /// <summary>Parses "--batch": a positive number of pairs, or "full" (null).</summary>
    /// <exception cref="UsageException">Neither a positive integer nor "full".</exception>
    public static int? ParseBatch(string? text)
    {
        if (text is null || text.Equals("full", StringComparison.OrdinalIgnoreCase)) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 1) return n;
        throw new UsageException($"--batch: must be a positive number of pairs or 'full' (got {text})");
    }
}
