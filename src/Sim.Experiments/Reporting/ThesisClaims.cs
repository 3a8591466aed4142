namespace T2CSim.Experiments.Reporting;

using System.Globalization;

/// <summary>
/// The thesis's headline results (slides, "Results: Planning Phase" and "Results: Operation Phase")
/// and the arithmetic that gives ours from a sweep's summary.csv and timing.csv. Where the slides do
/// not say at which load a ratio holds, the value at each multiplier is computed and the one the
/// wording implies is reported ("achieves": at the heaviest load of the sweep; "up to" / "as low
/// as": the extreme over the multipliers), with the multiplier named.
/// </summary>
public static class ThesisClaims
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] T2C = ["T2C_M", "T2C_MH", "T2C_MHE"];

    public static readonly IReadOnlyList<Claim> All =
    [
        new("planning", "T2C_M throughput / NEU's", "2.34X", "throughput", r => RatioAtTop(r, "T2C_M", "NEU", "throughput")),
        new("planning", "T2C_MH throughput / NEU's", "2.44X", "throughput", r => RatioAtTop(r, "T2C_MH", "NEU", "throughput")),
        new("planning", "T2C_MHE throughput / Edgent's", "2.74X", "throughput", r => RatioAtTop(r, "T2C_MHE", "Edgent", "throughput")),
        new("planning", "lowest satisfied ratio of T2C_M, T2C_MH, T2C_MHE", "> 97%", "satisfied_ratio", MinSatisfied),
        new("planning", "T2C_MHE latency vs NEU's", "-3.85%", "latency", r => MeanRelative(r, "T2C_MHE", "NEU", "mean_latency_s")),
        new("planning", "Edgent latency vs NEU's", "-3.85%", "latency", r => MeanRelative(r, "Edgent", "NEU", "mean_latency_s")),
        new("planning", "T2C_MHE latency vs T2C_M's", "-7.68%", "latency", r => MeanRelative(r, "T2C_MHE", "T2C_M", "mean_latency_s")),
        new("planning", "T2C_MHE planner CPU / NEU's", "37.86%", "planner_cpu", r => MeanShare(r, "T2C_MHE", "NEU", "cpu_utilization")),
        new("planning", "T2C_MHE planner CPU / Edgent's", "42.86%", "planner_cpu", r => MeanShare(r, "T2C_MHE", "Edgent", "cpu_utilization")),
        new("planning", "highest control overhead of any algorithm", "~1 Mbps", "control_overhead", r => MaxOf(r, null, "control_mbps", 1, "Mbps")),
        new("heavy", "T2C_MH throughput / NEU's, at most", "5.4X", "throughput", r => RatioMax(r, "T2C_MH", "NEU", "throughput")),
        new("heavy", "T2C_MHE throughput / NEU's, at most", "6.8X", "throughput", r => RatioMax(r, "T2C_MHE", "NEU", "throughput")),
        new("heavy", "lowest queuing time of a T2C algorithm / NEU's", "12.21%", "queuing_time", MinQueuingShare),
        new("operation", "T2C_MHER satisfied ratio over T2C_MHE's, at most", "+35%", "satisfied_ratio, timeline_satisfied_ratio_*", MaxSatisfiedGain),
        new("operation", "T2C_MHER planner CPU utilization, at most", "<= 5%", "planner_cpu", r => MaxOf(r, "T2C_MHER", "cpu_utilization", 100, "%")),
        new("operation", "T2C_MHER control traffic, at most", "< 1.5 Mbps", "control_overhead", r => MaxOf(r, "T2C_MHER", "control_mbps", 1, "Mbps")),
    ];

    /// <summary>The phase a sweep belongs to, from its scenario's name.</summary>
    public static string? PhaseOf(string scenario) =>
        scenario.Contains("operation", StringComparison.OrdinalIgnoreCase) ? "operation"
        : scenario.Contains("heavy", StringComparison.OrdinalIgnoreCase) ? "heavy"
        : scenario.Contains("planning", StringComparison.OrdinalIgnoreCase) || scenario.Contains("regression", StringComparison.OrdinalIgnoreCase) ? "planning"
        : null;

    private static string X(double m) => m.ToString("0.###", Inv) + "x";

    private static IEnumerable<(double M, double Value)> Ratios(SweepResults r, string a, string b, string metric) =>
        from m in r.Multipliers
        let x = r.Mean(a, m, metric)
        let y = r.Mean(b, m, metric)
        where x is not null && y is > 0
        select (m, x!.Value / y!.Value);

    private static string? RatioAtTop(SweepResults r, string a, string b, string metric)
    {
        var all = Ratios(r, a, b, metric).ToList();
        if (all.Count == 0) return null;
        var top = all[^1];
        var max = all.MaxBy(p => p.Value);
        return string.Create(Inv, $"{top.Value:0.00}X at {X(top.M)} (max {max.Value:0.00}X at {X(max.M)})");
    }

    private static string? RatioMax(SweepResults r, string a, string b, string metric)
    {
        var all = Ratios(r, a, b, metric).ToList();
        if (all.Count == 0) return null;
        var max = all.MaxBy(p => p.Value);
        return string.Create(Inv, $"{max.Value:0.00}X at {X(max.M)}");
    }

    /// <summary>Mean over multipliers of a/b - 1, as a signed percentage.</summary>
    private static string? MeanRelative(SweepResults r, string a, string b, string metric)
    {
        var all = Ratios(r, a, b, metric).ToList();
        if (all.Count == 0) return null;
        return string.Create(Inv, $"{(all.Average(p => p.Value) - 1) * 100:+0.00;-0.00}% (mean over {all.Count} multipliers; {Range(all, p => (p.Value - 1) * 100, "%")})");
    }

    /// <summary>Mean over multipliers of a/b, as a percentage.</summary>
    private static string? MeanShare(SweepResults r, string a, string b, string metric)
    {
        var all = Ratios(r, a, b, metric).ToList();
        if (all.Count == 0) return null;
        return string.Create(Inv, $"{all.Average(p => p.Value) * 100:0.0}% (mean over {all.Count} multipliers; {Range(all, p => p.Value * 100, "%")})");
    }

    private static string Range(List<(double M, double Value)> all, Func<(double M, double Value), double> f, string unit)
    {
        var lo = all.MinBy(f);
        var hi = all.MaxBy(f);
        return string.Create(Inv, $"{f(lo):0.0}{unit} at {X(lo.M)} to {f(hi):0.0}{unit} at {X(hi.M)}");
    }

    private static string? MinSatisfied(SweepResults r)
    {
        var all = (from a in T2C from m in r.Multipliers let v = r.Mean(a, m, "satisfied_ratio") where v is not null select (a, m, v!.Value)).ToList();
        if (all.Count == 0) return null;
        var min = all.MinBy(p => p.Item3);
        return string.Create(Inv, $"{min.Item3 * 100:0.0}% ({min.a} at {X(min.m)})");
    }

    private static string? MinQueuingShare(SweepResults r)
    {
        var all = (from a in T2C from p in Ratios(r, a, "NEU", "mean_queuing_s") select (a, p.M, p.Value)).ToList();
        if (all.Count == 0) return null;
        var min = all.MinBy(p => p.Value);
        return string.Create(Inv, $"{min.Value * 100:0.00}% ({min.a} at {X(min.M)})");
    }

    private static string? MaxSatisfiedGain(SweepResults r)
    {
        var all = (from m in r.Multipliers
                   let with = r.Mean("T2C_MHER", m, "satisfied_ratio")
                   let without = r.Mean("T2C_MHE", m, "satisfied_ratio")
                   where with is not null && without is > 0
                   select (m, Points: (with!.Value - without!.Value) * 100, Relative: (with.Value / without.Value - 1) * 100)).ToList();
        if (all.Count == 0) return null;
        var max = all.MaxBy(p => p.Relative);
        return string.Create(Inv, $"{max.Relative:+0.0;-0.0}% relative, {max.Points:+0.0;-0.0} points at {X(max.m)}");
    }

    private static string? MaxOf(SweepResults r, string? algorithm, string metric, double scale, string unit)
    {
        var algorithms = algorithm is null ? AllAlgorithms(r) : [algorithm];
        var all = (from a in algorithms from m in r.Multipliers let v = r.Mean(a, m, metric) where v is not null select (a, m, v!.Value * scale)).ToList();
        if (all.Count == 0) return null;
        var max = all.MaxBy(p => p.Item3);
        return string.Create(Inv, $"{max.Item3:0.###} {unit} ({max.a} at {X(max.m)})");
    }

    private static IEnumerable<string> AllAlgorithms(SweepResults r) => T2CSim.Core.Planning.AlgorithmCatalog.Names.Where(r.Has);
}
