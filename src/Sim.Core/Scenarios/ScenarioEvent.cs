namespace T2CSim.Core.Scenarios;

/// <summary>Something the scenario makes happen to the world at time AtS (the run driver applies it in both worlds).</summary>
public abstract record ScenarioEvent(double AtS);

/// <summary>
/// A timed change of a link, e.g. the operation phase's bandwidth halved at t = 20 s. From AtS on,
/// the link's capacity is its declared capacity x CapacityFactor (factors do not compound: 1
/// restores it), and/or its background traffic is BackgroundBps. A null field is left as it is.
/// </summary>
/// <param name="LinkIndex">Index in Topology.Links (chain order).</param>
public sealed record LinkChange(double AtS, string Link, int LinkIndex, double? CapacityFactor, double? BackgroundBps) : ScenarioEvent(AtS);

/// <summary>What an outage takes down.</summary>
public enum OutageTarget
{
    /// <summary>A tier's node (its agent): what runs on it is lost.</summary>
    Tier,
    /// <summary>A link: nothing crosses it, so the tier behind it and every later one cannot be reached.</summary>
    Link,
}

/// <summary>
/// A failure: tier (node) or link `Name` (index `Index` in Topology.Nodes or Topology.Links) goes down
/// at AtS and comes back ForS seconds later (null: down until the end of the run). In the chain both
/// cut the continuum at position `Index`: a tier down cuts at itself, a link down at the tier it leads
/// to (docs/controller.md, "Failure events"). In a tree a node or link cuts only the device paths
/// through it (docs/topology.md, "Outages on a tree").
/// </summary>
public sealed record Outage(double AtS, OutageTarget Target, string Name, int Index, double? ForS) : ScenarioEvent(AtS)
{
    /// <summary>In the chain: the first tier the outage makes unreachable (everything from it on is cut off).</summary>
    public int FirstTierCut => Index;

    public override string ToString() => $"{(Target == OutageTarget.Tier ? "tier" : "link")} {Name}";
}
