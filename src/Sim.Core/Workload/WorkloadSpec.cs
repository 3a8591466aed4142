namespace T2CSim.Core.Workload;

/// <summary>A (model, task) pair of the request mix with its relative weight.</summary>
/// <param name="FinalAccuracy">Accuracy of the task's final exit: the scale of relative accuracy requirements.</param>
public sealed record TaskShare(string Model, string Task, double Weight, double FinalAccuracy = 1.0);

/// <summary>
/// The scenario's `workload:` section. Requests arrive (by default) as a Poisson process of rate
/// Multiplier x Profile(hour), where the hour of day at simulated time t is StartHour + t / 3600;
/// Arrivals may name another process.
/// </summary>
/// <param name="ProfilePath">Absolute path of the profile CSV, for provenance.</param>
/// <param name="StartHour">Hour of day (0 &lt;= h &lt; 24, fractions allowed) at simulated time 0.</param>
/// <param name="Mix">Which (model, task) a request asks for; weights need not sum to 1.</param>
/// <param name="Accuracy">Minimum accuracy of a request, 0..1.</param>
/// <param name="LatencyS">Maximum latency of a request, seconds.</param>
/// <param name="AccuracyRelativeToFinal">
/// When true an accuracy requirement is the drawn fraction of the requested task's final-exit
/// accuracy: tasks differ widely in what is achievable (8-class age groups near 0.5, smile near 0.9),
/// and an absolute range would make whole tasks unservable.
/// </param>
public sealed record WorkloadSpec(
    HourlyProfile Profile,
    string ProfilePath,
    double StartHour,
    double Multiplier,
    IReadOnlyList<TaskShare> Mix,
    RequirementDistribution Accuracy,
    RequirementDistribution LatencyS,
    bool AccuracyRelativeToFinal = false)
{
    /// <summary>When requests arrive (`workload.arrivals`); the thesis's profile-driven Poisson process by default.</summary>
    public IArrivalProcess Arrivals { get; init; } = ProfilePoissonArrivals.Instance;

    /// <summary>Which device a request of a declared model is for (graph scenarios, `workload.devices`); null: the chain, nothing to choose.</summary>
    public DeviceChoice? Devices { get; init; }

    /// <summary>`workload.places`: which device a request is for (Places.PlaceAssignments builds it); null when not given.</summary>
    public Places.PlaceWorkloadSpec? Places { get; init; }

    /// <summary>Arrival rate in requests per second at simulated time t.</summary>
    public double RatePerSecond(double timeS) => Multiplier * Profile.RatePerSecond((int)Math.Floor(StartHour + timeS / 3600.0));

    /// <summary>Expected number of arrivals in [fromS, toS): the integral of the piecewise-constant rate.</summary>
    public double ExpectedArrivals(double fromS, double toS)
    {
        double total = 0;
        foreach (var (start, end, rate) in Segments(fromS, toS)) total += rate * (end - start);
        return total;
    }

    /// <summary>
    /// The interval [fromS, toS) cut at the profile's hour boundaries, each piece with its constant
    /// rate. Boundaries come from an hour counter, not from re-flooring times, so no piece is lost
    /// or repeated to rounding.
    /// </summary>
    public IEnumerable<(double StartS, double EndS, double RatePerS)> Segments(double fromS, double toS)
    {
        if (toS <= fromS) yield break;
        long hour = (long)Math.Floor(StartHour + fromS / 3600.0);
        double start = fromS;
        while (start < toS)
        {
            double end = Math.Min(toS, (hour + 1 - StartHour) * 3600.0);
            if (end > start) yield return (start, end, Multiplier * Profile.RatePerSecond((int)(hour % 24)));
            start = Math.Max(start, end);
            hour++;
        }
    }
}
