namespace T2CSim.Core.Scenarios;

using T2CSim.Core.Domain;

/// <summary>
/// `events:` -> ScenarioEvent list sorted by time (stable, so same-time events keep file order):
///   {at_s: 20, link: edge_cloud, capacity_factor: 0.5}  or  {at_s: 30, link: device_edge, background_mbps: 8}
///   (kind: link, the default), {at_s: 30, kind: tier_down, tier: edge, for_s: 10} and
///   {at_s: 30, kind: link_down, link: edge_cloud, for_s: 10} (for_s omitted: down to the end). In a tree
///   an outage names any node (`tier:` or `node:`) or link, and cuts only the paths through it.
/// </summary>
internal static class EventsSection
{
    private static readonly string[] EventKeys = ["at_s", "kind", "link", "tier", "node", "capacity_factor", "background_mbps", "for_s"];
    private static readonly string[] Kinds = ["link", "tier_down", "link_down"];

    public static IReadOnlyList<ScenarioEvent> Bind(YamlMap top, string key, Topology topology)
    {
        if (top.OptionalSequence(key) is not { } list) return [];
        var events = new List<ScenarioEvent>();
        for (int i = 0; i < list.Children.Count; i++)
        {
            var e = YamlMap.Open(top.File, YamlMap.ElementPath(top.Field(key), list.Children[i], i), list.Children[i], EventKeys);
            double at = e.Double("at_s");
            if (at < 0) throw e.Error("at_s", $"{at}: an event cannot happen before the run starts");
            string kind = e.OptionalString("kind") ?? "link";
            events.Add(kind switch
            {
                "link" => BindLinkChange(e, top.File, at, topology),
                "tier_down" => BindOutage(e, at, OutageTarget.Tier, topology),
                "link_down" => BindOutage(e, at, OutageTarget.Link, topology),
                _ => throw e.Error("kind", $"'{Printable.Escape(kind)}' is not an event kind (kinds: {string.Join(", ", Kinds)})"),
            });
        }
        return events.OrderBy(x => x.AtS).ToArray();
    }

    private static LinkChange BindLinkChange(YamlMap e, string file, double at, Topology topology)
    {
        foreach (var field in new[] { "tier", "node", "for_s" })
            if (e.Optional(field) is not null) throw e.Error(field, "only an outage (kind: tier_down or link_down) has it");
        var (link, index) = Link(e, topology);
        double? factor = e.OptionalDouble("capacity_factor");
        if (factor is { } f && !(f > 0)) throw e.Error("capacity_factor", $"{f}: the bandwidth must stay positive (a link that carries nothing is kind: link_down)");
        double? background = e.OptionalDouble("background_mbps");
        if (background is { } b && b < 0) throw e.Error("background_mbps", $"{b}: traffic cannot be negative");
        if (factor is null && background is null) throw new UserInputException(file, e.Path, "an event changes capacity_factor or background_mbps (or both)");
        return new LinkChange(at, link, index, factor, background * 1e6);
    }

    private static Outage BindOutage(YamlMap e, double at, OutageTarget target, Topology topology)
    {
        string[] others = target == OutageTarget.Tier ? ["capacity_factor", "background_mbps", "link"] : ["capacity_factor", "background_mbps", "tier", "node"];
        foreach (var other in others)
            if (e.Optional(other) is not null) throw e.Error(other, $"a {(target == OutageTarget.Tier ? "tier_down" : "link_down")} event does not take it");
        double? forS = e.OptionalDouble("for_s");
        if (forS is { } d && !(d > 0)) throw e.Error("for_s", $"{d}: an outage lasts a positive time (omit for_s to stay down to the end)");
        if (target == OutageTarget.Link)
        {
            var (link, index) = Link(e, topology);
            return new Outage(at, target, link, index, forS);
        }
        // `node:` is the tree's word for it; `tier:` (the chain's) names any node too.
        if (e.Optional("node") is not null && e.Optional("tier") is not null) throw e.Error("node", "name the node once (node or tier)");
        string field = e.Optional("node") is not null ? "node" : "tier";
        string tier = e.String(field);
        int tierIndex = -1;
        for (int k = 0; k < topology.Nodes.Count; k++)
            if (topology.Nodes[k].Name == tier) tierIndex = k;
        string noun = topology.IsChain ? "tier" : "node";
        if (tierIndex < 0) throw e.Error(field, $"no {noun} named '{Printable.Escape(tier)}' ({noun}s: {Names(topology.Nodes.Select(t => t.Name))})");
        return new Outage(at, target, tier, tierIndex, forS);
    }

    private static (string Name, int Index) Link(YamlMap e, Topology topology)
    {
        string link = e.String("link");
        for (int k = 0; k < topology.Links.Count; k++)
            if (topology.Links[k].Name == link) return (link, k);
        throw e.Error("link", $"no link named '{Printable.Escape(link)}' (links: {Names(topology.Links.Select(l => l.Name))})");
    }

    /// <summary>The names to suggest, the first few of a generated continuum's thousands.</summary>
    private static string Names(IEnumerable<string> names)
    {
        var list = names.Take(9).ToList();
        return list.Count > 8 ? string.Join(", ", list.Take(8)) + ", ..." : string.Join(", ", list);
    }
}
