using System.Globalization;
using System.Text;

namespace DGNet.Data;

/// <summary>
/// The header of a .npy array: a Python dict literal with the keys 'descr', 'fortran_order' and 'shape'.
/// Parsed by a small strict reader of Python literals (strings, booleans, integers, tuples, lists) with a nesting
/// limit, because the header comes from untrusted files.
/// </summary>
internal sealed record NpyHeader(NpyDType DType, int StringWidth, long[] Shape)
{
    /// <summary>NumPy allows at most 64 dimensions (32 before NumPy 2).</summary>
    public const int MaxRank = 64;

    /// <summary>Longest string element accepted, in code points; far beyond any real metadata.</summary>
    public const int MaxStringWidth = 1 << 24;

    private const int MaxNesting = 4;

    /// <summary>Bytes per element.</summary>
    public int ItemSize => DType switch
    {
        NpyDType.Float64 or NpyDType.Int64 => 8,
        NpyDType.Float32 or NpyDType.Int32 => 4,
        NpyDType.Unicode => 4 * StringWidth,
        _ => 1,
    };

    /// <summary>The header text for an array, without padding.</summary>
    public string Format()
    {
        string descr = DType switch
        {
            NpyDType.Float64 => "<f8",
            NpyDType.Float32 => "<f4",
            NpyDType.Int64 => "<i8",
            NpyDType.Int32 => "<i4",
            NpyDType.Int8 => "|i1",
            NpyDType.UInt8 => "|u1",
            NpyDType.Bool => "|b1",
            _ => $"<U{StringWidth}",
        };
        string shape = Shape.Length == 1 ? $"({Shape[0]},)" : "(" + string.Join(", ", Shape) + ")";
        return $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
    }

    /// <summary>Parses and checks a header.</summary>
    /// <exception cref="InvalidDataException">Malformed, or an array this library does not support; the message
    /// says which and how to convert the array in NumPy where that helps.</exception>
    public static NpyHeader Parse(string text)
    {
        var reader = new LiteralReader(text);
        var dict = reader.ReadTopLevelDict();

        foreach (string key in dict.Keys)
            if (key is not ("descr" or "fortran_order" or "shape"))
                throw new InvalidDataException($"header has an unexpected key '{key}'");
        foreach (string key in new[] { "descr", "fortran_order", "shape" })
            if (!dict.ContainsKey(key)) throw new InvalidDataException($"header lacks the key '{key}'");

        var (dtype, width) = dict["descr"] switch
        {
            string s => ParseDescr(s),
            Sequence => throw new InvalidDataException("structured (record) dtypes are not supported; save each field as its own array"),
            var other => throw new InvalidDataException($"header 'descr' is not a dtype string: {Describe(other)}"),
        };

        if (dict["shape"] is not Sequence { IsTuple: true } shapeItems)
            throw new InvalidDataException($"header 'shape' is not a tuple: {Describe(dict["shape"])}");
        if (shapeItems.Items.Count > MaxRank)
            throw new InvalidDataException($"shape has {shapeItems.Items.Count} dimensions (at most {MaxRank} supported)");
        var shape = new long[shapeItems.Items.Count];
        for (int i = 0; i < shape.Length; i++)
        {
            if (shapeItems.Items[i] is not long d || d < 0)
                throw new InvalidDataException($"shape dimension {i} is not a non-negative integer: {Describe(shapeItems.Items[i])}");
            shape[i] = d;
        }

        if (dict["fortran_order"] is not bool fortran)
            throw new InvalidDataException($"header 'fortran_order' is not True or False: {Describe(dict["fortran_order"])}");
        // With fewer than two dimensions both orders store the same bytes.
        if (fortran && shape.Count(d => d > 1) > 1)
            throw new InvalidDataException("Fortran-order arrays are not supported; save np.ascontiguousarray(a) instead");

        return new NpyHeader(dtype, width, shape);
    }

    private static (NpyDType, int) ParseDescr(string descr)
    {
        if (descr is "|O" or "O" or "<O" or ">O")
            throw new InvalidDataException("object arrays are not supported (they hold pickled Python objects); convert to a numeric or string dtype");
        char order = descr.Length > 0 ? descr[0] : ' ';
        string code = order is '<' or '>' or '|' or '=' ? descr[1..] : descr;
        bool singleByte = code is "i1" or "u1" or "b1";
        if (order == '>' && !singleByte && IsKnownCode(code))
            throw new InvalidDataException($"big-endian dtype '{descr}' is not supported; convert with a.astype('<{code}')");
        if (order == '<' || (order == '|' && singleByte) || (order == '>' && singleByte))
        {
            switch (code)
            {
                case "f8": return (NpyDType.Float64, 0);
                case "f4": return (NpyDType.Float32, 0);
                case "i8": return (NpyDType.Int64, 0);
                case "i4": return (NpyDType.Int32, 0);
                case "i1": return (NpyDType.Int8, 0);
                case "u1": return (NpyDType.UInt8, 0);
                case "b1": return (NpyDType.Bool, 0);
            }
            if (order == '<' && code.Length > 1 && code[0] == 'U'
                && int.TryParse(code.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int width))
            {
                if (width < 1 || width > MaxStringWidth)
                    throw new InvalidDataException($"string dtype '{descr}' has an unsupported width (1 to {MaxStringWidth})");
                return (NpyDType.Unicode, width);
            }
        }
        throw new InvalidDataException(
            $"unsupported dtype '{descr}' (supported: <f8, <f4, <i8, <i4, |i1, |u1, |b1, <U strings)");
    }

    private static bool IsKnownCode(string code) =>
        code is "f8" or "f4" or "i8" or "i4" or "f2" or "i2" or "u2" or "u4" or "u8" or "c8" or "c16"
        || (code.Length > 1 && code[0] == 'U');

    private static string Describe(object? value)
    {
        string text = value switch
        {
            null => "None",
            string s => $"'{s}'",
            bool b => b ? "True" : "False",
            long l => l.ToString(CultureInfo.InvariantCulture),
            Sequence seq => seq.IsTuple ? "a tuple" : "a list",
            _ => value.GetType().Name,
        };
        return text.Length > 40 ? text[..40] + "..." : text;
    }

    /// <summary>A parsed tuple or list.</summary>
    private sealed record Sequence(List<object?> Items, bool IsTuple);

    /// <summary>Reads the subset of Python literal syntax NumPy writes into headers.</summary>
    private sealed class LiteralReader(string text)
    {
        private int _pos;

        public Dictionary<string, object?> ReadTopLevelDict()
        {
            SkipSpace();
            Expect('{');
            var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (true)
            {
                SkipSpace();
                if (TryConsume('}')) break;
                if (ReadValue(1) is not string key) throw Error("header dict keys must be strings");
                SkipSpace();
                Expect(':');
                object? value = ReadValue(1);
                if (!dict.TryAdd(key, value)) throw new InvalidDataException($"header repeats the key '{key}'");
                SkipSpace();
                if (TryConsume('}')) break;
                Expect(',');
            }
            SkipSpace();
            if (_pos != text.Length) throw Error("unexpected text after the header dict");
            return dict;
        }

        private object? ReadValue(int depth)
        {
            if (depth > MaxNesting) throw Error("header nests too deeply");
            SkipSpace();
            if (_pos >= text.Length) throw Error("header ends early");
            char c = text[_pos];
            if (c is '\'' or '"') return ReadString(c);
            if (c is '(' or '[') return ReadSequence(depth);
            if (c == '-' || char.IsAsciiDigit(c)) return ReadInteger();
            if (TryWord("True")) return true;
            if (TryWord("False")) return false;
            if (TryWord("None")) return null;
            throw Error($"unexpected character '{c}'");
        }

        private string ReadString(char quote)
        {
            int start = ++_pos;
            while (_pos < text.Length && text[_pos] != quote)
            {
                if (text[_pos] is '\\' or '\n') throw Error("unsupported character in a header string");
                _pos++;
            }
            if (_pos >= text.Length) throw Error("unterminated string in header");
            return text[start.._pos++];
        }

        private Sequence ReadSequence(int depth)
        {
            char close = text[_pos] == '(' ? ')' : ']';
            _pos++;
            var items = new List<object?>();
            bool sawComma = false;
            while (true)
            {
                SkipSpace();
                if (TryConsume(close)) break;
                items.Add(ReadValue(depth + 1));
                SkipSpace();
                if (TryConsume(close)) break;
                Expect(',');
                sawComma = true;
            }
            // "(5)" is the integer 5 in Python, not a tuple.
            if (close == ')' && items.Count == 1 && !sawComma) throw Error("a one-element tuple needs a trailing comma");
            return new Sequence(items, close == ')');
        }

        private long ReadInteger()
        {
            int start = _pos;
            if (text[_pos] == '-') _pos++;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos])) _pos++;
            string digits = text[start.._pos];
            // Files written under Python 2 may mark long integers with an L.
            if (_pos < text.Length && text[_pos] is 'L' or 'l') _pos++;
            if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
                throw Error($"integer '{(digits.Length > 30 ? digits[..30] + "..." : digits)}' is out of range");
            return value;
        }

        private bool TryWord(string word)
        {
            if (string.CompareOrdinal(text, _pos, word, 0, word.Length) != 0) return false;
            int end = _pos + word.Length;
            if (end < text.Length && char.IsAsciiLetterOrDigit(text[end])) return false;
            _pos = end;
            return true;
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && text[_pos] is ' ' or '\t' or '\n' or '\r') _pos++;
        }

        private bool TryConsume(char c)
        {
            if (_pos < text.Length && text[_pos] == c) { _pos++; return true; }
            return false;
        }

        private void Expect(char c)
        {
            if (!TryConsume(c))
                throw Error(_pos < text.Length ? $"expected '{c}' but found '{text[_pos]}'" : $"expected '{c}' but the header ends");
        }

        private InvalidDataException Error(string problem) =>
            new($"malformed header at character {_pos}: {problem}");
    }
}
