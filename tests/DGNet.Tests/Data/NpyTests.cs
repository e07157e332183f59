using System.Buffers.Binary;
using System.Text;
using DGNet.Data;

namespace DGNet.Tests.Data;

public class NpyTests
{
    /// <summary>A .npy file with the given header text (unpadded) and data bytes.</summary>
    internal static byte[] NpyBytes(string header, byte[] data, int major = 1)
    {
        byte[] text = major == 3 ? Encoding.UTF8.GetBytes(header) : Encoding.Latin1.GetBytes(header);
        int lengthBytes = major == 1 ? 2 : 4;
        var bytes = new byte[8 + lengthBytes + text.Length + data.Length];
        Npy.Magic.CopyTo(bytes, 0);
        bytes[6] = (byte)major;
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)text.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)text.Length);
        text.CopyTo(bytes, 8 + lengthBytes);
        data.CopyTo(bytes, 8 + lengthBytes + text.Length);
        return bytes;
    }

    private static byte[] Doubles(params double[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    private static NpyArray Read(byte[] bytes) => Npy.Read(new MemoryStream(bytes), "x.npy");

    private static string ReadError(byte[] bytes)
    {
        var e = Assert.Throws<DataFileException>(() => Read(bytes));
        Assert.StartsWith("x.npy: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e.Problem;
    }

    [Theory]
    [InlineData("v1.npy")]
    [InlineData("v2.npy")]
    [InlineData("v3.npy")]
    public void ReadsEveryFormatVersionWrittenByNumPy(string file)
    {
        using var stream = File.OpenRead(NpzFixtures.PathOf(file));
        NpzFixtures.AssertIdentical(NpzFixtures.Supported()["f8_3d"], Npy.Read(stream, file), file);
    }

    [Fact]
    public void WritesVersion1WithNumPysAlignedHeader()
    {
        using var buffer = new MemoryStream();
        Npy.Write(buffer, new NpyArray(new[] { 1.5, -2.0 }, 2));
        byte[] bytes = buffer.ToArray();
        Assert.Equal(1, bytes[6]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, (10 + headerLength) % 64);
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Equal("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", header.TrimEnd());
        Assert.EndsWith("\n", header);
        Assert.Equal(Doubles(1.5, -2.0), bytes[(10 + headerLength)..]);
    }

    [Fact]
    public void AcceptsHeaderVariantsNumPyAccepts()
    {
        // Other key order, double quotes, no trailing comma, Python 2 long suffix, Fortran order on a 1-d array.
        var a = Read(NpyBytes("{\"shape\": (2L,), \"fortran_order\": True, \"descr\": \"<f8\"}\n", Doubles(1, 2)));
        Assert.Equal(new[] { 1.0, 2.0 }, (double[])a.Data);
        var scalar = Read(NpyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': ()}", Doubles(7)));
        Assert.Equal(7.0, scalar.ScalarDouble());
    }

    [Fact]
    public void ReadsAVersion3UnicodeHeader()
    {
        var a = Read(NpyBytes("{'descr': '<U2', 'fortran_order': False, 'shape': (1,), }    \n",
            [0x3C0 & 0xFF, 0x03, 0, 0, 0, 0, 0, 0], major: 3));
        Assert.Equal(new[] { "π" }, (string[])a.Data);
    }

    [Theory]
    [InlineData("not json", "malformed header")]
    [InlineData("{'descr': '<f8', 'fortran_order': False}", "header lacks the key 'shape'")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}", "unexpected key 'x'")]
    [InlineData("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", "repeats the key 'descr'")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (1)}", "trailing comma")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': [1]}", "'shape' is not a tuple")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}", "not a non-negative integer")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,)}", "out of range")]
    [InlineData("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}", "not True or False")]
    [InlineData("{'descr': 5, 'fortran_order': False, 'shape': (1,)}", "not a dtype string")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} x", "unexpected text after")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (((((((1,),),),),),),)}", "nests too deeply")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (1,", "header ends")]
    [InlineData("{'descr': '<U0', 'fortran_order': False, 'shape': (1,)}", "unsupported width")]
    [InlineData("{'descr': '=f8', 'fortran_order': False, 'shape': (1,)}", "unsupported dtype '=f8'")]
    [InlineData("{'descr': '>i4', 'fortran_order': False, 'shape': (1,)}", "big-endian dtype '>i4'")]
    [InlineData("{'descr': '|O', 'fortran_order': False, 'shape': (1,)}", "object arrays")]
    [InlineData("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2)}", "Fortran-order")]
    public void MalformedOrUnsupportedHeadersAreRefused(string header, string problem)
    {
        Assert.Contains(problem, ReadError(NpyBytes(header, Doubles(1))));
    }

    [Fact]
    public void StructuralDamageIsNamed()
    {
        byte[] good = NpyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", Doubles(1, 2));
        Assert.Contains("empty .npy data", ReadError([]));
        Assert.Contains("magic string is missing", ReadError([.. "PK\x03\x04abcdefgh"u8]));
        var version = (byte[])good.Clone();
        version[6] = 4;
        Assert.Contains("unsupported .npy format version 4.0", ReadError(version));
        Assert.Contains("truncated .npy header", ReadError(good[..20]));
        Assert.Contains("data is truncated", ReadError(good[..^1]));
        Assert.Contains("does not match the shape", ReadError([.. good, 0]));
        var longHeader = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(longHeader.AsSpan(8), 60000);
        Assert.Contains("truncated .npy header", ReadError(longHeader));
    }

    [Fact]
    public void InvalidTextIsRefused()
    {
        byte[] badUtf8 = NpyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", Doubles(1), major: 3);
        badUtf8[12] = 0xFF;
        Assert.Contains("not valid UTF-8", ReadError(badUtf8));
        byte[] badCodePoint = NpyBytes("{'descr': '<U1', 'fortran_order': False, 'shape': (1,)}", [0, 0, 0x11, 0]);
        Assert.Contains("invalid UTF-32 code unit 0x110000", ReadError(badCodePoint));
        byte[] surrogate = NpyBytes("{'descr': '<U1', 'fortran_order': False, 'shape': (1,)}", [0x00, 0xD8, 0, 0]);
        Assert.Contains("invalid UTF-32 code unit 0xD800", ReadError(surrogate));
    }

    [Theory]
    [InlineData("(1000000000000,)", "too large to load")]
    [InlineData("(4611686018427387904, 4)", "too many elements")]
    [InlineData("(200000000,)", "data is truncated")]
    [InlineData("(3037000499, 3037000499)", "too many elements")]
    [InlineData("(2000000000,)", "data is truncated")]
    public void ForgedHugeShapesFailWithoutAllocating(string shape, string problem)
    {
        byte[] bytes = NpyBytes($"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}}}", Doubles(1, 2, 3));
        foreach (bool seekable in new[] { true, false })
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Stream stream = seekable ? new MemoryStream(bytes) : new ForwardOnlyStream(bytes);
            var e = Assert.Throws<DataFileException>(() => Npy.Read(stream, "x.npy"));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Contains(problem, e.Message);
            Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes (seekable: {seekable})");
        }
    }

    [Fact]
    public void ReadsFromForwardOnlyStreams()
    {
        byte[] bytes = NpyBytes("{'descr': '<i4', 'fortran_order': False, 'shape': (2,)}", [1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]);
        Assert.Equal(new[] { 1, -1 }, (int[])Npy.Read(new ForwardOnlyStream(bytes), "x").Data);
    }

    [Fact]
    public void UnpairedSurrogatesCannotBeWritten()
    {
        Assert.Throws<ArgumentException>(() => Npy.Write(new MemoryStream(), new NpyArray(new[] { "a\udc00" }, 1)));
    }

    /// <summary>A stream that cannot seek and hands out at most 7 bytes per read, like a decompressor may.</summary>
    internal sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private int _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, 7), bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
