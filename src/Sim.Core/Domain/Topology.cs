namespace T2CSim.Core.Domain;

/// <summary>A computing tier of the continuum (device, edge, cloud, ...).</summary>
/// <param name="Name">Name used in scenarios and lookup-table columns ("device", "edge", "cloud").</param>
/// <param name="Slots">Computing power of the thesis: how many model partitions the tier can host.</param>
/// <param name="Cores">CPU cores shared by the partitions running on the tier (simulated execution).</param>
/// <param name="Speed">How fast the tier computes relative to its lookup-table column (2: twice as fast); the
/// planner knows it, unlike SimulationOptions.TierSlowdown. 1 (the default) is the table as measured.</param>
public sealed record TierSpec(string Name, int Slots, int Cores, double Speed = 1);

/// <summary>A network link of the chain sensor -> tier 0 -> tier 1 -> ... .</summary>
/// <param name="Name">Scenario name, e.g. "sensor_device".</param>
/// <param name="CapacityBps">Capacity b in bits per second.</param>
/// <param name="PropagationS">One-way propagation latency in seconds.</param>
/// <param name="BackgroundBps">Traffic of others on the link in bits per second.</param>
public sealed record LinkSpec(string Name, double CapacityBps, double PropagationS, double BackgroundBps);

/// <summary>
/// The thing-to-cloud continuum as a chain: the sensor feeds tier 0 over Links[0],
/// and Links[k] joins tier k-1 to tier k. The thesis's world has three tiers.
/// </summary>
public sealed class Topology
{
    public IReadOnlyList<TierSpec> Tiers { get; }
    public IReadOnlyList<LinkSpec> Links { get; }

    public Topology(IReadOnlyList<TierSpec> tiers, IReadOnlyList<LinkSpec> links)
    {
        if (tiers.Count == 0) throw new ArgumentException("a topology needs at least one tier");
        if (links.Count != tiers.Count)
            throw new ArgumentException($"a chain of {tiers.Count} tiers needs {tiers.Count} links (sensor link first), got {links.Count}");
        Tiers = tiers;
        Links = links;
    }

    public int TierCount => Tiers.Count;

    /// <summary>
    /// One sensor link shared by every model (the frames of all models queue on it) instead of one per
    /// model (docs/controller.md, "Sensors"). Off by default; a sensitivity condition of the former model.
    /// </summary>
    public bool SharedSensorLink { get; init; }

    public int TierIndex(string name)
    {
        for (int i = 0; i < Tiers.Count; i++)
            if (string.Equals(Tiers[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>The thesis's testbed: Upboard, NUC, PC; Bluetooth, WiFi, broadband (slides, "Evaluation Setup").</summary>
    public static Topology Thesis() => new(
        [new TierSpec("device", 3, 4), new TierSpec("edge", 3, 2), new TierSpec("cloud", 7, 4)],
        [new LinkSpec("sensor_device", 1e6, 0.001, 0), new LinkSpec("device_edge", 24e6, 0.003, 0), new LinkSpec("edge_cloud", 40e6, 0.005, 0)]);
}
