namespace T2CSim.Hardware.Transport;

/// <summary>Element types a tensor may carry on the wire.</summary>
public enum WireDType : byte { UInt8 = 1, Float32 = 2 }

/// <summary>
/// A tensor as it crosses a link: element type, shape, and the raw little-endian bytes. On the wire:
/// u8 dtype, u8 rank, rank x i64 dims (each >= 1), u32 byte length (= product of dims x element size,
/// and at most WireLimits.MaxTensorBytes), then the bytes.
/// </summary>
public sealed record WireTensor(WireDType DType, long[] Shape, byte[] Data)
{
    public static int ElementBytes(WireDType d) => d == WireDType.UInt8 ? 1 : 4;

    public int WireBytes => 2 + 8 * Shape.Length + 4 + Data.Length;

    public void Write(WireWriter w)
    {
        w.U8((byte)DType);
        w.Count(Shape.Length);
        foreach (var d in Shape) w.I64(d);
        w.U32((uint)Data.Length);
        w.Bytes(Data);
    }

    public static WireTensor Read(WireReader r, string field)
    {
        byte dtype = r.U8(field + ".dtype");
        if (dtype is not ((byte)WireDType.UInt8 or (byte)WireDType.Float32)) throw new WireFormatException($"{field}: unknown dtype {dtype}");
        int rank = r.U8(field + ".rank");
        if (rank < 1 || rank > r.Limits.MaxRank) throw new WireFormatException($"{field}: rank {rank} outside 1..{r.Limits.MaxRank}");
        var shape = new long[rank];
        long elements = 1;
        for (int i = 0; i < rank; i++)
        {
            shape[i] = r.I64(field + ".shape");
            if (shape[i] < 1 || shape[i] > r.Limits.MaxTensorBytes) throw new WireFormatException($"{field}: dimension {shape[i]} is below 1 or over the tensor limit of {r.Limits.MaxTensorBytes}");
            elements *= shape[i];
            if (elements > r.Limits.MaxTensorBytes) throw new WireFormatException($"{field}: {elements}+ elements exceed the tensor limit of {r.Limits.MaxTensorBytes} bytes");
        }
        long expected = elements * ElementBytes((WireDType)dtype);
        uint length = r.U32(field + ".length");
        if (length > r.Limits.MaxTensorBytes) throw new WireFormatException($"{field}: {length} bytes exceed the tensor limit of {r.Limits.MaxTensorBytes}");
        if (length != expected) throw new WireFormatException($"{field}: {length} bytes for shape [{string.Join(",", shape)}] of {(WireDType)dtype} (expected {expected})");
        return new WireTensor((WireDType)dtype, shape, r.Bytes((int)length, field + ".data"));
    }

    public static WireTensor FromFloats(float[] values, long[] shape)
    {
        var data = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, data, 0, data.Length);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("the wire format is little-endian");
        return new WireTensor(WireDType.Float32, shape, data);
    }

    public float[] ToFloats()
    {
        if (DType != WireDType.Float32) throw new InvalidOperationException("not a float32 tensor");
        var values = new float[Data.Length / 4];
        Buffer.BlockCopy(Data, 0, values, 0, Data.Length);
        return values;
    }
}
