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
}
