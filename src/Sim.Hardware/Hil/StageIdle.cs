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
}
