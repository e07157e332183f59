using System.IO.Compression;

namespace DGNet.Data;

/// <summary>
/// NumPy .npz archives: a zip file with one .npy member per array, named "NAME.npy", stored or deflate-compressed
/// (zip64 entries as NumPy writes them are read too). Files we write are deterministic (fixed timestamps), so equal
/// arrays give equal bytes and equal content hashes.
/// </summary>
public static class Npz
{
    /// <summary>The zip timestamp of every entry we write: the earliest date zip can store.</summary>
    private static readonly DateTimeOffset FixedTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Reads every array of an .npz file, in archive order. Members whose names do not end in ".npy"
    /// hold no array and are skipped.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFileException">The file is not a readable .npz archive or holds an unsupported array.</exception>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path)
    {
        using var stream = DataFiles.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads every array of an .npz archive held in a stream.</summary>
    /// <param name="stream">The archive; it must be seekable (zip keeps its directory at the end).</param>
    /// <param name="nameForErrors">The file name that error messages start with.</param>
    /// <exception cref="DataFileException">The bytes are not a readable .npz archive or hold an unsupported array.</exception>
    public static IReadOnlyDictionary<string, NpyArray> Read(Stream stream, string nameForErrors)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek) throw new ArgumentException("an .npz archive must be read from a seekable stream", nameof(stream));
        if (stream.Length == 0) throw new DataFileException(nameForErrors, "the file is empty, not an .npz archive");
        CheckNotPlainNpy(stream, nameForErrors);

        var arrays = new OrderedDictionary<string, NpyArray>(StringComparer.Ordinal);
        string? current = null;
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal)) continue;
                string name = entry.FullName[..^4];
                current = name;
                if (arrays.ContainsKey(name))
                    throw new DataFileException(nameForErrors, $"array '{name}' appears twice in the archive");
                using var member = entry.Open();
                arrays.Add(name, Npy.Read(member, entry.Length,
                    problem => new DataFileException(nameForErrors, $"array '{name}': {problem}")));
                current = null;
            }
        }
        catch (DataFileException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException
                                      or ArgumentException or OverflowException)
        {
            // The zip layer reports damage with several exception types; all mean the same to a user.
            string where = current is null ? "" : $"array '{current}': ";
            throw new DataFileException(nameForErrors, $"{where}not a valid .npz (zip) archive or damaged: {e.Message}", e);
        }
        return arrays;
    }

    /// <summary>Writes arrays to an .npz file atomically: a temporary file in the same folder, then a rename.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="arrays">Arrays by name; each becomes the member "NAME.npy".</param>
    /// <param name="compress">Deflate the members (as <c>numpy.savez_compressed</c>), else store them (as
    /// <c>numpy.savez</c>).</param>
    /// <param name="overwrite">Replace an existing file; without it an existing file is an error.</param>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    /// <exception cref="ArgumentException">An array name is empty or contains '/' or '\'.</exception>
    public static void Write(string path, IReadOnlyDictionary<string, NpyArray> arrays, bool compress = true, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        CheckNames(arrays);
        AtomicFile.Write(path, overwrite, stream => Write(stream, arrays, compress));
    }

    /// <summary>Writes arrays as an .npz archive into a stream.</summary>
    public static void Write(Stream stream, IReadOnlyDictionary<string, NpyArray> arrays, bool compress = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(arrays);
        CheckNames(arrays);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, array) in arrays)
        {
            var entry = zip.CreateEntry(name + ".npy", compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            entry.LastWriteTime = FixedTimestamp;
            using var member = entry.Open();
            Npy.Write(member, array);
        }
    }

    private static void CheckNames(IReadOnlyDictionary<string, NpyArray> arrays)
    {
        foreach (string name in arrays.Keys)
            if (string.IsNullOrEmpty(name) || name.Contains('/') || name.Contains('\\'))
                throw new ArgumentException($"array name '{name}' is empty or contains a path separator", nameof(arrays));
    }

    /// <summary>A lone .npy file given where an archive is expected deserves a precise message.</summary>
    private static void CheckNotPlainNpy(Stream stream, string nameForErrors)
    {
        long start = stream.Position;
        Span<byte> head = stackalloc byte[6];
        int n = stream.Read(head);
        stream.Position = start;
        if (n == 6 && head.SequenceEqual(Npy.Magic))
            throw new DataFileException(nameForErrors, "is a single .npy array, not an .npz archive");
    }
}
