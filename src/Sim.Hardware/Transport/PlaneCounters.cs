namespace T2CSim.Hardware.Transport;

/// <summary>
/// Bytes and messages sent and received per plane (control, data, result), whole frames counted, for
/// the overhead metrics; plus frames rejected by the decoder. Thread-safe: several threads send.
/// </summary>
public sealed class PlaneCounters
{
    private readonly long[] _sent = new long[3], _received = new long[3];
    private long _rejected;

    public void Sent(MessageKind kind, int bytes) => Interlocked.Add(ref _sent[(int)MessageKinds.PlaneOf(kind)], bytes);
    public void Received(MessageKind kind, int bytes) => Interlocked.Add(ref _received[(int)MessageKinds.PlaneOf(kind)], bytes);
    public void Rejected() => Interlocked.Increment(ref _rejected);

    public long SentBytes(Plane plane) => Interlocked.Read(ref _sent[(int)plane]);
    public long ReceivedBytes(Plane plane) => Interlocked.Read(ref _received[(int)plane]);
    public long Total(Plane plane) => SentBytes(plane) + ReceivedBytes(plane);
    public long RejectedFrames => Interlocked.Read(ref _rejected);

    /// <summary>Takes back bytes counted on a plane (the HIL warm-up's traffic, which belongs to no metric).</summary>
    public void Discount(Plane plane, long sent, long received)
    {
        Interlocked.Add(ref _sent[(int)plane], -sent);
        Interlocked.Add(ref _received[(int)plane], -received);
    }
}
