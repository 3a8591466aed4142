namespace T2CSim.Experiments.Results;

using System.Globalization;
using T2CSim.Hardware.Hil;
using static T2CSim.Experiments.Results.CsvTable;

/// <summary>
/// Where the testbed's time went (docs/hardware.md, "Timing"): hops.csv has one row per job, hop and
/// component (JobTrace); the summary is the median of each over the jobs, in the chain's order.
/// </summary>
public static class HopBreakdown
{
    public static readonly string[] Header = ["job", "model", "partition", "hop", "what", "seconds"];

    /// <summary>
    /// Every job's hop items, and per computed stage two more on its node's hop: `began`, when the stage
    /// started (seconds from the run's first inference), and `idle`, how long the node had been idle
    /// before it (StageIdle; absent for a node's first stage), so a stage's wall can be read against
    /// what its node did before it.
    /// </summary>
    public static void Write(string path, IEnumerable<JobTrace> traces)
    {
        var all = traces.ToList();
        long origin = all.Count == 0 ? 0 : all.Min(t => t.StartNs);
        var idle = StageIdle.Of(all);
        IEnumerable<TraceItem> Stages(JobTrace t) => t.ComputedStages().SelectMany(s =>
        {
            var began = new TraceItem(t.Id, t.Model, t.Partition, s.Node, "began", (s.StartNs - origin) / 1e9);
            return idle.TryGetValue((t.Id, s.Node), out var before)
                ? [began, new TraceItem(t.Id, t.Model, t.Partition, s.Node, "idle", before.IdleS)]
                : new[] { began };
        });
        CsvTable.Write(path, Header, all.SelectMany(t => t.Items().Concat(Stages(t))).Select(i => (IReadOnlyList<string>)
            [Num((long)i.Job), i.Model, i.Partition, i.Hop, i.What, double.IsFinite(i.Seconds) ? Num(i.Seconds) : ""]));
    }

    /// <summary>Median and count of each (partition, hop, component) over the jobs.</summary>
    public static IReadOnlyList<(string Partition, string Hop, string What, double MedianS, int Jobs)> Summary(IEnumerable<JobTrace> traces)
    {
        var items = traces.SelectMany(t => t.Items()).Where(i => double.IsFinite(i.Seconds)).ToList();
        // A tree's hops are named by link and node (`link:cam-a_edge`, `node:edge`): in the order a job meets them.
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var i in items) seen.TryAdd(i.Hop, seen.Count);
        return items.GroupBy(i => (i.Partition, i.Hop, i.What))
            .Select(g => (g.Key.Partition, g.Key.Hop, g.Key.What, ValidationTable.Median(g.Select(i => i.Seconds)), g.Count()))
            .OrderBy(r => r.Partition, StringComparer.Ordinal).ThenBy(r => Order(r.Hop, seen)).ThenBy(r => r.Hop, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The chain's hops by position (link k, then tier k); a tree's by first appearance; results last.</summary>
    private static int Order(string hop, Dictionary<string, int> seen) => hop.StartsWith("result", StringComparison.Ordinal) ? 1_000_000
        : int.TryParse(hop.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int k) ? k * 2 + (hop.StartsWith("tier", StringComparison.Ordinal) ? 1 : 0)
        : 1000 + seen[hop];

    /// <summary>One line per partition and hop: its components' medians in milliseconds.</summary>
    public static IEnumerable<string> Lines(IEnumerable<JobTrace> traces)
    {
        foreach (var group in Summary(traces).GroupBy(r => (r.Partition, r.Hop)))
        {
            int jobs = group.Max(r => r.Jobs);
            string parts = string.Join("  ", group.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.What} {r.MedianS * 1000:0.00}")));
            yield return $"  {group.Key.Partition,-7} {group.Key.Hop,-14} ({jobs,3} jobs, median ms)  {parts}";
        }
    }
}
