namespace T2CSim.Experiments.Reporting;

using T2CSim.Core;
using T2CSim.Experiments.Results;

/// <summary>
/// A finished sweep read back from its folder: the means of summary.csv, and the planner CPU of
/// timing.csv reduced the same way. Lookups return null where the sweep lacks the algorithm or point.
/// </summary>
public sealed class SweepResults
{
    public string Directory { get; }
    public string Scenario { get; }
    public IReadOnlyList<double> Multipliers { get; }
    private readonly Dictionary<(string, double, string), double> _means = [];

    private SweepResults(string dir, string scenario, IEnumerable<MetricSummary> summaries)
    {
        Directory = dir;
        Scenario = scenario;
        foreach (var s in summaries) _means[(s.Algorithm, s.Multiplier, s.Metric)] = s.Interval.Mean;
        Multipliers = _means.Keys.Select(k => k.Item2).Distinct().Order().ToList();
    }

    public static SweepResults Load(string dir)
    {
        string summary = Path.Combine(dir, SweepFiles.Summary), runs = Path.Combine(dir, SweepFiles.Runs), timing = Path.Combine(dir, SweepFiles.Timing);
        if (!File.Exists(summary)) throw new UserInputException(summary, null, "not found: is this a sweep's results folder?");
        var runsTable = Table.Read(runs);
        string scenario = runsTable.Rows.Count > 0 ? runsTable.Text(runsTable.Rows[0], "scenario") : "";
        var all = SummaryTable.Read(summary);
        // The claims are per (algorithm, multiplier): a grid's points would be averaged together unseen.
        if (all.Any(s => s.Point.Count > 0))
            throw new UserInputException(summary, null, "a grid sweep (varied fields): compare its points with `t2c plot DIR --x FIELD --relative-to ALG`");
        if (File.Exists(timing)) all.AddRange(SummaryTable.Build(Table.Read(timing), ["cpu_utilization", "planner_cpu_s"]));
        return new SweepResults(dir, scenario, all);
    }

    public double? Mean(string algorithm, double multiplier, string metric) =>
        _means.TryGetValue((algorithm, multiplier, metric), out var v) && !double.IsNaN(v) ? v : null;

    public bool Has(string algorithm) => _means.Keys.Any(k => k.Item1 == algorithm);
}
