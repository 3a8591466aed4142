namespace T2CSim.Core.Controller;

/// <summary>
/// Sizes in bytes of the control-plane messages, for the control-overhead metric in simulation.
/// They are the exact sizes of the hardware runner's wire format (docs/hardware.md, checked by
/// Sim.Hardware's WireSizeTests): a 16-byte envelope (magic, version, kind, length, sequence) plus
/// the payload; strings as a 2-byte length + UTF-8. Figures assume tier names of 6 characters,
/// endpoints of 21 (tcp://127.0.0.1:40001), model names of 10, task names of 6 and three tiers.
/// </summary>
public static class ControlMessageSizes
{
    public const int Envelope = 16;
    /// <summary>An agent announces its tier, data endpoint, cores, slots and process id.</summary>
    public const int Registration = Envelope + 43;
    /// <summary>The controller's answer to a registration: tier index, next hop, result sink.</summary>
    public const int Welcome = Envelope + 50;
    /// <summary>An agent's periodic status: queue, jobs, rejected frames, per-partition jobs and latency, per-link bytes and throughput.</summary>
    public static int StatusReport(int partitions, int links) => Envelope + 32 + 16 * partitions + 16 * links;
    /// <summary>Load a partition: deployment id, model, tier, partition points, exit per task.</summary>
    public static int Deploy(int tasks) => Envelope + 30 + 9 * tasks;
    /// <summary>Move a partition to new points or exits (same layout as Deploy).</summary>
    public static int Reconfigure(int tasks) => Envelope + 30 + 9 * tasks;
    /// <summary>Unload a partition: deployment id.</summary>
    public const int Shutdown = Envelope + 4;
    /// <summary>Acknowledgement of a command: its sequence and kind, deployment, ok, error text (empty).</summary>
    public const int Ack = Envelope + 16;
}
