namespace T2CSim.Hardware.Transport;

/// <summary>
/// Constants of the T2C wire format (docs/hardware.md, "Wire format"). Every message is one NetMQ
/// frame: a 16-byte envelope then the payload. All integers are little-endian.
///
///   offset 0  u16 magic 0x3254 ("T2" on the wire)
///   offset 2  u8  version (2)
///   offset 3  u8  kind (<see cref="MessageKind"/>)
///   offset 4  u32 payload length in bytes (must equal the frame length - 16)
///   offset 8  u64 sequence number (per sender, increasing; an Ack names the sequence it answers)
/// </summary>
public static class WireFormat
{
    public const ushort Magic = 0x3254;
    /// <summary>2: Job, Result and StageReport carry wall-clock timestamps (docs/hardware.md, "Timing").</summary>
    public const byte Version = 2;
    public const int EnvelopeBytes = 16;
}

/// <summary>What a message is. The plane tells which byte counter it adds to.</summary>
public enum MessageKind : byte
{
    /// <summary>Agent -> controller: I am tier X, my data endpoint is E (control plane).</summary>
    Register = 1,
    /// <summary>Controller -> agent: your tier index, your next hop, the result sink (control plane).</summary>
    Welcome = 2,
    /// <summary>Agent -> controller, periodic: partitions, queue, stage latencies, link throughput (control plane).</summary>
    Status = 3,
    /// <summary>Controller -> agent: load a partition (control plane).</summary>
    Deploy = 4,
    /// <summary>Controller -> agent: move a partition to new partition points or exits (control plane).</summary>
    Reconfigure = 5,
    /// <summary>Controller -> agent: unload a partition once its jobs in flight are done (control plane).</summary>
    Shutdown = 6,
    /// <summary>Agent -> controller: a command was carried out, or why not (control plane).</summary>
    Ack = 7,
    /// <summary>Sensor or agent -> next agent: a job's frame or intermediate tensors (data plane).</summary>
    Job = 8,
    /// <summary>Agent -> result sink: one task's exit scores (result plane).</summary>
    Result = 9,
    /// <summary>Agent -> result sink: what one job's stage took on a tier (result plane).</summary>
    StageReport = 10,
    /// <summary>Controller -> agent: the run is over, exit (control plane).</summary>
    Stop = 11,
    /// <summary>Controller -> agent: set the shaped rate of the agent's outgoing link (control plane).</summary>
    LinkSet = 12,
}

/// <summary>The three planes whose bytes are counted apart for the overhead metrics.</summary>
public enum Plane { Control, Data, Result }

public static class MessageKinds
{
    public static bool IsKnown(byte kind) => kind is >= 1 and <= 12;

    public static Plane PlaneOf(MessageKind kind) => kind switch
    {
        MessageKind.Job => Plane.Data,
        MessageKind.Result or MessageKind.StageReport => Plane.Result,
        _ => Plane.Control,
    };
}

/// <summary>The decoded envelope of a message.</summary>
public readonly record struct Envelope(MessageKind Kind, int PayloadBytes, ulong Sequence);

/// <summary>
/// The timestamps on the wire: nanoseconds since the Unix epoch, UTC (CLOCK_REALTIME). Processes on one
/// host (loopback, the namespace testbed) share this clock exactly; across hosts it is only as good as
/// their clock synchronisation (NTP: ~1 ms, PTP: ~1 us), so per-hop figures between hosts are too.
/// </summary>
public static class WireClock
{
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;

    public static long NowNs() => (DateTime.UtcNow.Ticks - EpochTicks) * 100;

    /// <summary>Seconds from `fromNs` to `toNs` (NaN when either is unset, i.e. 0).</summary>
    public static double Seconds(long fromNs, long toNs) => fromNs == 0 || toNs == 0 ? double.NaN : (toNs - fromNs) / 1e9;
}
