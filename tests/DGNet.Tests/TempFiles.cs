namespace DGNet.Tests;

/// <summary>Fresh, empty temporary folders for tests that write files; removed when the test process exits.</summary>
internal static class TempFiles
{
    private static readonly string Root = Directory.CreateTempSubdirectory("dgnet-tests-").FullName;

    static TempFiles()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
    }

    /// <summary>A path named <paramref name="fileName"/> in a new empty folder.</summary>
    public static string Path(string fileName) => System.IO.Path.Combine(Folder(), fileName);

    /// <summary>A new empty folder.</summary>
    public static string Folder() => Directory.CreateDirectory(System.IO.Path.Combine(Root, Guid.NewGuid().ToString("N"))).FullName;
}
