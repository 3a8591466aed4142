namespace T2CSim.Core.Scenarios;

using T2CSim.Core.Domain;

/// <summary>
/// `topology:` as a tree listed node by node (docs/topology.md):
///   nodes:   [{name, class, slots, cores, speed, parent, lat, lon}]   (a node without parent is a root)
///   links:   [{name, from, to, capacity_mbps, latency_ms, background_mbps}]  (from a node to its parent)
///   sensors: [{device, name, capacity_mbps, latency_ms, background_mbps}]    (a device's sensor link)
/// Every problem (an unknown node, a cycle, an orphan device, a missing or wrong link, devices at
/// different depths) is a one-line error naming the field.
/// </summary>
internal static class GraphTopologySection
{
    private static readonly string[] NodeKeys = ["name", "class", "slots", "cores", "speed", "parent", "lat", "lon"];
    private static readonly string[] LinkKeys = ["name", "from", "to", "capacity_mbps", "latency_ms", "background_mbps"];
    private static readonly string[] SensorKeys = ["device", "name", "capacity_mbps", "latency_ms", "background_mbps"];

    public static Topology Bind(YamlMap section, bool sharedSensorLink)
    {
        var nodeList = section.Sequence("nodes");
        if (nodeList.Children.Count == 0) throw section.Error("nodes", "no node");
        var nodeMaps = new List<YamlMap>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var nodes = new List<TierSpec>();
        for (int i = 0; i < nodeList.Children.Count; i++)
        {
            var n = YamlMap.Open(section.File, YamlMap.ElementPath(section.Field("nodes"), nodeList.Children[i], i), nodeList.Children[i], NodeKeys);
            string name = n.String("name");
            if (!index.TryAdd(name, i)) throw n.Error("name", $"node {Printable.Escape(name)} is listed twice");
            var node = TopologySection.BindNodeValues(n, name) with { Class = n.OptionalString("class") ?? name };
            double? lat = n.OptionalDouble("lat"), lon = n.OptionalDouble("lon");
            if (lat is { } a && a is < -90 or > 90) throw n.Error("lat", $"{a} is not a latitude (-90..90)");
            if (lon is { } o && o is < -180 or > 180) throw n.Error("lon", $"{o} is not a longitude (-180..180)");
            if ((lat is null) != (lon is null)) throw n.Error(lat is null ? "lat" : "lon", "a position needs both lat and lon");
            nodes.Add(node with { Latitude = lat, Longitude = lon });
            nodeMaps.Add(n);
        }
        // Parents by name, then no cycle: following parents from any node must reach a root.
        for (int i = 0; i < nodes.Count; i++)
        {
            if (nodeMaps[i].OptionalString("parent") is not { } parent) continue;
            if (!index.TryGetValue(parent, out int p)) throw nodeMaps[i].Error("parent", $"no node named '{Printable.Escape(parent)}'");
            if (p == i) throw nodeMaps[i].Error("parent", $"node {nodes[i].Name} is its own parent (a cycle)");
            nodes[i] = nodes[i] with { Parent = p };
        }
        for (int i = 0; i < nodes.Count; i++)
        {
            var seen = new List<int> { i };
            for (int at = nodes[i].Parent; at >= 0; at = nodes[at].Parent)
            {
                if (seen.Contains(at))
                    throw nodeMaps[i].Error("parent", $"the parents form a cycle: {string.Join(" -> ", seen.Append(at).Select(k => nodes[k].Name))}");
                seen.Add(at);
            }
        }

        var links = new List<LinkSpec>();
        var linkNames = new HashSet<string>(StringComparer.Ordinal);
        var uplink = new int[nodes.Count];
        Array.Fill(uplink, -1);
        var linkList = section.OptionalSequence("links");
        for (int i = 0; i < (linkList?.Children.Count ?? 0); i++)
        {
            var l = YamlMap.Open(section.File, YamlMap.ElementPath(section.Field("links"), linkList!.Children[i], i), linkList.Children[i], LinkKeys);
            string name = l.String("name");
            if (!linkNames.Add(name)) throw l.Error("name", $"link {Printable.Escape(name)} is listed twice");
            int from = Node(l, "from", index), to = Node(l, "to", index);
            if (nodes[from].Parent != to)
                throw l.Error("to", nodes[from].Parent < 0
                    ? $"node {nodes[from].Name} has no parent: a link joins a node to its parent"
                    : $"{nodes[from].Name}'s parent is {nodes[nodes[from].Parent].Name}, not {nodes[to].Name}");
            if (uplink[from] >= 0) throw l.Error("from", $"node {nodes[from].Name} already has a link to its parent ({links[uplink[from]].Name})");
            uplink[from] = links.Count;
            links.Add(TopologySection.BindLinkValues(l, name) with { Child = from, Parent = to });
        }
        for (int i = 0; i < nodes.Count; i++)
            if (nodes[i].Parent >= 0 && uplink[i] < 0)
                throw nodeMaps[i].Error("parent", $"no link joins {nodes[i].Name} to its parent {nodes[nodes[i].Parent].Name} (add one to {section.Field("links")})");

        var sensorList = section.Sequence("sensors");
        if (sensorList.Children.Count == 0) throw section.Error("sensors", "no sensor: a device is a node with a sensor");
        var sensorOf = new int[nodes.Count];
        Array.Fill(sensorOf, -1);
        var sensorMaps = new List<(YamlMap Map, int Device)>();
        var sensors = new List<LinkSpec>();
        for (int i = 0; i < sensorList.Children.Count; i++)
        {
            var s = YamlMap.Open(section.File, YamlMap.ElementPath(section.Field("sensors"), sensorList.Children[i], i), sensorList.Children[i], SensorKeys);
            int device = Node(s, "device", index);
            if (sensorOf[device] >= 0) throw s.Error("device", $"device {nodes[device].Name} already has a sensor link ({sensors[sensorOf[device]].Name})");
            if (nodes[device].Parent < 0 && nodes.Count > 1)
                throw s.Error("device", $"device {nodes[device].Name} is an orphan: it has no parent (a device hangs under an edge or cloud node)");
            string name = s.OptionalString("name") ?? $"sensor_{nodes[device].Name}";
            if (!linkNames.Add(name)) throw s.Error("name", $"link {Printable.Escape(name)} is listed twice");
            sensorOf[device] = sensors.Count;
            sensors.Add(TopologySection.BindLinkValues(s, name) with { Child = -1, Parent = device });
            sensorMaps.Add((s, device));
        }
        // Every device's path has as many nodes as the first device's: a model's stage k runs on the k-th.
        int Depth(int n) { int d = 0; for (int at = n; at >= 0; at = nodes[at].Parent) d++; return d; }
        int depth = Depth(sensorMaps[0].Device);
        foreach (var (map, device) in sensorMaps)
            if (Depth(device) != depth)
                throw map.Error("device", $"device {nodes[device].Name} is {Depth(device)} nodes from its root, {nodes[sensorMaps[0].Device].Name} is {depth}: every device needs the same number of tiers");
        // Sensor links first, then the node links: a chain written as a tree (one device listed first,
        // its sensor, then its links outwards) gets the chain's indices and runs exactly as the chain.
        return Topology.Tree(nodes, [.. sensors, .. links], sharedSensorLink);
    }

    private static int Node(YamlMap m, string key, Dictionary<string, int> index)
    {
        string name = m.String(key);
        return index.TryGetValue(name, out int i) ? i : throw m.Error(key, $"no node named '{Printable.Escape(name)}'");
    }
}
