namespace T2CSim.Core.Workload;

/// <summary>
/// How a trace becomes an hourly profile. Each hour of day h gets
///   rate(h) = (requests created in clock hours h) / (hours of clock hours h the trace covers),
/// where the trace covers [first timestamp, last timestamp]. A partial first or last hour counts
/// only for the part covered (the LA subset starts at 13:36, so its 13:00 hour of Dec 27 counts
/// 0.4 h), so a trace cut mid-hour or mid-day is not biased.
/// </summary>
public sealed record ProfileDerivation(
    string Source,
    int Rows,
    DateTime First,
    DateTime Last,
    IReadOnlyList<int> Requests,
    IReadOnlyList<double> CoveredHours,
    int DistinctClockHours)
{
    /// <summary>Length of the covered interval in hours.</summary>
    public double SpanHours => (Last - First).TotalHours;

    /// <summary>Whether every hour of the day is covered, so a full profile exists.</summary>
    public bool CoversWholeDay => CoveredHours.All(h => h > 0);

    /// <summary>Rate per hour of day; NaN where the trace covers none of that hour.</summary>
    public double Rate(int hour) => CoveredHours[hour] > 0 ? Requests[hour] / CoveredHours[hour] : double.NaN;

    public static ProfileDerivation FromTrace(Trace trace)
    {
        var times = trace.Timestamps;
        var first = times.Min();
        var last = times.Max();
        if (last <= first) throw new UserInputException(trace.Source, trace.TimestampColumn, "all requests have the same timestamp: no time span to derive a rate from");
        var requests = new int[24];
        var clockHours = new HashSet<DateTime>();
        foreach (var t in times)
        {
            requests[t.Hour]++;
            clockHours.Add(HourStart(t));
        }
        var covered = new double[24];
        for (var start = HourStart(first); start <= last; start = start.AddHours(1))
        {
            var from = start < first ? first : start;
            var end = start.AddHours(1);
            var to = end > last ? last : end;
            covered[start.Hour] += (to - from).TotalHours;
        }
        return new ProfileDerivation(trace.Source, times.Count, first, last, requests, covered, clockHours.Count);
    }

    /// <summary>The profile; refused when some hour of the day is not covered at all.</summary>
    public HourlyProfile ToProfile(IReadOnlyList<string> comments)
    {
        for (int h = 0; h < 24; h++)
            if (CoveredHours[h] <= 0)
                throw new UserInputException(Source, $"hour {h}", $"the trace ({First:yyyy-MM-dd HH:mm} to {Last:yyyy-MM-dd HH:mm}) never covers this hour of the day, so it has no daily profile");
        return new HourlyProfile(Enumerable.Range(0, 24).Select(Rate).ToArray(), comments);
    }

    private static DateTime HourStart(DateTime t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, t.Kind);
}
