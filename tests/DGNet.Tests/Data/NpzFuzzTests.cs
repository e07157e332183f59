using System.IO.Compression;
using System.Text;
using DGNet.Data;
using Xunit.Abstractions;

namespace DGNet.Tests.Data;

/// <summary>
/// Mutates valid .npz files (byte flips, truncations, zip size fields, .npy header edits, forged huge shapes) and
/// checks that the reader only ever returns arrays or throws a data error: no other exception, no hang, no large
/// allocation. Deterministic seed.
/// </summary>
public class NpzFuzzTests(ITestOutputHelper output)
{
    private const int Mutations = 6000;
    private const long AllocationLimit = 32L << 20;

    private static readonly string[] ForgedShapes =
    [
        "(1099511627776,)", "(1000000000, 1000000000)", "(2147483647,)", "(268435455,)", "(9223372036854775807,)",
        "(4294967296, 4294967296, 4294967296)", "(0, 9223372036854775807)", "()", "(3, 2)", "(-5,)",
        "(" + string.Join(", ", Enumerable.Repeat("1", 70)) + ")",
    ];

    private static readonly string[] ForgedDescrs = ["'<f8'", "'<U1000000'", "'<U2147483647'", "'|b1'", "'<i8'", "'>f8'", "'<c16'", "'|O'", "[('a', '<f8')]"];

    [Fact]
    public async Task MutatedArchivesGiveDataOrADataError()
    {
        var seeds = SeedArchives();
        var outcomes = new Dictionary<string, int>();
        var failures = new List<string>();
        var random = new Random(20200527);

        var run = Task.Run(() =>
        {
            for (int i = 0; i < Mutations; i++)
            {
                var (kind, bytes) = Mutate(seeds[random.Next(seeds.Count)], random);
                long before = GC.GetAllocatedBytesForCurrentThread();
                string outcome;
                try
                {
                    Npz.Read(new MemoryStream(bytes), "fuzz.npz");
                    outcome = "read";
                }
                catch (DataFileException e)
                {
                    outcome = "DataFileException";
                    if (!e.Message.StartsWith("fuzz.npz: ", StringComparison.Ordinal) || e.Message.Contains('\n'))
                        failures.Add($"#{i} {kind}: message not one line naming the file: {e.Message}");
                }
                catch (InvalidDataException)
                {
                    outcome = "InvalidDataException";
                }
                catch (Exception e)
                {
                    outcome = e.GetType().Name;
                    failures.Add($"#{i} {kind}: {e.GetType().Name}: {e.Message}");
                }
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (allocated > AllocationLimit) failures.Add($"#{i} {kind}: allocated {allocated >> 20} MiB");
                outcomes[$"{kind} -> {outcome}"] = outcomes.GetValueOrDefault($"{kind} -> {outcome}") + 1;
            }
        });

        await run.WaitAsync(TimeSpan.FromMinutes(2));   // a TimeoutException here means the reader hung
        foreach (var (key, count) in outcomes.OrderBy(kv => kv.Key)) output.WriteLine($"{count,6}  {key}");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.Equal(Mutations, outcomes.Values.Sum());
        // Both outcomes occur: mutations reach the .npy layer, not only the zip layer.
        Assert.Contains(outcomes, kv => kv.Key.EndsWith("-> read", StringComparison.Ordinal));
        Assert.Contains(outcomes, kv => kv.Key.StartsWith("forged shape", StringComparison.Ordinal) && kv.Key.EndsWith("DataFileException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MutatedDatasetsGiveADatasetOrADataError()
    {
        var seeds = SeedArchives().Where(s => s.Members.Any(m => m.Name == "u.npy")).ToList();
        var failures = new List<string>();
        int loaded = 0;
        var random = new Random(1905);
        var run = Task.Run(() =>
        {
            for (int i = 0; i < 2000; i++)
            {
                var (kind, bytes) = Mutate(seeds[random.Next(seeds.Count)], random);
                try
                {
                    using var dataset = Dataset.Read(new MemoryStream(bytes), "fuzz.npz", requireTrainAndTest: true);
                    loaded++;
                }
                catch (DataFileException) { }
                catch (Exception e) { failures.Add($"#{i} {kind}: {e.GetType().Name}: {e.Message}"); }
            }
        });
        await run.WaitAsync(TimeSpan.FromMinutes(2));
        output.WriteLine($"{loaded} of 2000 mutated datasets loaded");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.InRange(loaded, 1, 1999);
    }

    private sealed record Seed(byte[] Archive, List<(string Name, byte[] Npy)> Members, bool Compressed);

    /// <summary>Archives written by NumPy (stored, deflated, .npy versions 1-3, a dataset) and by us.</summary>
    private static List<Seed> SeedArchives()
    {
        var seeds = new List<Seed>();
        foreach (string file in new[] { "supported_stored.npz", "supported_compressed.npz", "versions.npz", "dataset_numpy.npz" })
            seeds.Add(SeedOf(File.ReadAllBytes(NpzFixtures.PathOf(file)), compressed: file != "supported_stored.npz"));

        using var dataset = Dataset.Load(NpzFixtures.PathOf("dataset_numpy.npz"));
        foreach (var (arrays, compress) in new[] { (NpzFixtures.Supported(), false), (NpzFixtures.Supported(), true), (dataset.ToArrays(), true) })
        {
            using var ours = new MemoryStream();
            Npz.Write(ours, arrays, compress);
            seeds.Add(SeedOf(ours.ToArray(), compress));
        }
        return seeds;
    }

    private static Seed SeedOf(byte[] archive, bool compressed)
    {
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        var members = zip.Entries.Select(e =>
        {
            using var s = e.Open();
            using var copy = new MemoryStream();
            s.CopyTo(copy);
            return (e.FullName, copy.ToArray());
        }).ToList();
        return new Seed(archive, members, compressed);
    }

    private static (string Kind, byte[] Bytes) Mutate(Seed seed, Random random)
    {
        byte[] bytes = (byte[])seed.Archive.Clone();
        switch (random.Next(6))
        {
            case 0:
                for (int k = random.Next(1, 9); k > 0; k--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return ("byte flips", bytes);
            case 1:
                return ("truncation", bytes[..random.Next(bytes.Length)]);
            case 2:
                return ("zip size fields", ForgeZipField(bytes, random));
            case 3:
                return ("npy header edit", Rezip(seed, random, header => EditHeader(header, random)));
            case 4:
                return ("forged shape", Rezip(seed, random, header =>
                    ReplaceValue(header, "'shape': ", ForgedShapes[random.Next(ForgedShapes.Length)])));
            default:
                return ("forged descr", Rezip(seed, random, header =>
                    ReplaceValue(header, "'descr': ", ForgedDescrs[random.Next(ForgedDescrs.Length)])));
        }
    }

    /// <summary>Overwrites a size, count or offset field of a zip record with a random or extreme value.</summary>
    private static byte[] ForgeZipField(byte[] bytes, Random random)
    {
        // Local header sizes at 18/22, central directory sizes at 20/24 and offset at 42, end record count/size/offset.
        (byte[] Signature, int[] Offsets)[] records =
        [
            ([0x50, 0x4B, 0x03, 0x04], [18, 22, 26, 28]),
            ([0x50, 0x4B, 0x01, 0x02], [20, 24, 28, 30, 42]),
            ([0x50, 0x4B, 0x05, 0x06], [8, 10, 12, 16]),
        ];
        var (signature, offsets) = records[random.Next(records.Length)];
        var positions = new List<int>();
        for (int i = bytes.AsSpan().IndexOf(signature); i >= 0;)
        {
            positions.Add(i);
            int next = bytes.AsSpan(i + 1).IndexOf(signature);
            i = next < 0 ? -1 : i + 1 + next;
        }
        if (positions.Count == 0) return bytes;
        int at = positions[random.Next(positions.Count)] + offsets[random.Next(offsets.Length)];
        uint value = random.Next(3) switch { 0 => uint.MaxValue, 1 => 0, _ => (uint)random.Next() };
        for (int b = 0; b < 4 && at + b < bytes.Length; b++) bytes[at + b] = (byte)(value >> (8 * b));
        return bytes;
    }

    /// <summary>Rebuilds the seed's archive with one member's .npy header changed.</summary>
    private static byte[] Rezip(Seed seed, Random random, Func<string, string> edit)
    {
        int victim = random.Next(seed.Members.Count);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (int m = 0; m < seed.Members.Count; m++)
            {
                var (name, npy) = seed.Members[m];
                byte[] content = m == victim ? EditNpyHeader(npy, edit) : npy;
                using var s = zip.CreateEntry(name, seed.Compressed ? CompressionLevel.Fastest : CompressionLevel.NoCompression).Open();
                s.Write(content);
            }
        }
        return buffer.ToArray();
    }

    private static byte[] EditNpyHeader(byte[] npy, Func<string, string> edit)
    {
        int major = npy[6], lengthBytes = major == 1 ? 2 : 4;
        int length = major == 1 ? BitConverter.ToUInt16(npy, 8) : BitConverter.ToInt32(npy, 8);
        string header = Encoding.Latin1.GetString(npy, 8 + lengthBytes, length);
        byte[] edited = Encoding.Latin1.GetBytes(edit(header));
        byte[] data = npy[(8 + lengthBytes + length)..];
        return [.. npy[..8], .. (major == 1 ? BitConverter.GetBytes((ushort)edited.Length) : BitConverter.GetBytes(edited.Length)), .. edited, .. data];
    }

    private static string EditHeader(string header, Random random)
    {
        var chars = header.ToCharArray().ToList();
        const string alphabet = "{}()[],:'\" 0123456789-LTrueFalsNo<|>fiubUO\n\\";
        for (int k = random.Next(1, 4); k > 0; k--)
        {
            int at = random.Next(chars.Count + 1);
            switch (random.Next(3))
            {
                case 0 when at < chars.Count: chars[at] = alphabet[random.Next(alphabet.Length)]; break;
                case 1 when at < chars.Count: chars.RemoveAt(at); break;
                default: chars.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
            }
        }
        return new string(chars.ToArray());
    }

    /// <summary>Replaces the value after <paramref name="key"/> (up to the next top-level comma) by <paramref name="value"/>.</summary>
    private static string ReplaceValue(string header, string key, string value)
    {
        int start = header.IndexOf(key, StringComparison.Ordinal);
        if (start < 0) return header;
        start += key.Length;
        int depth = 0, end = start;
        for (; end < header.Length; end++)
        {
            char c = header[end];
            if (c is '(' or '[') depth++;
            else if (c is ')' or ']') depth--;
            else if ((c == ',' || c == '}') && depth == 0) break;
        }
        return header[..start] + value + header[end..];
    }
}
