using System.Globalization;

namespace DGNet.Training;

/// <summary>
/// A run resumed on a data file whose bytes differ from those it had trained on, as recorded in its model.json: either
/// the same data regenerated on another machine (its probe values agree to <see cref="Data.DataProbe.Tolerance"/>) or a
/// change the user allowed.
/// </summary>
/// <param name="Step">Steps completed when the data changed: the steps after it trained on the new data.</param>
/// <param name="PreviousPath">The data file trained on before.</param>
/// <param name="PreviousSha256">Its SHA-256.</param>
/// <param name="ProbeDeviation">Largest difference of the probe values, relative to their largest magnitude; null when
/// the run had no probe recorded.</param>
/// <param name="Allowed">True when the change was allowed explicitly (--allow-data-change) rather than by the probe.</param>
public sealed record DataChange(int Step, string PreviousPath, string PreviousSha256, double? ProbeDeviation, bool Allowed)
{
    /// <summary>One line: when, from which file, and why it was accepted.</summary>
    public string Describe()
    {
        string sha = PreviousSha256[..Math.Min(12, PreviousSha256.Length)];
        string probe = ProbeDeviation is double d
            ? string.Create(CultureInfo.InvariantCulture, $"probe values {(Allowed ? "differ" : "agree")} to {d:0.##e+00} of their size")
            : "no probe values recorded before";
        string why = Allowed ? $"allowed with --allow-data-change ({probe})" : $"the same data regenerated ({probe})";
        return string.Create(CultureInfo.InvariantCulture, $"data changed at step {Step:N0}, from {PreviousPath} (sha256 {sha}...): {why}");
    }
}
