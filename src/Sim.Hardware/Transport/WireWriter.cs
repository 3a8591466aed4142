namespace T2CSim.Hardware.Transport;

using System.Buffers.Binary;
using System.Text;

/// <summary>Appends little-endian fields to a growing buffer; strings as u16 length + UTF-8.</summary>
public sealed class WireWriter
{
    private byte[] _buffer;
    private int _length;

    public WireWriter(int capacity = 256) => _buffer = new byte[capacity];

    public int Length => _length;

    private Span<byte> Take(int bytes)
    {
        if (_length + bytes > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        var span = _buffer.AsSpan(_length, bytes);
        _length += bytes;
        return span;
    }

    public void U8(byte v) => Take(1)[0] = v;
    public void Bool(bool v) => U8(v ? (byte)1 : (byte)0);
    public void U16(ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(Take(2), v);
    public void I32(int v) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), v);
    public void U32(uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), v);
    public void I64(long v) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), v);
    public void U64(ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), v);
    public void F64(double v) => BinaryPrimitives.WriteDoubleLittleEndian(Take(8), v);

    public void Str(string s)
    {
        int bytes = Encoding.UTF8.GetByteCount(s);
        if (bytes > ushort.MaxValue) throw new ArgumentException("string too long for the wire format");
        U16((ushort)bytes);
        Encoding.UTF8.GetBytes(s, Take(bytes));
    }

    public void Bytes(ReadOnlySpan<byte> data) => data.CopyTo(Take(data.Length));

    /// <summary>A count of items: u8, the format's lists are short.</summary>
    public void Count(int n)
    {
        if (n is < 0 or > byte.MaxValue) throw new ArgumentException($"a list of {n} items does not fit the wire format");
        U8((byte)n);
    }

    /// <summary>Writes a u16 placeholder-free patch at a given offset (used for the envelope).</summary>
    internal void PatchU32(int offset, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(offset, 4), v);

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();
}
