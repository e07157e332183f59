using DGNet.Build;

namespace DGNet.Tests.Build;

/// <summary>The ELF version-need patcher edits exactly one flag of the right record, and only in its input.</summary>
public class ElfVersionNeedPatcherTests
{
    private static string PackageCopy() => TorchSharpPackage.File("runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void ElfHashMatchesKnownValues()
    {
        // Values as recorded by the GNU toolchain in .gnu.version_r records.
        Assert.Equal(0x09691a75u, ElfVersionNeedPatcher.ElfHash("GLIBC_2.2.5"));
        Assert.Equal(0x08922974u, ElfVersionNeedPatcher.ElfHash("GLIBCXX_3.4"));
    }

    [Fact]
    public void MarksOnlyTheWantedNeedWeak()
    {
        string path = PackageCopy();
        if (!File.Exists(path)) return; // not restored on this platform
        byte[] original = File.ReadAllBytes(path);
        byte[] image = (byte[])original.Clone();

        var before = ElfVersionNeedPatcher.ReadVersionNeeds(image);
        Assert.Contains(before, n => n.Name == "GLIBCXX_3.4.32" && n.Hash == ElfVersionNeedPatcher.ElfHash(n.Name));
        Assert.All(before, n => Assert.Equal(ElfVersionNeedPatcher.ElfHash(n.Name), n.Hash));

        Assert.Equal(VersionNeedPatchResult.Patched, ElfVersionNeedPatcher.MarkWeak(image, "GLIBCXX_3.4.32"));
        var after = ElfVersionNeedPatcher.ReadVersionNeeds(image);
        Assert.Equal(before.Count, after.Count);
        for (int i = 0; i < before.Count; i++)
            Assert.Equal(before[i].Name == "GLIBCXX_3.4.32", after[i].IsWeak && !before[i].IsWeak);

        int changedBytes = original.Zip(image).Count(p => p.First != p.Second);
        Assert.Equal(1, changedBytes);
        Assert.Equal(VersionNeedPatchResult.AlreadyWeak, ElfVersionNeedPatcher.MarkWeak(image, "GLIBCXX_3.4.32"));
        Assert.Equal(VersionNeedPatchResult.NotFound, ElfVersionNeedPatcher.MarkWeak(image, "GLIBCXX_9.9.9"));
    }

    [Fact]
    public void FilePatchReplacesALinkInsteadOfWritingThroughIt()
    {
        string path = PackageCopy();
        if (!File.Exists(path)) return;
        string dir = Directory.CreateTempSubdirectory("elfpatch").FullName;
        try
        {
            string source = Path.Combine(dir, "source.so"), link = Path.Combine(dir, "link.so");
            File.Copy(path, source);
            File.CreateSymbolicLink(link, source);
            Assert.Equal(VersionNeedPatchResult.Patched, ElfVersionNeedPatcher.MarkWeakInFile(link, "GLIBCXX_3.4.32"));
            Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(source)); // the link's target is untouched
            Assert.NotEqual(File.ReadAllBytes(path), File.ReadAllBytes(link));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void RejectsFilesThatAreNotElf64()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.ReadVersionNeeds(new byte[100]));
        var truncated = File.Exists(PackageCopy()) ? File.ReadAllBytes(PackageCopy())[..4096] : null;
        if (truncated is not null)
            Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.ReadVersionNeeds(truncated));
    }
}
