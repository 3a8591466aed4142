namespace T2CSim.Experiments.Regression;

using System.Globalization;
using T2CSim.Experiments.Results;

/// <summary>A metric of one run that differs between the baseline and now.</summary>
public sealed record MetricChange(string Algorithm, string Multiplier, string Repeat, string Metric, string Baseline, string Now)
{
    public override string ToString() => $"{Algorithm} {Multiplier}x repeat {Repeat}: {Metric} {Show(Baseline)} -> {Show(Now)}";

    private static string Show(string cell) => cell.Length == 0 ? "(empty)" : cell;
}

/// <summary>
/// Compares two runs.csv tables run by run (key: algorithm, multiplier, repeat) and metric by metric.
/// Numbers are equal within a relative tolerance (the files are written rounded and deterministic,
/// so the default tolerance only forgives the last printed digit); anything else must match exactly.
/// A run or a column present on one side only is a change too.
/// </summary>
public static class RunsComparison
{
    public const double DefaultTolerance = 1e-9;
    public const string MissingRun = "(run)";
    private const string Absent = "absent";

    public static List<MetricChange> Compare(Table baseline, Table now, double tolerance = DefaultTolerance)
    {
        var changes = new List<MetricChange>();
        var baseRows = Index(baseline);
        var nowRows = Index(now);
        var columns = baseline.Header.Union(now.Header).Where(c => !SweepFiles.RunKey.Contains(c)).ToList();
        foreach (var key in baseRows.Keys.Union(nowRows.Keys))
        {
            bool inBase = baseRows.TryGetValue(key, out var b), inNow = nowRows.TryGetValue(key, out var n);
            if (!inBase || !inNow)
            {
                changes.Add(new MetricChange(key.Algorithm, key.Multiplier, key.Repeat, MissingRun, inBase ? "present" : Absent, inNow ? "present" : Absent));
                continue;
            }
            foreach (var column in columns)
            {
                string before = baseline.Has(column) ? b![baseline.Column(column)] : Absent;
                string after = now.Has(column) ? n![now.Column(column)] : Absent;
                if (!Same(before, after, tolerance)) changes.Add(new MetricChange(key.Algorithm, key.Multiplier, key.Repeat, column, before, after));
            }
        }
        return changes;
    }

    /// <summary>A readable diff: one line per change, or "no change".</summary>
    public static string Describe(IReadOnlyList<MetricChange> changes, int limit = 60)
    {
        if (changes.Count == 0) return "no change";
        var lines = changes.Take(limit).Select(c => "  " + c).ToList();
        if (changes.Count > limit) lines.Add($"  ... and {changes.Count - limit} more");
        return $"{changes.Count} metric(s) moved (algorithm multiplier repeat: metric baseline -> now):\n" + string.Join('\n', lines);
    }

    private static Dictionary<(string Algorithm, string Multiplier, string Repeat), string[]> Index(Table t)
    {
        var index = new Dictionary<(string, string, string), string[]>();
        foreach (var row in t.Rows)
            index[(t.Text(row, "algorithm"), t.Text(row, "multiplier"), t.Text(row, "repeat"))] = row;
        return index;
    }

    private static bool Same(string a, string b, double tolerance)
    {
        if (a == b) return true;
        if (!double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ||
            !double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)) return false;
        return Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));
    }
}
