using System.Globalization;

namespace DGNet.Reproduction;

/// <summary>Parses seed lists as given on the command line: "0", "0,3,7", "0-14" or "0..14", and mixes like "0-2,9".</summary>
public static class SeedList
{
    /// <summary>The seeds of <paramref name="text"/>, in the order given.</summary>
    /// <exception cref="ArgumentException">Not a list of non-negative integers and ranges, a reversed range, or a repeated seed.</exception>
    public static IReadOnlyList<long> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var seeds = new List<long>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            string[] ends = part.Contains("..", StringComparison.Ordinal) ? part.Split("..") : part.Split('-');
            if (ends.Length is < 1 or > 2 || !ends.All(e => long.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                throw new ArgumentException($"--seeds: '{part}' is not a seed or a range such as 0-14 (got '{text}')");
            long first = long.Parse(ends[0], CultureInfo.InvariantCulture);
            long last = long.Parse(ends[^1], CultureInfo.InvariantCulture);
            if (last < first) throw new ArgumentException($"--seeds: the range '{part}' runs backwards");
            if (last - first >= 10_000) throw new ArgumentException($"--seeds: the range '{part}' has more than 10000 seeds");
            for (long seed = first; seed <= last; seed++) seeds.Add(seed);
        }
        if (seeds.Distinct().Count() != seeds.Count) throw new ArgumentException($"--seeds: a seed is listed twice in '{text}'");
        return seeds;
    }
}
