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
    /// A frame on a link's lane (one shaped FIFO: link k > 0, or one model's own sensor link): its job, the
    /// link k (the chain's `link{k}` into `tier{k}`), when it was handed to the link and when it was off the
    /// receiving socket (WireClock), and how long its serialisation takes there (bytes x 8 / the link's rate).
    /// </summary>
    public readonly record struct Frame(ulong Job, int Link, string Lane, long SentNs, long ReceivedNs, long SerialisationNs);

    /// <summary>
    /// For each frame that travelled alone, how long the tier it went to had been idle when it was handed to
    /// the link (seconds since that tier's last stage ended, or since the first stage or frame of the
    /// traces where the tier had computed none). Left out (absent): a frame whose wire overlapped a stage
    /// computing on that tier (its receiving thread may have waited beside the worker:
    /// TierExecution.BesideIoPeriods), and one handed to its link while an earlier frame of the same lane was
    /// still serialising (it queued on the FIFO shaper, a wait the simulator's link makes itself). The
    /// calibration fits TierExecution.ArrivalAloneS on those idle for at least one quota period.
    /// </summary>
    public static IReadOnlyDictionary<(ulong Job, int Link), double> ArrivalIdle(IEnumerable<Stage> stages, IEnumerable<Frame> frames)
    {
        var frameList = frames as IReadOnlyCollection<Frame> ?? frames.ToList();
        var on = stages.GroupBy(s => s.Node, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.StartNs).ToArray(), StringComparer.Ordinal);
        long origin = Math.Min(on.Values.SelectMany(n => n).Select(s => s.StartNs).DefaultIfEmpty(long.MaxValue).Min(),
            frameList.Select(f => f.SentNs).DefaultIfEmpty(long.MaxValue).Min());
        var queued = new HashSet<(ulong, int)>();
        foreach (var lane in frameList.GroupBy(f => (f.Link, f.Lane)))
        {
            long freeNs = long.MinValue;
            foreach (var f in lane.OrderBy(f => f.SentNs).ThenBy(f => f.Job))
            {
                if (f.SentNs < freeNs) queued.Add((f.Job, f.Link));
                freeNs = Math.Max(freeNs, f.SentNs) + f.SerialisationNs;
            }
        }
        var idle = new Dictionary<(ulong, int), double>();
        foreach (var f in frameList)
        {
            if (queued.Contains((f.Job, f.Link))) continue;
            var node = on.GetValueOrDefault($"tier{f.Link}") ?? [];
            if (node.Any(s => s.StartNs < f.ReceivedNs && s.EndNs > f.SentNs)) continue;
            long lastEnd = node.Where(s => s.EndNs <= f.SentNs).Select(s => s.EndNs).DefaultIfEmpty(origin).Max();
            idle[(f.Job, f.Link)] = Math.Max(0, WireClock.Seconds(lastEnd, f.SentNs));
        }
        return idle;
    }

    /// <summary>
    /// The worker's own gap between two stages when the second was waiting: it sends the results,
    /// forwards and reports (0.05-0.15 ms measured on v2's cloud), then takes the next job; a job that
    /// arrived later than this after the stage found an idle worker.
    /// </summary>
    public const double AtOnceS = 0.0005;
}
