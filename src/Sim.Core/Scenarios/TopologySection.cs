namespace T2CSim.Core.Scenarios;

using T2CSim.Core.Domain;

/// <summary>
/// `topology:` -> Domain.Topology, in one of three forms (docs/topology.md): the chain (`tiers` listed
/// from the sensor outwards, `links` in chain order: link 0 sensor -> tier 0, link k tier k-1 -> tier k),
/// a tree listed node by node (`nodes`, `links`, `sensors`: GraphTopologySection), or a generated
/// tree (`generate`: GeneratedTopology). Units in the file are the slides' (Mbps, ms); the domain uses
/// bit/s and seconds.
/// </summary>
internal static class TopologySection
{
    public static readonly string[] Keys = ["tiers", "links", "shared_sensor_link", "nodes", "sensors", "generate"];
    private static readonly string[] TierKeys = ["name", "slots", "cores", "speed"];
    private static readonly string[] LinkKeys = ["name", "capacity_mbps", "latency_ms", "background_mbps"];

    public static Topology Bind(YamlMap section)
    {
        bool shared = section.Bool("shared_sensor_link", false);
        if (section.Optional("generate") is not null)
        {
            foreach (var other in new[] { "tiers", "nodes", "links", "sensors" })
                if (section.Optional(other) is not null) throw section.Error(other, "a generated topology (generate) lists nothing else");
            return GeneratedTopology.Bind(section.Map("generate", GeneratedTopology.Keys), shared);
        }
        if (section.Optional("nodes") is not null)
        {
            if (section.Optional("tiers") is not null) throw section.Error("tiers", "a topology lists either tiers (a chain) or nodes (a tree), not both");
            return GraphTopologySection.Bind(section, shared);
        }
        if (section.Optional("sensors") is not null) throw section.Error("sensors", "sensors belong to a tree of nodes (topology.nodes)");
        return BindChain(section);
    }

    /// <summary>Reads a link's capacity, latency and background traffic (Mbps, ms) as the chain's links are read.</summary>
    internal static LinkSpec BindLinkValues(YamlMap l, string name)
    {
        double capacity = l.Double("capacity_mbps");
        if (!(capacity > 0)) throw l.Error("capacity_mbps", $"{capacity}: the bandwidth must be positive");
        double latency = l.Double("latency_ms");
        if (latency < 0) throw l.Error("latency_ms", $"{latency}: a latency cannot be negative");
        double background = l.Double("background_mbps", 0);
        if (background < 0) throw l.Error("background_mbps", $"{background}: traffic cannot be negative");
        if (background >= capacity) throw l.Error("background_mbps", $"{background} Mbps leaves nothing of the {capacity} Mbps link");
        return new LinkSpec(name, capacity * 1e6, latency / 1000.0, background * 1e6);
    }

    /// <summary>Reads a node's slots, cores and speed as the chain's tiers are read.</summary>
    internal static TierSpec BindNodeValues(YamlMap t, string name)
    {
        int slots = t.Int("slots");
        if (slots < 0) throw t.Error("slots", $"{slots}: the partition capacity cannot be below zero");
        int cores = t.Int("cores");
        if (cores < 1) throw t.Error("cores", $"{cores}: a tier needs at least one core");
        double speed = t.Double("speed", 1);
        if (!(speed > 0)) throw t.Error("speed", $"{speed}: a tier's speed relative to its table must be positive");
        return new TierSpec(name, slots, cores, speed);
    }

    private static Topology BindChain(YamlMap section)
    {
        var tiers = new List<TierSpec>();
        var tierList = section.Sequence("tiers");
        for (int i = 0; i < tierList.Children.Count; i++)
        {
            var t = YamlMap.Open(section.File, YamlMap.ElementPath(section.Field("tiers"), tierList.Children[i], i), tierList.Children[i], TierKeys);
            string name = t.String("name");
            if (tiers.Any(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase))) throw t.Error("name", $"tier {name} is listed twice");
            tiers.Add(BindNodeValues(t, name));
        }
        if (tiers.Count == 0) throw section.Error("tiers", "no tier");

        var links = new List<LinkSpec>();
        var linkList = section.Sequence("links");
        if (linkList.Children.Count != tiers.Count)
            throw section.Error("links", $"{linkList.Children.Count} links for {tiers.Count} tiers: a chain needs one link per tier (sensor link first)");
        for (int i = 0; i < linkList.Children.Count; i++)
        {
            var l = YamlMap.Open(section.File, YamlMap.ElementPath(section.Field("links"), linkList.Children[i], i), linkList.Children[i], LinkKeys);
            string name = l.String("name");
            if (links.Any(x => x.Name == name)) throw l.Error("name", $"link {name} is listed twice");
            links.Add(BindLinkValues(l, name));
        }
        return new Topology(tiers, links) { SharedSensorLink = section.Bool("shared_sensor_link", false) };
    }
}
