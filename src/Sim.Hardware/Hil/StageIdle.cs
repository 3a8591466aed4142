namespace T2CSim.Hardware.Hil;

using T2CSim.Hardware.Transport;

/// <summary>
/// How long each stage's node had been idle when the stage started: since the end of the stage the
/// same node computed before it (any job, any network), and which network that was. An agent's
/// worker runs one stage at a time, so a node's stages, ordered by start, never overlap. The first
/// stage a node computes has no predecessor (absent).
/// </summary>
public static class StageIdle
{
    public readonly record struct Before(double IdleS, string PreviousModel);

    /// <summary>One computed stage: the job, its model, the node's hop name, when it started and ended (WireClock).</summary>
    public readonly record struct Stage(ulong Job, string Model, string Node, long StartNs, long EndNs);

    public static IReadOnlyDictionary<(ulong Job, string Node), Before> Of(IEnumerable<JobTrace> traces) =>
        Of(traces.SelectMany(t => t.ComputedStages().Select(s => new Stage(t.Id, t.Model, s.Node, s.StartNs, s.EndNs))));

    public static IReadOnlyDictionary<(ulong Job, string Node), Before> Of(IEnumerable<Stage> stages)
    {
        var idle = new Dictionary<(ulong, string), Before>();
        foreach (var node in stages.GroupBy(s => s.Node, StringComparer.Ordinal))
        {
            (long EndNs, string Model)? previous = null;
            foreach (var s in node.OrderBy(s => s.StartNs).ThenBy(s => s.Job))
            {
                if (previous is var (end, model)) idle[(s.Job, s.Node)] = new Before(Math.Max(0, WireClock.Seconds(end, s.StartNs)), model);
                previous = (s.EndNs, s.Model);
            }
        }
        return idle;
    }

    /// <summary>
    /// A stage after which its node's worker took the next stage within <see cref="AtOnceS"/> of its end:
    /// a job was waiting, so the stage's results went beside a computing worker (the simulator's
    /// condition for TierExecution.BesideIoPeriods: the core's next request granted at the stage's end).
    /// </summary>
    public static IReadOnlySet<(ulong Job, string Node)> FollowedAtOnce(IEnumerable<JobTrace> traces) =>
        FollowedAtOnce(traces.SelectMany(t => t.ComputedStages().Select(s => new Stage(t.Id, t.Model, s.Node, s.StartNs, s.EndNs))));

    public static IReadOnlySet<(ulong Job, string Node)> FollowedAtOnce(IEnumerable<Stage> stages)
    {
        var followed = new HashSet<(ulong, string)>();
        foreach (var node in stages.GroupBy(s => s.Node, StringComparer.Ordinal))
        {
            Stage? previous = null;
            foreach (var s in node.OrderBy(s => s.StartNs).ThenBy(s => s.Job))
            {
                if (previous is { } p && WireClock.Seconds(p.EndNs, s.StartNs) < AtOnceS) followed.Add((p.Job, p.Node));
                previous = s;
            }
        }
        return followed;
    }

    /// <summary>
    /// The worker's own gap between two stages when the second was waiting: it sends the results,
    /// forwards and reports (0.05-0.15 ms measured on v2's cloud), then takes the next job; a job that
    /// arrived later than this after the stage found an idle worker.
    /// </summary>
    public const double AtOnceS = 0.0005;
}
