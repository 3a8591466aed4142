namespace T2CSim.Experiments.Results;

using T2CSim.Experiments.Sweeps;
using static T2CSim.Experiments.Results.CsvTable;

/// <summary>
/// The files of a sweep, all tidy CSV: runs.csv (a row per run: algorithm, multiplier, repeat and
/// every metric of RunFiles.SummaryColumns; deterministic), timing.csv (wall-clock planner CPU per
/// run; not deterministic, so kept apart), timelines.csv (every run's 5 s bins), events.csv (link
/// changes and reconfigurations, for plots over time) and scenario.yaml (the resolved scenario).
/// </summary>
public static class SweepFiles
{
    public const string Runs = "runs.csv";
    public const string Summary = "summary.csv";
    public const string Timing = "timing.csv";
    public const string Timelines = "timelines.csv";
    public const string Events = "events.csv";
    public const string ScenarioCopy = "scenario.yaml";

    /// <summary>The columns naming a run; every other column of runs.csv is a metric of SummaryColumns.</summary>
    public static readonly string[] RunKey = ["algorithm", "multiplier", "repeat"];

    /// <summary>Columns of SummaryColumns that describe the run rather than measure it.</summary>
    public static readonly string[] Descriptive = ["scenario", "seed", "duration_s"];

    public static List<string> RunsHeader(SweepRun any) =>
        [.. RunKey, .. RunFiles.SummaryColumns(any.Summary).Select(c => c.Name).Where(n => !RunKey.Contains(n))];

    public static List<string> RunsRow(SweepRun run) =>
        [run.Cell.Algorithm, Num(run.Cell.Multiplier), Num(run.Cell.Repeat),
         .. RunFiles.SummaryColumns(run.Summary).Where(c => !RunKey.Contains(c.Name)).Select(c => c.Value)];

    public static readonly string[] TimingHeader = [.. RunKey, .. RunFiles.TimingHeader.Where(n => !RunKey.Contains(n))];

    public static List<string> TimingRow(SweepRun run)
    {
        var values = RunFiles.TimingHeader.Zip(RunFiles.TimingRow(run.Timing));
        return [run.Cell.Algorithm, Num(run.Cell.Multiplier), Num(run.Cell.Repeat), .. values.Where(v => !RunKey.Contains(v.First)).Select(v => v.Second)];
    }

    public static readonly string[] TimelinesHeader = [.. RunKey, .. RunFiles.TimelineHeader];
    public static readonly string[] EventsHeader = [.. RunKey, "time_s", "kind", "detail"];

    /// <summary>
    /// Writes the deterministic runs.csv first, then the rest, so a failure later (a full disk, a
    /// plot) never loses the runs already computed.
    /// </summary>
    public static void Write(string dir, SweepPlan plan, IReadOnlyList<SweepRun> runs)
    {
        Directory.CreateDirectory(dir);
        if (runs.Count > 0) CsvTable.Write(Path.Combine(dir, Runs), RunsHeader(runs[0]), runs.Select(RunsRow));
        CsvTable.Write(Path.Combine(dir, Timing), TimingHeader, runs.Select(TimingRow));
        CsvTable.Write(Path.Combine(dir, Timelines), TimelinesHeader,
            runs.SelectMany(r => r.Timeline.Select(b => (IReadOnlyList<string>)[r.Cell.Algorithm, Num(r.Cell.Multiplier), Num(r.Cell.Repeat), .. RunFiles.TimelineRow(b)])));
        CsvTable.Write(Path.Combine(dir, Events), EventsHeader,
            runs.SelectMany(r => r.Marks.Select(e => (IReadOnlyList<string>)[r.Cell.Algorithm, Num(r.Cell.Multiplier), Num(r.Cell.Repeat), Num(e.TimeS), e.Kind, e.Detail])));
        File.WriteAllText(Path.Combine(dir, ScenarioCopy), Provenance(plan));
    }

    /// <summary>The scenario as run: the source file, the overrides, the sweep run and the resolved YAML tree.</summary>
    public static string Provenance(SweepPlan plan)
    {
        var scenario = plan.Scenario;
        var lines = new List<string> { $"# resolved from {scenario.SourcePath}" };
        lines.AddRange(scenario.Overrides.Select(o => $"# --set {o}"));
        lines.Add($"# swept: algorithms {string.Join(",", plan.Algorithms)}; multipliers {string.Join(",", plan.Multipliers.Select(m => Num(m)))}; repeats {plan.Repeats} (these take precedence over the sweep section and repeats below)");
        lines.Add("# relative paths below are relative to the source file's folder");
        return string.Join('\n', lines) + "\n" + scenario.ResolvedYaml;
    }
}
