namespace T2CSim.Hardware.Transport;

using System.Buffers.Binary;

/// <summary>
/// Encodes messages into frames and decodes frames with strict validation: the envelope first
/// (size, magic, version, kind, declared length against the frame and the limit), then the payload,
/// field by field, which must be consumed exactly. Any violation is a WireFormatException with a reason.
/// </summary>
public static class WireCodec
{
    public static byte[] Encode(IWireMessage message, ulong sequence)
    {
        var w = new WireWriter();
        w.U16(WireFormat.Magic);
        w.U8(WireFormat.Version);
        w.U8((byte)message.Kind);
        w.U32(0);
        w.U64(sequence);
        message.Write(w);
        w.PatchU32(4, (uint)(w.Length - WireFormat.EnvelopeBytes));
        return w.ToArray();
    }

    public static Envelope ReadEnvelope(byte[] frame, WireLimits limits)
    {
        if (frame.Length < WireFormat.EnvelopeBytes) throw new WireFormatException($"truncated: {frame.Length} bytes, an envelope has {WireFormat.EnvelopeBytes}");
        if (frame.Length > limits.MaxMessageBytes) throw new WireFormatException($"oversized: {frame.Length} bytes exceed the limit of {limits.MaxMessageBytes}");
        var span = frame.AsSpan();
        ushort magic = BinaryPrimitives.ReadUInt16LittleEndian(span);
        if (magic != WireFormat.Magic) throw new WireFormatException($"bad magic 0x{magic:x4}");
        byte version = span[2];
        if (version != WireFormat.Version) throw new WireFormatException($"wrong version {version} (this build speaks {WireFormat.Version})");
        byte kind = span[3];
        if (!MessageKinds.IsKnown(kind)) throw new WireFormatException($"unknown kind {kind}");
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
        if (length != frame.Length - WireFormat.EnvelopeBytes)
            throw new WireFormatException($"length mismatch: envelope says {length} payload bytes, frame has {frame.Length - WireFormat.EnvelopeBytes}");
        return new Envelope((MessageKind)kind, (int)length, BinaryPrimitives.ReadUInt64LittleEndian(span[8..]));
    }

    public static (Envelope Envelope, IWireMessage Message) Decode(byte[] frame, WireLimits? limits = null)
    {
        limits ??= WireLimits.Default;
        var envelope = ReadEnvelope(frame, limits);
        var r = new WireReader(frame, WireFormat.EnvelopeBytes, frame.Length, limits);
        IWireMessage message = envelope.Kind switch
        {
            MessageKind.Register => RegisterMessage.Read(r),
            MessageKind.Welcome => WelcomeMessage.Read(r),
            MessageKind.Status => StatusMessage.Read(r),
            MessageKind.Deploy or MessageKind.Reconfigure => PartitionCommand.Read(envelope.Kind, r),
            MessageKind.Shutdown => ShutdownMessage.Read(r),
            MessageKind.Ack => AckMessage.Read(r),
            MessageKind.Job => JobMessage.Read(r),
            MessageKind.Result => ResultMessage.Read(r),
            MessageKind.StageReport => StageReportMessage.Read(r),
            MessageKind.Stop => new StopMessage(),
            MessageKind.LinkSet => LinkSetMessage.Read(r),
            _ => throw new WireFormatException($"unknown kind {(byte)envelope.Kind}"),
        };
        r.End(envelope.Kind.ToString());
        return (envelope, message);
    }
}
