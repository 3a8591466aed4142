namespace T2CSim.Experiments.Results;

using T2CSim.Core.Metrics;
using static T2CSim.Experiments.Results.CsvTable;

/// <summary>
/// A run's files per node class and per link (docs/topology.md, "Metrics per node class and link"),
/// beside RunFiles' (which stay as they were, so the chain's requests, timeline and summary files do
/// not change): node-classes.csv (per class over the run), node-classes-timeline.csv (per class and
/// 5 s bin), links.csv (per link over the run) and link-classes-timeline.csv (per link class and bin).
/// </summary>
public static class NodeFiles
{
    public static readonly string[] FileNames = ["node-classes.csv", "node-classes-timeline.csv", "links.csv", "link-classes-timeline.csv"];

    public static readonly string[] ClassHeader =
        ["class", "nodes", "cores", "slots", "busy_cores_mean", "core_utilisation", "slots_used_mean", "slots_used_peak", "slot_utilisation"];

    public static IReadOnlyList<string> ClassRow(NodeClassFigures f) =>
        [f.Class, Num(f.Nodes), Num(f.Cores), Num(f.Slots), Num(f.BusyCoresMean), Num(f.CoreUtilisation), Num(f.SlotsUsedMean), Num(f.SlotsUsedPeak), Num(f.SlotUtilisation)];

    public static readonly string[] ClassTimelineHeader = ["start_s", "class", "busy_cores_mean", "core_utilisation", "slots_used_mean", "slots_used_peak"];

    public static readonly string[] LinkHeader = ["link", "from", "to", "class", "capacity_mbps", "latency_ms", "mbps", "utilisation"];

    public static readonly string[] LinkTimelineHeader = ["start_s", "class", "links", "mbps"];

    /// <summary>Writes the four files; `summary` gives each link's Mbps over the run (its link&lt;k&gt;_mbps column).</summary>
    public static void Write(string dir, NodeClassUsage usage, RunSummary summary)
    {
        Directory.CreateDirectory(dir);
        var topology = usage.Topology;
        CsvTable.Write(Path.Combine(dir, FileNames[0]), ClassHeader, usage.Summary().Select(ClassRow));
        CsvTable.Write(Path.Combine(dir, FileNames[1]), ClassTimelineHeader, usage.Timeline(summary.DurationS).Select(b => (IReadOnlyList<string>)
            [Num(b.StartS), b.Figures.Class, Num(b.Figures.BusyCoresMean), Num(b.Figures.CoreUtilisation), Num(b.Figures.SlotsUsedMean), Num(b.Figures.SlotsUsedPeak)]));
        CsvTable.Write(Path.Combine(dir, FileNames[2]), LinkHeader, topology.Links.Select((l, k) =>
        {
            double mbps = k < summary.LinkMbps.Length ? summary.LinkMbps[k] : double.NaN;
            double capacity = l.CapacityBps / 1e6;
            return (IReadOnlyList<string>)
            [
                l.Name, l.Child < 0 ? "sensor" : topology.Nodes[l.Child].Name, topology.Nodes[l.Parent].Name, NodeClassUsage.LinkClass(topology, k),
                Num(capacity), Num(l.PropagationS * 1000), Num(mbps), Num(capacity > 0 ? mbps / capacity : double.NaN),
            ];
        }));
        CsvTable.Write(Path.Combine(dir, FileNames[3]), LinkTimelineHeader, usage.LinkTimeline(summary.DurationS).Select(b => (IReadOnlyList<string>)
            [Num(b.StartS), b.Class, Num(b.Links), Num(b.Mbps)]));
    }
}
