namespace DGNet.Data;

/// <summary>
/// Writes a file through a temporary file in the same folder and a rename, so that readers (and a crash at any
/// moment) see either the old complete file or the new complete file, never a partial one.
/// </summary>
internal static class AtomicFile
{
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    /// <exception cref="DirectoryNotFoundException">The target folder does not exist.</exception>
    public static void Write(string path, bool overwrite, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"{path}: not a file path", nameof(path));
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{path}: the folder {folder} does not exist");
        if (Directory.Exists(full)) throw new IOException($"{path}: is a folder");
        if (!overwrite && File.Exists(full)) throw new IOException($"{path}: already exists (not overwritten)");

        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            try
            {
                File.Move(temp, full, overwrite);
            }
            catch (IOException) when (!overwrite && File.Exists(full))
            {
                throw new IOException($"{path}: already exists (not overwritten)");
            }
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
