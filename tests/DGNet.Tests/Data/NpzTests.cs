using System.IO.Compression;
using DGNet.Data;

namespace DGNet.Tests.Data;

public class NpzTests
{
    [Theory]
    [InlineData("supported_stored.npz", false)]
    [InlineData("supported_compressed.npz", true)]
    public void ReadsEveryDtypeWrittenByNumPy(string file, bool compressed)
    {
        var arrays = Npz.Read(NpzFixtures.PathOf(file));
        var expected = NpzFixtures.Supported();
        if (compressed) expected["big"] = NpzFixtures.Big();
        Assert.Equal(expected.Keys, arrays.Keys);
        foreach (var (name, array) in expected) NpzFixtures.AssertIdentical(array, arrays[name], name);
    }

    /// <summary>
    /// NumPy can read what we write: every array of the NumPy-written fixture, written again by our writer, gives the
    /// member bytes NumPy wrote (header, padding and data), for every supported dtype.
    /// </summary>
    [Fact]
    public void WritesTheBytesNumPyWritesForEveryDtype()
    {
        using var zip = ZipFile.OpenRead(NpzFixtures.PathOf("supported_stored.npz"));
        Assert.NotEmpty(zip.Entries);
        foreach (var entry in zip.Entries)
        {
            using var numpy = new MemoryStream();
            using (var member = entry.Open()) member.CopyTo(numpy);
            numpy.Position = 0;
            var array = Npy.Read(numpy, entry.FullName);
            using var ours = new MemoryStream();
            Npy.Write(ours, array);
            Assert.True(numpy.ToArray().SequenceEqual(ours.ToArray()), $"{entry.FullName}: our bytes differ from NumPy's");
        }
    }

    [Fact]
    public void ReadsNpyVersions1To3InsideAnArchive()
    {
        var arrays = Npz.Read(NpzFixtures.PathOf("versions.npz"));
        var expected = NpzFixtures.Supported()["f8_3d"];
        Assert.Equal(["v1", "v2", "v3"], arrays.Keys);
        foreach (var (name, array) in arrays) NpzFixtures.AssertIdentical(expected, array, name);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RoundTripsThroughOurWriter(bool compress)
    {
        string path = TempFiles.Path("roundtrip.npz");
        var expected = NpzFixtures.Supported();
        expected["big"] = NpzFixtures.Big();
        Npz.Write(path, expected, compress);

        var back = Npz.Read(path);
        Assert.Equal(expected.Keys, back.Keys);
        foreach (var (name, array) in expected) NpzFixtures.AssertIdentical(array, back[name], name);

        using var zip = ZipFile.OpenRead(path);
        long stored = zip.Entries.Sum(e => e.Length), packed = zip.Entries.Sum(e => e.CompressedLength);
        if (compress) Assert.True(packed < stored / 2, $"compressed {packed} of {stored} bytes");
        else Assert.Equal(stored, packed);
    }

    [Fact]
    public void WritingIsDeterministic()
    {
        var arrays = NpzFixtures.Supported();
        using var first = new MemoryStream();
        using var second = new MemoryStream();
        Npz.Write(first, arrays);
        Thread.Sleep(2100); // zip timestamps have a two-second resolution
        Npz.Write(second, arrays);
        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public void RefusesToOverwriteUnlessAsked()
    {
        string path = TempFiles.Path("exists.npz");
        var one = new Dictionary<string, NpyArray> { ["a"] = NpyArray.Scalar(1.0) };
        var two = new Dictionary<string, NpyArray> { ["a"] = NpyArray.Scalar(2.0) };
        Npz.Write(path, one);

        var e = Assert.Throws<IOException>(() => Npz.Write(path, two));
        Assert.Contains("already exists", e.Message);
        Assert.Equal(1.0, Npz.Read(path)["a"].ScalarDouble());

        Npz.Write(path, two, overwrite: true);
        Assert.Equal(2.0, Npz.Read(path)["a"].ScalarDouble());
        // No temporary files are left behind.
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void AFailedWriteLeavesTheOldFileAndNoTemporaryFile()
    {
        string path = TempFiles.Path("keep.npz");
        Npz.Write(path, new Dictionary<string, NpyArray> { ["a"] = NpyArray.Scalar(1.0) });
        var invalid = new Dictionary<string, NpyArray> { ["s"] = new NpyArray(new[] { "\ud800" }, 1) };

        Assert.Throws<ArgumentException>(() => Npz.Write(path, invalid, overwrite: true));
        Assert.Equal(1.0, Npz.Read(path)["a"].ScalarDouble());
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Theory]
    [InlineData("unsupported_bigendian.npz", "big-endian dtype '>f8'")]
    [InlineData("unsupported_fortran.npz", "Fortran-order")]
    [InlineData("unsupported_object.npz", "object arrays are not supported")]
    [InlineData("unsupported_complex.npz", "unsupported dtype '<c16'")]
    [InlineData("unsupported_float16.npz", "unsupported dtype '<f2'")]
    [InlineData("unsupported_structured.npz", "structured (record) dtypes")]
    public void RefusesUnsupportedArraysWithAClearMessage(string file, string problem)
    {
        string path = NpzFixtures.PathOf(file);
        var e = Assert.Throws<DataFileException>(() => Npz.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith($"{path}: array 'a': ", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void MissingFileIsAOneLineError()
    {
        string path = TempFiles.Path("absent.npz");
        var e = Assert.Throws<FileNotFoundException>(() => Npz.Read(path));
        Assert.Equal($"{path}: file not found", e.Message);
    }

    [Theory]
    [InlineData(new byte[0], "the file is empty")]
    [InlineData(new byte[] { (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o' }, "not a valid .npz (zip) archive")]
    public void NonArchivesAreRefused(byte[] content, string problem)
    {
        string path = TempFiles.Path("bad.npz");
        File.WriteAllBytes(path, content);
        var e = Assert.Throws<DataFileException>(() => Npz.Read(path));
        Assert.StartsWith($"{path}: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void APlainNpyFileIsNamedAsSuch()
    {
        var e = Assert.Throws<DataFileException>(() => Npz.Read(NpzFixtures.PathOf("v1.npy")));
        Assert.Contains("is a single .npy array, not an .npz archive", e.Message);
    }

    [Fact]
    public void TruncatedArchiveIsRefused()
    {
        byte[] bytes = File.ReadAllBytes(NpzFixtures.PathOf("supported_compressed.npz"));
        string path = TempFiles.Path("truncated.npz");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<DataFileException>(() => Npz.Read(path));
        Assert.StartsWith($"{path}: ", e.Message);
    }

    [Fact]
    public void MembersThatAreNotArraysAreSkipped()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var w = new StreamWriter(zip.CreateEntry("meta.json").Open())) w.Write("{}");
            using var member = zip.CreateEntry("x.npy").Open();
            Npy.Write(member, NpyArray.Scalar(3.5));
        }
        buffer.Position = 0;
        var arrays = Npz.Read(buffer, "memory");
        Assert.Equal(["x"], arrays.Keys);
        Assert.Equal(3.5, arrays["x"].ScalarDouble());
    }

    [Fact]
    public void DuplicateMembersAreRefused()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            for (int i = 0; i < 2; i++)
            {
                using var member = zip.CreateEntry("x.npy").Open();
                Npy.Write(member, NpyArray.Scalar(i));
            }
        buffer.Position = 0;
        var e = Assert.Throws<DataFileException>(() => Npz.Read(buffer, "memory"));
        Assert.Equal("memory: array 'x' appears twice in the archive", e.Message);
    }
}
