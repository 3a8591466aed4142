namespace T2CSim.Core.Controller;

/// <summary>
/// The slides' request aggregator: every aggregation period it groups the queued requests by model
/// (by model and task when multi-task is off, each task then being its own network) and hands the
/// groups to the deployment planner, largest group first, in a deterministic order.
/// </summary>
public sealed class Aggregator
{
    private readonly bool _multiTask;

    public Aggregator(bool multiTask) => _multiTask = multiTask;

    public sealed record RequestGroup(string Model, string? Task, IReadOnlyList<RequestRecord> Requests);

    public IReadOnlyList<RequestGroup> Group(IReadOnlyList<RequestRecord> queued)
    {
        var groups = new Dictionary<(string, string?), List<RequestRecord>>();
        foreach (var r in queued)
        {
            var key = (r.Request.Model, _multiTask ? null : r.Request.Task);
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
            list.Add(r);
        }
        return groups
            .Select(g => new RequestGroup(g.Key.Item1, g.Key.Item2, g.Value))
            .OrderByDescending(g => g.Requests.Count)
            .ThenBy(g => g.Model, StringComparer.Ordinal)
            .ThenBy(g => g.Task, StringComparer.Ordinal)
            .ToList();
    }
}
