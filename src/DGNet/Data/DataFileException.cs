namespace DGNet.Data;

/// <summary>
/// A data file is unreadable or breaks the format it claims. The message is one line, "PATH: problem", so that the
/// command line can show it as is. It derives from <see cref="IOException"/> because
/// <see cref="InvalidDataException"/> is sealed; callers catch it as an I/O failure of that file.
/// </summary>
public sealed class DataFileException : IOException
{
    public DataFileException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The file (or stream name) the problem was found in.</summary>
    public string FilePath { get; }

    /// <summary>The problem without the file name.</summary>
    public string Problem { get; }
}
