namespace DGNet.Data;

/// <summary>Opens input files with one-line errors that name the file.</summary>
internal static class DataFiles
{
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFileException">The path is a folder or the file cannot be opened.</exception>
    public static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) throw new DataFileException(path, "is a folder, not a file");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DataFileException(path, "permission denied", e);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new DataFileException(path, $"cannot open: {e.Message}", e);
        }
    }
}
