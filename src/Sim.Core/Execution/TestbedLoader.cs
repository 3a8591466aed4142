namespace T2CSim.Core.Execution;

using T2CSim.Core.Domain;
using T2CSim.Core.Scenarios;

/// <summary>
/// Reads a testbed description (testbeds/*.yaml; schema in docs/validation.md). Units in the file are
/// milliseconds; the description holds seconds. Its tiers and links must be the scenario's, in order.
/// Bad input is a one-line UserInputException naming the file and the field.
/// </summary>
public static class TestbedLoader
{
    private static readonly string[] TopKeys = ["name", "description", "provenance", "host_probe_ms", "tier_probe_ms", "tiers", "links"];
    private static readonly string[] TierKeys = ["name", "cpu_share", "quota_period_ms", "receive_ms", "result_ms", "compute_factor", "stage_ms", "io_share", "network_factors", "compute_sigma", "stage_spread_ms", "long_stage_spread_ms", "spread_split_ms", "quota_overrun_ms", "scheduler_tick_ms", "quota_notice_ms", "cpu_wait_ratio", "beside_io_periods", "result_alone_ms"];
    private static readonly string[] LinkKeys = ["name", "send_ms", "wire_ms", "wire_bytes_factor", "in_order"];

    public static TestbedDescription Load(string path, Topology topology)
    {
        var file = Path.GetFullPath(path);
        if (!File.Exists(file)) throw new UserInputException(file, null, "testbed description not found");
        var root = ScenarioYaml.Parse(File.ReadAllText(file), file, null);
        var top = YamlMap.Open(file, "", root, TopKeys);
        string name = top.String("name");
        var tiers = new List<TierExecution>();
        var tierList = top.Sequence("tiers");
        if (tierList.Children.Count != topology.TierCount)
            throw top.Error("tiers", $"{tierList.Children.Count} tiers for the scenario's {topology.TierCount}");
        for (int i = 0; i < tierList.Children.Count; i++)
        {
            var t = YamlMap.Open(file, YamlMap.ElementPath("tiers", tierList.Children[i], i), tierList.Children[i], TierKeys);
            // On a tree tier i is the class of the nodes at stage position i (TestbedPlaces).
            string tierName = TestbedPlaces.TierName(topology, i)
                ?? throw t.Error("name", $"the tree's nodes at stage position {i} are of different classes: a testbed description gives one set of terms per class and position");
            if (t.String("name") != tierName) throw t.Error("name", $"'{t.String("name")}' where the scenario's tier {i} is '{tierName}'");
            double share = t.Double("cpu_share", 1);
            if (share is not (> 0 and <= 1)) throw t.Error("cpu_share", $"{share} is not in (0, 1]");
            double factor = t.Double("compute_factor", 1);
            if (factor is not (> 0 and <= 20)) throw t.Error("compute_factor", $"{factor} is not in (0, 20]");
            double io = t.Double("io_share", 0);
            if (io is not (>= 0 and <= 1)) throw t.Error("io_share", $"{io} is not in [0, 1]");
            double sigma = t.Double("compute_sigma", 0);
            if (sigma is not (>= 0 and <= 2)) throw t.Error("compute_sigma", $"{sigma} is not in [0, 2]");
            double wait = t.Double("cpu_wait_ratio", 0);
            if (wait is not (>= 0 and <= 10)) throw t.Error("cpu_wait_ratio", $"{wait} is not in [0, 10]");
            tiers.Add(new TierExecution(share, Ms(t, "quota_period_ms"), Ms(t, "receive_ms"), Ms(t, "result_ms"), factor, Ms(t, "stage_ms"), io, NetworkFactors(file, t), sigma, StageSpread(t, "stage_spread_ms"), StageSpread(t, "long_stage_spread_ms"), Ms(t, "spread_split_ms"), Ms(t, "quota_overrun_ms"), Ms(t, "scheduler_tick_ms"),
                t.Optional("quota_notice_ms") is null ? double.PositiveInfinity : Ms(t, "quota_notice_ms"), wait, BesideIoPeriods(t), ResultAlone(t)));
        }
        var links = new List<LinkExecution>();
        var linkList = top.Sequence("links");
        if (linkList.Children.Count != TestbedPlaces.LinkCount(topology))
            throw top.Error("links", $"{linkList.Children.Count} links for the scenario's {TestbedPlaces.LinkCount(topology)}{(topology.IsChain ? "" : " link kinds (one per stage position)")}");
        for (int i = 0; i < linkList.Children.Count; i++)
        {
            var l = YamlMap.Open(file, YamlMap.ElementPath("links", linkList.Children[i], i), linkList.Children[i], LinkKeys);
            string linkName = TestbedPlaces.LinkName(topology, i) ?? throw l.Error("name", $"the tree's links into stage position {i} join nodes of different classes");
            if (l.String("name") != linkName) throw l.Error("name", $"'{l.String("name")}' where the scenario's link {i} is '{linkName}'");
            double factor = l.Double("wire_bytes_factor", 1);
            if (factor is not (>= 1 and <= 4)) throw l.Error("wire_bytes_factor", $"{factor} is not in [1, 4]");
            links.Add(new LinkExecution(Ms(l, "send_ms"), Ms(l, "wire_ms"), factor, l.Bool("in_order", false)));
        }
        double probe = double.NaN;
        if (top.OptionalDouble("host_probe_ms") is { } probeMs)
        {
            if (probeMs is not (> 0 and < 100_000)) throw top.Error("host_probe_ms", $"{probeMs} is not a duration in (0, 100000) ms");
            probe = probeMs / 1000;
        }
        double[]? tierProbes = null;
        if (top.OptionalSequence("tier_probe_ms") is { } probeList)
        {
            if (probeList.Children.Count != tiers.Count) throw top.Error("tier_probe_ms", $"{probeList.Children.Count} probes for the description's {tiers.Count} tiers");
            tierProbes = new double[tiers.Count];
            for (int i = 0; i < tierProbes.Length; i++)
            {
                string text = (probeList.Children[i] as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value ?? throw top.Error("tier_probe_ms", $"element {i} is not a number");
                double ms = top.ParseDouble($"{top.Field("tier_probe_ms")}[{i}]", text);
                if (ms is not (> 0 and < 100_000)) throw top.Error("tier_probe_ms", $"element {i}, {ms}, is not a duration in (0, 100000) ms");
                tierProbes[i] = ms / 1000;
            }
        }
        return new TestbedDescription(name, tiers, links, file) { HostProbeS = probe, TierProbeS = tierProbes };
    }

    /// <summary>A tier's `network_factors: {NETWORK: FACTOR, ...}` (any network's name; each factor in (0, 20]); null when absent.</summary>
    private static Dictionary<string, double>? NetworkFactors(string file, YamlMap tier)
    {
        if (tier.Optional("network_factors") is not { } node) return null;
        string[] names = node is YamlDotNet.RepresentationModel.YamlMappingNode m ? m.Children.Keys.Select(k => (k as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value ?? "").ToArray() : [];
        var map = YamlMap.Open(file, tier.Field("network_factors"), node, names);
        var factors = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            double f = map.Double(name);
            if (f is not (> 0 and <= 20)) throw map.Error(name, $"{f} is not in (0, 20]");
            factors[name] = f;
        }
        return factors;
    }

    /// <summary>
    /// A tier's `stage_spread_ms: [Q0, ..., Qn]` (or `long_stage_spread_ms`): the quantiles of a stage's extra CPU at equal steps of
    /// probability, ascending, each in (-10000, 10000) ms, held in seconds; null when absent.
    /// </summary>
    private static double[]? StageSpread(YamlMap tier, string key) =>
        Quantiles(tier, key, v => v is > -10_000 and < 10_000, "(-10000, 10000) ms", 1000);

    /// <summary>
    /// A tier's `beside_io_periods: [Q0, ..., Qn]`: the quantiles of the wait of an IO burst beside a computing
    /// worker in the tier's quota periods, at equal steps of probability, ascending, each in [0, 1000]; null when absent.
    /// </summary>
    private static double[]? BesideIoPeriods(YamlMap tier)
    {
        const string key = "beside_io_periods";
        if (tier.OptionalSequence(key) is not null && tier.Double("quota_period_ms", 0) <= 0)
            throw tier.Error(key, "periods of a quota, but the tier has no quota_period_ms");
        return Quantiles(tier, key, v => v is >= 0 and <= 1000, "[0, 1000] periods", 1);
    }

    /// <summary>
    /// A tier's `result_alone_ms: [Q0, ..., Qn]`: the quantiles of the return of a result sent with the worker idle,
    /// at equal steps of probability, ascending, each in [0, 10000) ms, held in seconds; null when absent.
    /// </summary>
    private static double[]? ResultAlone(YamlMap tier) =>
        Quantiles(tier, "result_alone_ms", v => v is >= 0 and < 10_000, "[0, 10000) ms", 1000);

    /// <summary>
    /// An empirical distribution's quantiles under <paramref name="key"/> (at least two, ascending, each
    /// <paramref name="inRange"/>), divided by <paramref name="perUnit"/>; null when absent.
    /// </summary>
    private static double[]? Quantiles(YamlMap tier, string key, Func<double, bool> inRange, string range, double perUnit)
    {
        if (tier.OptionalSequence(key) is not { } list) return null;
        string field = tier.Field(key);
        if (list.Children.Count < 2) throw tier.Error(key, $"{list.Children.Count} quantiles: at least 2 (the 0th and the 100th percentile)");
        var q = new double[list.Children.Count];
        // Compared in the file's units: (x / 1000) * 1000 can exceed x, refusing two equal quantiles.
        double previous = double.NegativeInfinity;
        for (int i = 0; i < q.Length; i++)
        {
            string text = (list.Children[i] as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value
                ?? throw tier.Error(key, $"element {i} is not a number");
            double v = tier.ParseDouble($"{field}[{i}]", text);
            if (!inRange(v)) throw tier.Error(key, $"element {i}, {v}, is not in {range}");
            if (v < previous) throw tier.Error(key, $"element {i}, {v}, is below element {i - 1}: the quantiles must ascend");
            q[i] = v / perUnit;
            previous = v;
        }
        return q;
    }

    private static double Ms(YamlMap map, string key)
    {
        double ms = map.Double(key, 0);
        if (ms is not (>= 0 and < 10_000)) throw map.Error(key, $"{ms} is not a duration in [0, 10000) ms");
        return ms / 1000;
    }
}
