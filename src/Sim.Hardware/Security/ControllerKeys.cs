namespace T2CSim.Hardware.Security;

/// <summary>
/// What the controller holds: its key pair (CURVE server of the control and result planes, and the
/// sensor's link to the first tier) and the public key it accepts for each tier's agent, in tier order.
/// </summary>
public sealed class ControllerKeys
{
    private readonly FrameSeal[] _seals;

    public ControllerKeys(CurveKeyPair own, IReadOnlyList<(string Tier, byte[] PublicKey)> agents)
    {
        Own = own;
        Agents = agents;
        _seals = agents.Select(a => FrameSeal.Between(own, a.PublicKey)).ToArray();
    }

    public CurveKeyPair Own { get; }
    public IReadOnlyList<(string Tier, byte[] PublicKey)> Agents { get; }

    /// <summary>The seal of the agent of this tier (by name, case-insensitive), or null for a tier without a key.</summary>
    public FrameSeal? SealOf(string tier)
    {
        for (int k = 0; k < Agents.Count; k++)
            if (string.Equals(Agents[k].Tier, tier, StringComparison.OrdinalIgnoreCase)) return _seals[k];
        return null;
    }

    public FrameSeal? SealOf(int tierIndex) => tierIndex >= 0 && tierIndex < _seals.Length ? _seals[tierIndex] : null;

    /// <summary>The sensor's link into the first tier's data socket.</summary>
    public PeerLink LinkTo(int tierIndex) => new(Own, Agents[tierIndex].PublicKey);

    /// <summary>From a key folder: controller.key and TIER.pub for every tier.</summary>
    public static ControllerKeys FromFolder(string folder, IEnumerable<string> tiers) =>
        new(KeyFiles.ReadPair(folder, KeyFiles.Controller), tiers.Select(t => (t, KeyFiles.ReadPublic(folder, t))).ToArray());
}

/// <summary>
/// What an agent holds: its key pair (CURVE server of its data socket), the controller's public key
/// (control and result planes), the keys of the peers whose Jobs it accepts (the tier before it, or
/// the controller's sensor for the first tier; on a tree every child node, docs/topology.md) and of
/// the tier it forwards to (none for the last).
/// </summary>
public sealed class AgentKeys(CurveKeyPair own, byte[] controller, IReadOnlyList<byte[]> upstreams, byte[]? downstream)
{
    public AgentKeys(CurveKeyPair own, byte[] controller, byte[] upstream, byte[]? downstream) : this(own, controller, [upstream], downstream) { }

    public CurveKeyPair Own { get; } = own;
    public PeerLink Controller { get; } = new(own, controller);
    public IReadOnlyList<FrameSeal> Upstreams { get; } = upstreams.Select(u => FrameSeal.Between(own, u)).ToArray();
    public PeerLink? Downstream { get; } = downstream is null ? null : new PeerLink(own, downstream);

    /// <summary>Opens a data frame sealed by any of the upstream peers (false: by none of them).</summary>
    public bool TryOpenFromUpstream(byte[] sealedFrame, out byte[] frame)
    {
        foreach (var seal in Upstreams)
            if (seal.TryOpen(sealedFrame, out frame)) return true;
        frame = [];
        return false;
    }

    /// <summary>From a key folder: TIER.key, controller.pub, UPSTREAM.pub (a comma-separated list: one per peer) and (unless none) DOWNSTREAM.pub.</summary>
    public static AgentKeys FromFolder(string folder, string tier, string upstream, string? downstream) =>
        new(KeyFiles.ReadPair(folder, tier), KeyFiles.ReadPublic(folder, KeyFiles.Controller),
            upstream.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => KeyFiles.ReadPublic(folder, u)).ToArray(),
            downstream is null ? null : KeyFiles.ReadPublic(folder, downstream));
}
