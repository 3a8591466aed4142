namespace T2CSim.Core.Scenarios;

using T2CSim.Core.Domain;

/// <summary>
/// `events:` -> ScenarioEvent list sorted by time (stable, so same-time events keep file order):
///   {at_s: 20, link: edge_cloud, capacity_factor: 0.5}  or  {at_s: 30, link: device_edge, background_mbps: 8}.
/// </summary>
internal static class EventsSection
{
    private static readonly string[] EventKeys = ["at_s", "link", "capacity_factor", "background_mbps"];

    public static IReadOnlyList<ScenarioEvent> Bind(YamlMap top, string key, Topology topology)
    {
        if (top.OptionalSequence(key) is not { } list) return [];
        var events = new List<ScenarioEvent>();
        for (int i = 0; i < list.Children.Count; i++)
        {
            var e = YamlMap.Open(top.File, YamlMap.ElementPath(top.Field(key), list.Children[i], i), list.Children[i], EventKeys);
            double at = e.Double("at_s");
            if (at < 0) throw e.Error("at_s", $"{at}: an event cannot happen before the run starts");
            string link = e.String("link");
            int index = -1;
            for (int k = 0; k < topology.Links.Count; k++)
                if (topology.Links[k].Name == link) index = k;
            if (index < 0) throw e.Error("link", $"no link named '{link}' (links: {string.Join(", ", topology.Links.Select(l => l.Name))})");
            double? factor = e.OptionalDouble("capacity_factor");
            if (factor is { } f && !(f > 0)) throw e.Error("capacity_factor", $"{f}: the bandwidth must stay positive");
            double? background = e.OptionalDouble("background_mbps");
            if (background is { } b && b < 0) throw e.Error("background_mbps", $"{b}: traffic cannot be negative");
            if (factor is null && background is null) throw new UserInputException(top.File, e.Path, "an event changes capacity_factor or background_mbps (or both)");
            events.Add(new ScenarioEvent(at, link, index, factor, background * 1e6));
        }
        return events.OrderBy(x => x.AtS).ToArray();
    }
}
