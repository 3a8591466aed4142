namespace T2CSim.Hardware.Transport;

/// <summary>
/// Bounds a decoder enforces before allocating anything, so a hostile or corrupt length field can
/// never make a receiver allocate gigabytes. The defaults fit the largest tensor of the model zoo
/// (se-wide after block 1: 64 x 24 x 24 floats = 147 KB) with ample room.
/// </summary>
public sealed record WireLimits(int MaxMessageBytes = 16 << 20, int MaxTensorBytes = 8 << 20, int MaxStringBytes = 256, int MaxItems = 64, int MaxRank = 8)
{
    public static WireLimits Default { get; } = new();

    /// <summary>
    /// Frames on the control and result planes (commands, status, acks, scores, reports) are a few
    /// kilobytes; their sockets refuse anything over this before buffering it (ZMQ_MAXMSGSIZE), so a
    /// peer can make a receiver hold at most high-watermark x this per connection.
    /// </summary>
    public const int MaxControlMessageBytes = 1 << 20;

    /// <summary>
    /// Frames on the data plane: a Job carries the raw frame or one cut's tensors (at most ~150 KB per
    /// task in the model zoo), so 2 MiB is ample. The socket refuses a bigger frame at its header,
    /// before CURVE decrypts it: NetMQ's CURVE decrypts in managed code (~20 us per KB), and forty
    /// 8 MiB frames from an unauthenticated peer once kept a device at 0.14 of a CPU decrypting for
    /// the whole run (docs/security.md, "Residual risk").
    /// </summary>
    public const int MaxDataFrameBytes = 2 << 20;
}
