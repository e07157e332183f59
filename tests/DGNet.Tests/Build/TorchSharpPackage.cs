namespace DGNet.Tests.Build;

/// <summary>Files of the TorchSharp package as restored into the NuGet cache, untouched by the build's patches.</summary>
internal static class TorchSharpPackage
{
    /// <summary>The package's folder: under NUGET_PACKAGES if set, else under ~/.nuget/packages.</summary>
    public static string Folder
    {
        get
        {
            string home = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            return Path.Combine(home, "torchsharp", "0.107.0");
        }
    }

    /// <summary>A file of the package, by its path inside it.</summary>
    public static string File(params string[] parts) => Path.Combine([Folder, .. parts]);
}
