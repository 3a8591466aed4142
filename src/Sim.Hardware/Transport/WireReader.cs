namespace T2CSim.Hardware.Transport;

using System.Buffers.Binary;
using System.Text;

/// <summary>
/// Reads little-endian fields with a bounds check on every one: running off the end, a string
/// longer than the limit, invalid UTF-8 or a list longer than the limit is a WireFormatException.
/// </summary>
public sealed class WireReader
{
    private readonly byte[] _data;
    private readonly int _end;
    private int _pos;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public WireReader(byte[] data, int offset, int end, WireLimits limits)
    {
        _data = data;
        _pos = offset;
        _end = end;
        Limits = limits;
    }

    public WireLimits Limits { get; }
    public int Remaining => _end - _pos;

    private ReadOnlySpan<byte> Take(int bytes, string field)
    {
        if (bytes < 0 || bytes > Remaining) throw new WireFormatException($"truncated: {field} needs {bytes} bytes, {Remaining} left");
        var span = _data.AsSpan(_pos, bytes);
        _pos += bytes;
        return span;
    }

    public byte U8(string field) => Take(1, field)[0];
    public bool Bool(string field) => U8(field) switch
    {
        0 => false,
        1 => true,
        var b => throw new WireFormatException($"{field}: {b} is not a boolean"),
    };
    public ushort U16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));
    public int I32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));
    public uint U32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));
    public long I64(string field) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, field));
    public ulong U64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));

    public double F64(string field)
    {
        double v = BinaryPrimitives.ReadDoubleLittleEndian(Take(8, field));
        if (!double.IsFinite(v)) throw new WireFormatException($"{field}: not a finite number");
        return v;
    }

    /// <summary>An int that must lie in [min, max].</summary>
    public int I32In(string field, int min, int max)
    {
        int v = I32(field);
        if (v < min || v > max) throw new WireFormatException($"{field}: {v} outside {min}..{max}");
        return v;
    }

    public string Str(string field)
    {
        int bytes = U16(field);
        if (bytes > Limits.MaxStringBytes) throw new WireFormatException($"{field}: string of {bytes} bytes exceeds the limit of {Limits.MaxStringBytes}");
        var span = Take(bytes, field);
        try { return StrictUtf8.GetString(span); }
        catch (DecoderFallbackException) { throw new WireFormatException($"{field}: invalid UTF-8"); }
    }

    public byte[] Bytes(int bytes, string field) => Take(bytes, field).ToArray();

    public int Count(string field)
    {
        int n = U8(field);
        if (n > Limits.MaxItems) throw new WireFormatException($"{field}: {n} items exceed the limit of {Limits.MaxItems}");
        return n;
    }

    public void End(string message)
    {
        if (Remaining != 0) throw new WireFormatException($"{message}: {Remaining} unexpected bytes after the payload");
    }
}
