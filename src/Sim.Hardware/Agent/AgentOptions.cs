namespace T2CSim.Hardware.Agent;

using T2CSim.Hardware.Transport;

/// <summary>How an agent is started (`t2c agent`).</summary>
/// <param name="Tier">Tier name as in the scenario: device, edge, cloud.</param>
/// <param name="ControlEndpoint">The controller's control socket to connect to, e.g. tcp://127.0.0.1:5550.</param>
/// <param name="DataBind">Where this agent's data socket listens, e.g. tcp://*:5561; a port of * (tcp://127.0.0.1:*): a free one, advertised as bound.</param>
/// <param name="DataAdvertise">The data endpoint others connect to (default: DataBind with * as 127.0.0.1).</param>
/// <param name="CpuShare">Share of one host CPU (cgroup v1 CFS quota) emulating the tier's speed; null: unthrottled.</param>
/// <param name="LinkRateBps">Shaped rate of the outgoing link (to the next tier) in user space; 0: unshaped.</param>
/// <param name="LinkLatencyS">Propagation delay added to the outgoing link in user space.</param>
/// <param name="LinkKernelBurstBytes">0: the outgoing link is shaped in user space at LinkRateBps; otherwise the kernel shapes it (namespace testbed) with a bucket of this many bytes, whose lead the agent pays (LinkShaper).</param>
/// <param name="ParentProcessId">Exit when this process is gone (children of `t2c hil` never outlive it).</param>
/// <param name="PinCpu">Run every thread on this CPU (CpuAffinity: with a CPU quota, the quota then means what it says); null: anywhere.</param>
public sealed record AgentOptions(
    string Tier,
    string ControlEndpoint,
    string DataBind,
    string? DataAdvertise = null,
    double? CpuShare = null,
    double LinkRateBps = 0,
    double LinkLatencyS = 0,
    double StatusPeriodS = 0.5,
    int Cores = 1,
    int Slots = 8,
    int? ParentProcessId = null,
    int? PinCpu = null,
    int LinkKernelBurstBytes = 0)
{
    public WireLimits Limits { get; init; } = WireLimits.Default;
    /// <summary>CURVE keys and peers (docs/security.md); null: an insecure agent (`--insecure`).</summary>
    public Security.AgentKeys? Keys { get; init; }

    /// <summary>The endpoint others connect to: DataAdvertise, else DataBind with a wildcard or empty host as 127.0.0.1 (a port of * stays: the agent puts the bound one in).</summary>
    public string AdvertisedDataEndpoint => DataAdvertise ?? DataBind.Replace("tcp://*:", "tcp://127.0.0.1:").Replace("tcp://0.0.0.0:", "tcp://127.0.0.1:").Replace("tcp://:", "tcp://127.0.0.1:");
}
