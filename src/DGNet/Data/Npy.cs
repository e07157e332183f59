using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace DGNet.Data;

/// <summary>
/// Reads single arrays in NumPy's .npy format (versions 1.0, 2.0 and 3.0) and writes them (version 1.0); .npy is
/// the member format of .npz archives. Only C-order, little-endian arrays of the <see cref="NpyDType"/> types.
/// Every size field of a file is checked against the bytes actually present before anything is allocated from it,
/// so a forged header cannot exhaust memory.
/// </summary>
public static class Npy
{
    internal static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Headers longer than this are refused; NumPy itself refuses more than 10,000 bytes by default.</summary>
    private const int MaxHeaderLength = 1 << 20;

    /// <summary>Largest first buffer, in bytes, when a stream length vouches for the data size; otherwise buffers
    /// start at 64 kB. Either way they grow only as data actually arrives.</summary>
    private const int MaxFirstBuffer = 1 << 24;

    /// <summary>Reads one array from the stream's current position to its end.</summary>
    /// <param name="stream">The .npy bytes.</param>
    /// <param name="nameForErrors">The file or entry name that error messages start with.</param>
    /// <exception cref="DataFileException">The bytes are not a supported .npy array.</exception>
    public static NpyArray Read(Stream stream, string nameForErrors)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long? remaining = stream.CanSeek ? stream.Length - stream.Position : null;
        return Read(stream, remaining, problem => new DataFileException(nameForErrors, problem));
    }

    /// <summary>Writes one array in format version 1.0. (Version 2.0 exists for headers over 65,535 bytes, which
    /// only structured dtypes reach; ours stay under 1.5 kB even with 64 dimensions.)</summary>
    /// <exception cref="ArgumentException">A string holds an unpaired surrogate, which UTF-32 cannot store.</exception>
    public static void Write(Stream stream, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        int width = array.DType == NpyDType.Unicode ? NpyArray.StringWidth((string[])array.Data) : 0;
        string text = new NpyHeader(array.DType, width, array.Shape).Format();

        // Pad with spaces so that the data starts at a multiple of 64 bytes, as NumPy does; end with a newline.
        const int prefix = 10;
        int unpadded = prefix + text.Length + 1;
        int total = unpadded + (64 - unpadded % 64) % 64;
        byte[] head = new byte[total];
        Magic.CopyTo(head, 0);
        head[6] = 1;
        head[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(8), checked((ushort)(total - prefix)));
        Encoding.ASCII.GetBytes(text, head.AsSpan(prefix));
        head.AsSpan(prefix + text.Length, total - prefix - text.Length - 1).Fill((byte)' ');
        head[^1] = (byte)'\n';
        stream.Write(head);

        var data = array.Data;
        switch (array.DType)
        {
            case NpyDType.Float64: WriteElements(stream, (double[])data); break;
            case NpyDType.Float32: WriteElements(stream, (float[])data); break;
            case NpyDType.Int64: WriteElements(stream, (long[])data); break;
            case NpyDType.Int32: WriteElements(stream, (int[])data); break;
            case NpyDType.Int8: WriteElements(stream, (sbyte[])data); break;
            case NpyDType.UInt8: WriteElements(stream, (byte[])data); break;
            case NpyDType.Bool: WriteElements(stream, (bool[])data); break;
            default: WriteStrings(stream, (string[])data, width); break;
        }
    }

    /// <summary>Writes the elements' little-endian bytes in windows, since a byte span cannot exceed 2 GB.</summary>
    private static void WriteElements<T>(Stream stream, T[] elements) where T : unmanaged
    {
        int window = (1 << 30) / Unsafe.SizeOf<T>();
        for (int start = 0; start < elements.Length; start += window)
            stream.Write(MemoryMarshal.AsBytes(elements.AsSpan(start, Math.Min(window, elements.Length - start))));
    }

    /// <summary>Reads an array whose remaining byte count may be known (a seekable stream or a zip entry's stated
    /// size); <paramref name="fail"/> turns a problem into the exception to throw.</summary>
    internal static NpyArray Read(Stream stream, long? remaining, Func<string, Exception> fail)
    {
        Span<byte> prefix = stackalloc byte[8];
        int got = ReadUpTo(stream, prefix);
        if (got == 0) throw fail("empty .npy data");
        if (got < 8 || !prefix[..6].SequenceEqual(Magic))
            throw fail("not a .npy array (the NumPy magic string is missing)");
        int major = prefix[6], minor = prefix[7];
        if (major is < 1 or > 3 || minor != 0)
            throw fail($"unsupported .npy format version {major}.{minor} (supported: 1.0, 2.0, 3.0)");

        Span<byte> lengthField = stackalloc byte[major == 1 ? 2 : 4];
        if (ReadUpTo(stream, lengthField) < lengthField.Length) throw fail("truncated .npy header");
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthField)
                                       : BinaryPrimitives.ReadUInt32LittleEndian(lengthField);
        long consumed = 8 + lengthField.Length;
        if (headerLength > MaxHeaderLength) throw fail($".npy header length {headerLength} exceeds the limit of {MaxHeaderLength} bytes");
        if (remaining is long r && headerLength > r - consumed)
            throw fail($"truncated .npy header ({headerLength} bytes announced, {Math.Max(0, r - consumed)} present)");
        byte[] headerBytes = new byte[headerLength];
        if (ReadUpTo(stream, headerBytes) < headerLength) throw fail("truncated .npy header");
        consumed += headerLength;

        string text;
        try
        {
            // Versions 1 and 2 use latin-1, version 3 UTF-8.
            text = major == 3
                ? new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(headerBytes)
                : Encoding.Latin1.GetString(headerBytes);
        }
        catch (DecoderFallbackException)
        {
            throw fail("the .npy header is not valid UTF-8");
        }

        NpyHeader header;
        try { header = NpyHeader.Parse(text); }
        catch (InvalidDataException e) { throw fail(e.Message); }

        string shapeText = NpyArray.FormatShape(header.Shape);
        long count = NpyArray.ElementCount(header.Shape)
            ?? throw fail($"shape {shapeText} has too many elements");
        // Numbers are read straight into an array of their type, strings as their UTF-32 bytes; .NET caps array lengths.
        if (count > long.MaxValue / header.ItemSize) throw fail($"shape {shapeText} has too many elements");
        long bytes = count * header.ItemSize;
        long arrayLength = header.DType == NpyDType.Unicode ? bytes : count;
        if (arrayLength > Array.MaxLength)
            throw fail($"shape {shapeText} is too large to load (at most {Array.MaxLength} elements, or bytes of strings, per array)");
        if (remaining is long total && total - consumed != bytes)
            throw fail(total - consumed < bytes
                ? $"data is truncated: shape {shapeText} needs {bytes} bytes, {Math.Max(0, total - consumed)} present"
                : $"data size does not match the shape: shape {shapeText} needs {bytes} bytes, {total - consumed} present");

        var reader = new ElementReader(stream, remaining is not null, fail, shapeText);
        int length = (int)arrayLength;
        Array elements = header.DType switch
        {
            NpyDType.Float64 => reader.Read<double>(length),
            NpyDType.Float32 => reader.Read<float>(length),
            NpyDType.Int64 => reader.Read<long>(length),
            NpyDType.Int32 => reader.Read<int>(length),
            NpyDType.Int8 => reader.Read<sbyte>(length),
            NpyDType.UInt8 => reader.Read<byte>(length),
            NpyDType.Bool => Array.ConvertAll(reader.Read<byte>(length), b => b != 0),
            _ => DecodeStrings(reader.Read<byte>(length), header.StringWidth, (int)count, fail),
        };
        return new NpyArray(elements, header.Shape);
    }

    /// <summary>Reads the data section into a typed array that grows only as data arrives (from a larger start when
    /// the stream's length confirmed the size), then checks that nothing follows.</summary>
    private readonly record struct ElementReader(Stream Stream, bool LengthKnown, Func<string, Exception> Fail, string ShapeText)
    {
        public T[] Read<T>(int length) where T : unmanaged
        {
            int size = Unsafe.SizeOf<T>();
            long total = (long)length * size;
            var buffer = new T[Math.Min(length, (LengthKnown ? MaxFirstBuffer : 1 << 16) / size)];
            long filled = 0;
            while (filled < total)
            {
                if (filled == (long)buffer.Length * size)
                    Array.Resize(ref buffer, (int)Math.Min(length, Math.Max(2L * buffer.Length, 1)));
                // A window of whole elements from the first incomplete one, small enough for a byte span.
                int first = (int)(filled / size);
                var window = MemoryMarshal.AsBytes(buffer.AsSpan(first, Math.Min(buffer.Length - first, int.MaxValue / size)));
                int n = Stream.Read(window[(int)(filled % size)..]);
                if (n == 0) throw Fail($"data is truncated: shape {ShapeText} needs {total} bytes, {filled} present");
                filled += n;
            }
            if (Stream.ReadByte() >= 0)
                throw Fail($"data size does not match the shape: more than the {total} bytes shape {ShapeText} needs");
            return buffer;
        }
    }

    /// <summary>NumPy stores each string as fixed-width UTF-32 and drops trailing NULs on reading; so do we.</summary>
    private static string[] DecodeStrings(byte[] bytes, int width, int count, Func<string, Exception> fail)
    {
        var strings = new string[count];
        var builder = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            var units = MemoryMarshal.Cast<byte, uint>(bytes.AsSpan(i * width * 4, width * 4));
            int length = units.Length;
            while (length > 0 && units[length - 1] == 0) length--;
            builder.Clear();
            for (int k = 0; k < length; k++)
            {
                if (units[k] > 0x10FFFF || !Rune.IsValid((int)units[k]))
                    throw fail($"string element {i} holds an invalid UTF-32 code unit 0x{units[k]:X}");
                builder.Append(new Rune((int)units[k]).ToString());
            }
            strings[i] = builder.ToString();
        }
        return strings;
    }

    private static void WriteStrings(Stream stream, string[] strings, int width)
    {
        var units = new uint[width];
        foreach (string s in strings)
        {
            Array.Clear(units);
            int k = 0;
            for (int i = 0; i < s.Length; k++)
            {
                var status = Rune.DecodeFromUtf16(s.AsSpan(i), out Rune rune, out int used);
                if (status != System.Buffers.OperationStatus.Done)
                    throw new ArgumentException($"string \"{s}\" holds an unpaired surrogate, which .npy cannot store");
                units[k] = (uint)rune.Value;
                i += used;
            }
            stream.Write(MemoryMarshal.AsBytes(units.AsSpan()));
        }
    }

    private static int ReadUpTo(Stream stream, Span<byte> buffer)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            int n = stream.Read(buffer[filled..]);
            if (n == 0) break;
            filled += n;
        }
        return filled;
    }
}
