namespace T2CSim.Core.Controller;

/// <summary>
/// Sizes in bytes of the control-plane messages, for the control-overhead metric in simulation.
/// They follow the wire format of the hardware runner's control plane (docs/controller.md): a
/// 16-byte envelope (magic, version, kind, length, sequence) plus a payload; strings as UTF-8 with a
/// 2-byte length. Figures are for model names of about 10 characters.
/// </summary>
public static class ControlMessageSizes
{
    public const int Envelope = 16;
    /// <summary>An agent announces its tier, endpoint, cores and slots.</summary>
    public const int Registration = Envelope + 64;
    /// <summary>An agent's periodic status: load, per-partition queue and latency, per-link throughput.</summary>
    public static int StatusReport(int partitions, int links) => Envelope + 24 + 32 * partitions + 16 * links;
    /// <summary>Load a partition: deployment id, model, position range, exits per task, next hop.</summary>
    public static int Deploy(int tasks) => Envelope + 48 + 16 * tasks;
    /// <summary>Move a partition to new positions or exits.</summary>
    public static int Reconfigure(int tasks) => Envelope + 48 + 16 * tasks;
    /// <summary>Unload a partition.</summary>
    public const int Shutdown = Envelope + 8;
    /// <summary>Acknowledgement of a command.</summary>
    public const int Ack = Envelope + 8;
}
