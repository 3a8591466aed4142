namespace T2CSim.Core.Scenarios;

using System.Globalization;

/// <summary>
/// How big one run may be, checked before anything runs: every request of a run is generated, kept
/// and written, so its memory and time grow with the expected number of requests (the workload's
/// rate x multiplier x duration). A run past the limit is refused at once with a one-line error
/// saying the limit and how to raise it (`--max-requests`), instead of running out of memory after
/// minutes (`--multiplier 1e9`) or running for ever (`--duration 1e12`).
/// </summary>
public sealed record RunLimits(long MaxRequests = RunLimits.DefaultMaxRequests)
{
    /// <summary>About 1 KB of memory per request (request, record, log row): 2 million is ~2 GB.</summary>
    public const long DefaultMaxRequests = 2_000_000;
    public const double BytesPerRequest = 1024;

    public static RunLimits Default { get; } = new();

    /// <summary>An upper bound on the requests a run of `durationS` at `multiplier` generates.</summary>
    public static double ExpectedRequestsBound(Workload.WorkloadSpec workload, double multiplier, double durationS)
    {
        var perHour = workload.Profile.RequestsPerHour;
        double peak = perHour.Max() / 3600.0, daily = perHour.Sum();
        // Within a day the peak hour bounds the rate; over days, whole days plus at most one more.
        double bound = Math.Min(peak * durationS, daily * (Math.Floor(durationS / 86400.0) + 1));
        return multiplier * bound;
    }

    /// <summary>Refuses a run whose requests would pass the limit; `where` names the field to blame.</summary>
    public void Check(Scenario scenario, double multiplier, string? where = null)
    {
        double expected = ExpectedRequestsBound(scenario.Workload, multiplier, scenario.DurationS);
        if (expected <= MaxRequests) return;
        var inv = CultureInfo.InvariantCulture;
        throw new UserInputException(scenario.SourcePath, where ?? "workload.multiplier x duration_s",
            string.Create(inv, $"up to {expected:G3} requests (multiplier {multiplier:G4} x {scenario.DurationS:G4} s, ~{expected * BytesPerRequest / 1e9:G3} GB) exceed the limit of {MaxRequests:N0} requests per run; lower them or raise the limit with --max-requests N"));
    }
}
