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

    // One list per (model, task) key ever seen, emptied at each call: under overload a group holds
    // thousands of requests, and fresh lists every period were garbage of the size of the queue.
    private readonly Dictionary<(string, string?), List<RequestRecord>> _lists = [];

    /// <summary>The groups of the queued requests; their request lists are this aggregator's and are refilled by the next call.</summary>
    public IReadOnlyList<RequestGroup> Group(IReadOnlyList<RequestRecord> queued)
    {
        foreach (var list in _lists.Values) list.Clear();
        for (int i = 0; i < queued.Count; i++)
        {
            var r = queued[i];
            var key = (r.Request.Model, _multiTask ? null : r.Request.Task);
            if (!_lists.TryGetValue(key, out var list)) _lists[key] = list = [];
            list.Add(r);
        }
        return _lists
            .Where(g => g.Value.Count > 0)
            .Select(g => new RequestGroup(g.Key.Item1, g.Key.Item2, g.Value))
            .OrderByDescending(g => g.Requests.Count)
            .ThenBy(g => g.Model, StringComparer.Ordinal)
            .ThenBy(g => g.Task, StringComparer.Ordinal)
            .ToList();
    }
}
