using DGNet.Reproduction;

namespace DGNet.Tests.Reproduction;

public class SeedListTests
{
    [Theory]
    [InlineData("0", new long[] { 0 })]
    [InlineData("0,3,7", new long[] { 0, 3, 7 })]
    [InlineData("0-4", new long[] { 0, 1, 2, 3, 4 })]
    [InlineData("2..4", new long[] { 2, 3, 4 })]
    [InlineData("0-2, 9", new long[] { 0, 1, 2, 9 })]
    public void ParsesSeedsAndRanges(string text, long[] seeds) => Assert.Equal(seeds, SeedList.Parse(text));

    [Theory]
    [InlineData("x", "--seeds: 'x' is not a seed or a range such as 0-14 (got 'x')")]
    [InlineData("", "--seeds: '' is not a seed or a range such as 0-14 (got '')")]
    [InlineData("-1", "--seeds: '-1' is not a seed or a range such as 0-14 (got '-1')")]
    [InlineData("1,,2", "--seeds: '' is not a seed or a range such as 0-14 (got '1,,2')")]
    [InlineData("5-2", "--seeds: the range '5-2' runs backwards")]
    [InlineData("0-3,2", "--seeds: a seed is listed twice in '0-3,2'")]
    public void RejectsAnythingElseNamingTheOption(string text, string message) =>
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => SeedList.Parse(text)).Message);
}
