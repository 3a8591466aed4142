namespace T2CSim.Experiments.Plots;

using T2CSim.Experiments.Results;

/// <summary>
/// A graph sweep's slot utilisation per node class against the multiplier (from its node-classes.csv):
/// one figure per class, a line per algorithm with 95% CI bars as MultiplierCharts draws every metric,
/// so how full the devices, the shared edges and the cloud get as the load grows can be read across the
/// sweep. Drawn only for graph scenarios (a class with several nodes): a chain's tiers are one node each
/// and their slots are already in the deployments the other figures show.
/// </summary>
public static class NodeClassCharts
{
    public const string FilePrefix = "node_class_slot_utilisation_";

    public static bool Wanted(Table classes) => classes.Has("nodes") && classes.Rows.Any(r => classes.Number(r, "nodes") > 1);

    public static List<string> Draw(Table classes, string dir, string scenarioName)
    {
        var files = new List<string>();
        foreach (var name in classes.Rows.Select(r => classes.Text(r, "class")).Distinct())
        {
            var mine = new Table(classes.Path, classes.Header, classes.Rows.Where(r => classes.Text(r, "class") == name).ToList());
            var summaries = SummaryTable.Build(mine, ["slot_utilisation"]);
            // A class without slots has no utilisation (NaN): nothing to draw.
            if (summaries.All(s => double.IsNaN(s.Interval.Mean))) continue;
            var chart = new MetricChart(FilePrefix + FileSafe(name), "slot_utilisation", ChartSource.Runs, 100,
                $"Slot utilisation of the {name} nodes", "Slots held / slots of the class (%)");
            files.AddRange(MultiplierCharts.Draw(chart, summaries, dir, scenarioName));
        }
        return files;
    }

    /// <summary>A class name (a lookup-table column) as part of a file name.</summary>
    private static string FileSafe(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
