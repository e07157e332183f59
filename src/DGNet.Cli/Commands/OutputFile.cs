namespace DGNet.Cli.Commands;

/// <summary>Checks an output path before any long work starts, so that nothing is computed only to be refused.</summary>
internal static class OutputFile
{
    /// <exception cref="UsageException">The path is a folder, its folder is missing, or the file exists and
    /// <paramref name="force"/> is false.</exception>
    public static void CheckWritable(string path, bool force, string option = "--out")
    {
        if (string.IsNullOrWhiteSpace(path)) throw new UsageException($"{option}: a file name is required");
        if (Directory.Exists(path)) throw new UsageException($"{option} {path}: is a folder");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
            throw new UsageException($"{option} {path}: the folder {folder} does not exist");
        if (File.Exists(path) && !force)
            throw new UsageException($"{option} {path}: the file already exists; pass --force to overwrite it");
    }
}
