namespace T2CSim.Core.Scenarios;

using T2CSim.Core.Domain;

/// <summary>
/// `topology:` -> Domain.Topology. Tiers are listed from the sensor outwards; links in chain order
/// (link 0: sensor -> tier 0, link k: tier k-1 -> tier k), so there are as many links as tiers.
/// Units in the file are the slides' (Mbps, ms); the domain uses bit/s and seconds.
/// </summary>
internal static class TopologySection
{
    public static readonly string[] Keys = ["tiers", "links", "shared_sensor_link"];
    private static readonly string[] TierKeys = ["name", "slots", "cores", "speed"];
    private static readonly string[] LinkKeys = ["name", "capacity_mbps", "latency_ms", "background_mbps"];

    public static Topology Bind(YamlMap section)
    {
        var tiers = new List<TierSpec>();
        var tierList = section.Sequence("tiers");
        for (int i = 0; i < tierList.Children.Count; i++)
        {
            var t = YamlMap.Open(section.File, YamlMap.ElementPath(section.Field("tiers"), tierList.Children[i], i), tierList.Children[i], TierKeys);
            string name = t.String("name");
            if (tiers.Any(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase))) throw t.Error("name", $"tier {name} is listed twice");
            int slots = t.Int("slots");
            if (slots < 0) throw t.Error("slots", $"{slots}: the partition capacity cannot be below zero");
            int cores = t.Int("cores");
            if (cores < 1) throw t.Error("cores", $"{cores}: a tier needs at least one core");
            double speed = t.Double("speed", 1);
            if (!(speed > 0)) throw t.Error("speed", $"{speed}: a tier's speed relative to its table must be positive");
            tiers.Add(new TierSpec(name, slots, cores, speed));
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
            double capacity = l.Double("capacity_mbps");
            if (!(capacity > 0)) throw l.Error("capacity_mbps", $"{capacity}: the bandwidth must be positive");
            double latency = l.Double("latency_ms");
            if (latency < 0) throw l.Error("latency_ms", $"{latency}: a latency cannot be negative");
            double background = l.Double("background_mbps", 0);
            if (background < 0) throw l.Error("background_mbps", $"{background}: traffic cannot be negative");
            if (background >= capacity) throw l.Error("background_mbps", $"{background} Mbps leaves nothing of the {capacity} Mbps link");
            links.Add(new LinkSpec(name, capacity * 1e6, latency / 1000.0, background * 1e6));
        }
        return new Topology(tiers, links) { SharedSensorLink = section.Bool("shared_sensor_link", false) };
    }
}
