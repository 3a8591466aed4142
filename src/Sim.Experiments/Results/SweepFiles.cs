namespace T2CSim.Experiments.Results;

using T2CSim.Experiments.Sweeps;
using static T2CSim.Experiments.Results.CsvTable;

/// <summary>
/// The files of a sweep, all tidy CSV: runs.csv (a row per run: algorithm, multiplier, repeat and
/// every metric of RunFiles.SummaryColumns; deterministic), timing.csv (wall-clock planner CPU per
/// run; not deterministic, so kept apart), timelines.csv (every run's 5 s bins), events.csv (link
/// changes and reconfigurations, for plots over time), node-classes.csv (a row per run and node class:
/// `t2c run`'s node-classes.csv with the run's key; deterministic) and scenario.yaml (the resolved scenario).
/// </summary>
public static class SweepFiles
{
    public const string Runs = "runs.csv";
    public const string Summary = "summary.csv";
    public const string Timing = "timing.csv";
    public const string Timelines = "timelines.csv";
    public const string Events = "events.csv";
    public const string NodeClasses = "node-classes.csv";
    public const string ScenarioCopy = "scenario.yaml";

    /// <summary>The columns naming a run; every other column of runs.csv is a metric of SummaryColumns.</summary>
    public static readonly string[] RunKey = ["algorithm", "multiplier", "repeat"];

    /// <summary>Columns of SummaryColumns that describe the run rather than measure it.</summary>
    public static readonly string[] Descriptive = ["scenario", "seed", "duration_s"];

    /// <summary>
    /// The key of a run in every file: algorithm, the grid's varied fields (none without a grid),
    /// multiplier, repeat. The varied fields sit between algorithm and multiplier, which is how a file
    /// read back tells them apart from metrics (VariedColumns).
    /// </summary>
    public static List<string> KeyHeader(SweepGrid? grid) => ["algorithm", .. grid?.FieldNames ?? [], "multiplier", "repeat"];

    public static List<string> KeyRow(SweepRun run, SweepGrid? grid) =>
        [run.Cell.Algorithm, .. grid?.Points[run.Cell.Point].Values ?? [], Num(run.Cell.Multiplier), Num(run.Cell.Repeat)];

    /// <summary>The varied fields of a runs.csv, timing.csv or summary.csv read back: the columns between algorithm and multiplier.</summary>
    public static IReadOnlyList<string> VariedColumns(Table table)
    {
        int a = table.Has("algorithm") ? table.Column("algorithm") : -1, m = table.Has("multiplier") ? table.Column("multiplier") : -1;
        return a >= 0 && m > a ? table.Header.Skip(a + 1).Take(m - a - 1).ToList() : [];
    }

    public static List<string> RunsHeader(SweepRun any, SweepGrid? grid = null) =>
        [.. KeyHeader(grid), .. RunFiles.SummaryColumns(any.Summary).Select(c => c.Name).Where(n => !RunKey.Contains(n))];

    public static List<string> RunsRow(SweepRun run, SweepGrid? grid = null) =>
        [.. KeyRow(run, grid), .. RunFiles.SummaryColumns(run.Summary).Where(c => !RunKey.Contains(c.Name)).Select(c => c.Value)];

    public static readonly string[] TimingHeader = [.. RunKey, .. RunFiles.TimingHeader.Where(n => !RunKey.Contains(n))];

    public static List<string> TimingRow(SweepRun run, SweepGrid? grid = null)
    {
        var values = RunFiles.TimingHeader.Zip(RunFiles.TimingRow(run.Timing));
        return [.. KeyRow(run, grid), .. values.Where(v => !RunKey.Contains(v.First)).Select(v => v.Second)];
    }

    public static readonly string[] TimelinesHeader = [.. RunKey, .. RunFiles.TimelineHeader];
    public static readonly string[] EventsHeader = [.. RunKey, "time_s", "kind", "detail"];

    /// <summary>
    /// Writes the deterministic runs.csv first, then the rest, so a failure later (a full disk, a
    /// plot) never loses the runs already computed. `runs` may be a shard's slice of the plan.
    /// </summary>
    public static void Write(string dir, SweepPlan plan, IReadOnlyList<SweepRun> runs)
    {
        Directory.CreateDirectory(dir);
        var grid = plan.Grid.Fields.Count > 0 ? plan.Grid : null;
        var key = KeyHeader(grid);
        if (runs.Count > 0) CsvTable.Write(Path.Combine(dir, Runs), RunsHeader(runs[0], grid), runs.Select(r => RunsRow(r, grid)));
        CsvTable.Write(Path.Combine(dir, Timing), [.. key, .. TimingHeader.Skip(RunKey.Length)], runs.Select(r => TimingRow(r, grid)));
        CsvTable.Write(Path.Combine(dir, Timelines), [.. key, .. RunFiles.TimelineHeader],
            runs.SelectMany(r => r.Timeline.Select(b => (IReadOnlyList<string>)[.. KeyRow(r, grid), .. RunFiles.TimelineRow(b)])));
        CsvTable.Write(Path.Combine(dir, Events), [.. key, "time_s", "kind", "detail"],
            runs.SelectMany(r => r.Marks.Select(e => (IReadOnlyList<string>)[.. KeyRow(r, grid), Num(e.TimeS), e.Kind, e.Detail])));
        // Per run and node class, so utilisation per class can be plotted across the sweep (docs/topology.md, "Commands on graph scenarios").
        CsvTable.Write(Path.Combine(dir, NodeClasses), [.. key, .. NodeFiles.ClassHeader],
            runs.SelectMany(r => r.NodeClasses.Select(f => (IReadOnlyList<string>)[.. KeyRow(r, grid), .. NodeFiles.ClassRow(f)])));
        File.WriteAllText(Path.Combine(dir, ScenarioCopy), Provenance(plan));
    }

    /// <summary>The scenario as run: the source file, the overrides, the sweep run and the resolved YAML tree.</summary>
    public static string Provenance(SweepPlan plan)
    {
        var scenario = plan.Scenario;
        var lines = new List<string> { $"# resolved from {scenario.SourcePath}" };
        lines.AddRange(scenario.Overrides.Select(o => $"# --set {o}"));
        foreach (var f in plan.Grid.Fields) lines.Add($"# varied: {f.Field} = {string.Join(" | ", f.Values)}");
        lines.Add($"# swept: algorithms {string.Join(",", plan.Algorithms)}; multipliers {string.Join(",", plan.Multipliers.Select(m => Num(m)))}; repeats {plan.Repeats} (these take precedence over the sweep section and repeats below)");
        lines.Add("# relative paths below are relative to the source file's folder");
        return string.Join('\n', lines) + "\n" + scenario.ResolvedYaml;
    }
}
