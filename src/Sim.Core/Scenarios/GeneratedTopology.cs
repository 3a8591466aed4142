namespace T2CSim.Core.Scenarios;

using T2CSim.Core.Domain;
using T2CSim.Core.Randomness;

/// <summary>
/// `topology.generate:` -> a tree of many devices in a few lines (docs/topology.md):
///   generate:
///     devices: 10000
///     devices_per_edge: 100
///     edges_per_cloud: 100            # optional: every edge under one cloud by default
///     seed: 7                         # the topology's own seed (the same continuum in every repeat)
///     device_classes: [{class: device, fraction: 0.7, slots: 3, cores: 4}, {class: device, fraction: 0.3, slots: 2, cores: 2, speed: 0.5}]
///     edge: {class: edge, slots: 30, cores: 16}
///     cloud: {class: cloud, slots: 700, cores: 64}
///     sensor_link: {capacity_mbps: 1, latency_ms: 1}
///     device_link: {capacity_mbps: {distribution: uniform, low: 12, high: 36}, latency_ms: 3}
///     edge_link: {capacity_mbps: {distribution: lognormal, median: 400, sigma: 0.3}, latency_ms: 5}
/// Nodes are named cloud-i, edge-i, device-i (clouds, then edges, then devices, so devices are declared
/// in their number order); links device-i_up, edge-i_up and sensor_device-i.
/// </summary>
internal static class GeneratedTopology
{
    public static readonly string[] Keys = ["devices", "devices_per_edge", "edges_per_cloud", "seed", "device_classes", "edge", "cloud", "sensor_link", "device_link", "edge_link"];
    private static readonly string[] ClassKeys = ["class", "fraction", "slots", "cores", "speed"];
    private static readonly string[] LinkKeys = ["capacity_mbps", "latency_ms", "background_mbps"];

    /// <summary>Large enough for the scale bench's 10,000 devices with room; each device is a few hundred bytes.</summary>
    public const int MaxDevices = 1_000_000;

    public static Topology Bind(YamlMap g, bool sharedSensorLink)
    {
        int devices = g.Int("devices");
        if (devices < 1 || devices > MaxDevices) throw g.Error("devices", $"{devices} is not within 1..{MaxDevices}");
        int perEdge = g.Int("devices_per_edge");
        if (perEdge < 1) throw g.Error("devices_per_edge", $"{perEdge}: an edge serves at least one device");
        int edges = (devices + perEdge - 1) / perEdge;
        int perCloud = g.Optional("edges_per_cloud") is null ? edges : g.Int("edges_per_cloud");
        if (perCloud < 1) throw g.Error("edges_per_cloud", $"{perCloud}: a cloud serves at least one edge");
        int clouds = (edges + perCloud - 1) / perCloud;
        var random = new RandomStreams(g.Optional("seed") is null ? 1 : g.Long("seed"));

        var classes = BindClasses(g);
        var edgeSpec = BindNode(g.Map("edge", ClassKeys[..1].Concat(ClassKeys[2..]).ToArray()));
        var cloudSpec = BindNode(g.Map("cloud", ClassKeys[..1].Concat(ClassKeys[2..]).ToArray()));
        var sensor = LinkDraw.Bind(g.Map("sensor_link", LinkKeys));
        var deviceLink = LinkDraw.Bind(g.Map("device_link", LinkKeys));
        var edgeLink = LinkDraw.Bind(g.Map("edge_link", LinkKeys));

        var nodes = new TierSpec[clouds + edges + devices];
        var links = new LinkSpec[edges + 2 * devices];
        int l = 0;
        for (int c = 0; c < clouds; c++) nodes[c] = cloudSpec with { Name = $"cloud-{c}" };
        var edgeLinks = random.Stream("topology:edge_link");
        for (int e = 0; e < edges; e++)
        {
            int node = clouds + e, parent = e / perCloud;
            nodes[node] = edgeSpec with { Name = $"edge-{e}", Parent = parent };
            links[l++] = edgeLink.Draw($"edge-{e}_up", edgeLinks) with { Child = node, Parent = parent };
        }
        var classDraw = random.Stream("topology:device_class");
        var deviceLinks = random.Stream("topology:device_link");
        var sensorLinks = random.Stream("topology:sensor_link");
        var weights = classes.Select(x => x.Fraction).ToArray();
        for (int d = 0; d < devices; d++)
        {
            int node = clouds + edges + d, parent = clouds + d / perEdge;
            var cls = classes.Length == 1 ? classes[0].Node : classes[classDraw.Choose(weights)].Node;
            nodes[node] = cls with { Name = $"device-{d}", Parent = parent };
            links[l++] = deviceLink.Draw($"device-{d}_up", deviceLinks) with { Child = node, Parent = parent };
        }
        for (int d = 0; d < devices; d++)
            links[l++] = sensor.Draw($"sensor_device-{d}", sensorLinks) with { Child = -1, Parent = clouds + edges + d };
        return Topology.Tree(nodes, links, sharedSensorLink);
    }

    private static (TierSpec Node, double Fraction)[] BindClasses(YamlMap g)
    {
        var list = g.Sequence("device_classes");
        if (list.Children.Count == 0) throw g.Error("device_classes", "no device class");
        var classes = new List<(TierSpec, double)>();
        for (int i = 0; i < list.Children.Count; i++)
        {
            var c = YamlMap.Open(g.File, $"{g.Field("device_classes")}.{i}", list.Children[i], ClassKeys);
            double fraction = c.Double("fraction", 1);
            if (!(fraction > 0)) throw c.Error("fraction", $"{fraction}: a class's share of the devices must be positive");
            classes.Add((BindNode(c), fraction));
        }
        return classes.ToArray();
    }

    private static TierSpec BindNode(YamlMap c)
    {
        string cls = c.String("class");
        return TopologySection.BindNodeValues(c, cls) with { Class = cls };
    }

    /// <summary>A link's values, each a number or a named distribution drawn per link from the topology's seed.</summary>
    private sealed class LinkDraw
    {
        private Func<RandomStream, double> _capacity = null!, _latency = null!, _background = null!;

        public static LinkDraw Bind(YamlMap m)
        {
            var d = new LinkDraw
            {
                _capacity = Value(m, "capacity_mbps", 0, positive: true),
                _latency = Value(m, "latency_ms", 0, positive: false),
                _background = m.Optional("background_mbps") is null ? _ => 0 : Value(m, "background_mbps", 0, positive: false),
            };
            return d;
        }

        public LinkSpec Draw(string name, RandomStream random)
        {
            double capacity = _capacity(random), latency = _latency(random), background = Math.Min(_background(random), capacity * 0.99);
            return new LinkSpec(name, capacity * 1e6, latency / 1000.0, background * 1e6);
        }

        private static Func<RandomStream, double> Value(YamlMap m, string key, double low, bool positive)
        {
            if (m.Required(key) is YamlDotNet.RepresentationModel.YamlScalarNode)
            {
                double v = m.Double(key);
                if (positive ? !(v > low) : v < low) throw m.Error(key, $"{v} must be {(positive ? "positive" : "non-negative")}");
                return _ => v;
            }
            var d = YamlMap.Open(m.File, m.Field(key), m.Required(key), "distribution", "low", "high", "median", "sigma");
            switch (d.String("distribution"))
            {
                case "uniform":
                {
                    double a = d.Double("low"), b = d.Double("high");
                    if (positive ? !(a > 0) : a < 0) throw d.Error("low", $"{a} must be {(positive ? "positive" : "non-negative")}");
                    if (b < a) throw d.Error("high", $"{b} is below low ({a})");
                    return r => r.Uniform(a, b);
                }
                case "lognormal":
                {
                    double median = d.Double("median"), sigma = d.Double("sigma");
                    if (!(median > 0)) throw d.Error("median", $"{median} must be positive");
                    if (sigma < 0) throw d.Error("sigma", $"{sigma} cannot be negative");
                    return r => median * Math.Exp(r.Normal(0, sigma));
                }
                default:
                    throw d.Error("distribution", $"'{Printable.Escape(d.String("distribution"))}' is not uniform or lognormal (or write a number)");
            }
        }
    }
}
