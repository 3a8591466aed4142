namespace T2CSim.Hardware.Hil;

using T2CSim.Hardware.Profiling;

/// <summary>How a hardware-in-the-loop run is set up.</summary>
public sealed record HilOptions
{
    /// <summary>How to start `t2c agent` processes.</summary>
    public required AgentCommandLine Agent { get; init; }
    public int Repeat { get; init; }
    /// <summary>An agent silent for longer than this is lost (TierLost).</summary>
    public double AgentTimeoutS { get; init; } = 3;
    /// <summary>Run each agent under its tier's CPU quota (cgroup v1), when the machine allows.</summary>
    public bool CpuQuotas { get; init; } = true;
    /// <summary>
    /// With CPU quotas: give every agent this share instead of its tier's (the calibration uses 1: a
    /// whole CPU, the tier's instruction set, pinned, at the quota'd groups' high weight, so each hop
    /// shows its cost at the host's speed under the same scheduling as a validation run).
    /// </summary>
    public double? ShareOverride { get; init; }
    /// <summary>This machine's clock for the tiers' CPU shares; null: measured at the start of the run.</summary>
    public double? HostClockGhz { get; init; }
    public double RegistrationTimeoutS { get; init; } = 90;
    public double StatusPeriodS { get; init; } = 0.5;
    /// <summary>Failure injection: kill the agent of a tier at a time of the run.</summary>
    public IReadOnlyList<(double AtS, string Tier)> Kills { get; init; } = [];
    /// <summary>Echo every agent's log lines.</summary>
    public bool EchoAgentLogs { get; init; }
    /// <summary>Run the agents inside this testbed's namespaces (links shaped by tc; delay still in user space); null: loopback.</summary>
    public T2CSim.Hardware.Testbed.TestbedNetwork? Testbed { get; init; }
    /// <summary>Listen on HOST:PORT (results on PORT+1) and wait for agents started elsewhere instead of starting them.</summary>
    public (string Host, int Port)? ExternalAgents { get; init; }
    /// <summary>Warm every agent's job path before the run (HilWarmUp); off only for tests of the cold path.</summary>
    public bool WarmUp { get; init; } = true;
    /// <summary>
    /// CURVE keys (docs/security.md): a folder of `t2c keys generate` (controller.key, TIER.pub for the
    /// controller; TIER.key and the peers' .pub for agents); null on loopback: a fresh set for this run.
    /// </summary>
    public string? KeyFolder { get; init; }
    /// <summary>No CURVE and no seals: only to measure their cost (`--insecure`).</summary>
    public bool Insecure { get; init; }
    /// <summary>A job without all its results this long after its start is given up, its requests unserved.</summary>
    public double JobDeadlineS { get; init; } = 10;
    public Action<string> Log { get; init; } = Console.Error.WriteLine;
    /// <summary>Called once every agent registered, before the warm-up (attack and fault tests reach the endpoints through it).</summary>
    public Action<ControlHub, AgentDirectory>? Registered { get; init; }
}
