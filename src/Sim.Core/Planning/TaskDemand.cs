namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>
/// The requests of one task of a deployable instance, indexed so that "how many are served by exit e
/// at latency d" is a binary search, not a scan: per exit, the latency requirements of the requests
/// whose accuracy requirement that exit meets, sorted ascending.
/// A value over the arrays of the InstanceDemands that built it (requests grouped by a counting sort,
/// all tasks' requirement lists in one buffer), so a planning call holds a few pooled arrays instead
/// of several objects per task; it is only valid until that InstanceDemands is disposed.
/// </summary>
internal readonly struct TaskDemand
{
    private readonly InstanceDemands _store;
    private readonly int _firstRequest;
    private readonly int _firstExitSlot;

    public TaskSpec Task { get; }
    public int RequestCount { get; }
    /// <summary>The exit StrictestAccuracy picks, or -1 when no exit meets any request's accuracy.</summary>
    public int StrictestExit { get; }

    /// <summary>
    /// The task over requests store.Order[firstRequest .. +count) (indices into store.Source); appends
    /// its sorted latency requirements, exit by exit, to the store's buffer.
    /// </summary>
    public TaskDemand(TaskSpec task, InstanceDemands store, int firstRequest, int count)
    {
        Task = task;
        _store = store;
        _firstRequest = firstRequest;
        RequestCount = count;
        _firstExitSlot = store.AppendLatencyLimits(task, firstRequest, count);
        StrictestExit = FindStrictestExit(task, store, firstRequest, count);
    }

    /// <summary>Up to this many requirements, Count scans instead of searching.</summary>
    private const int ShortList = 16;

    public Request Request(int i) => _store.Source[_store.Order[_firstRequest + i]];

    /// <summary>Requests served by exit `exit` at predicted latency `latencyS`: accuracy met and latency ≤ requirement.</summary>
    public int Count(int exit, double latencyS)
    {
        var limits = _store.Limits;
        int from = _store.LimitStart[_firstExitSlot + exit], to = _store.LimitStart[_firstExitSlot + exit + 1];
        if (to - from <= ShortList)
        {
            // A handful of requests (the usual case): count without branching on the values. The
            // list is sorted, so the requirements not below latencyS are exactly the suffix the
            // binary search below would find; a search mispredicts about once per halving.
            int notBelow = 0;
            for (int i = from; i < to; i++) notBelow += limits[i] < latencyS ? 0 : 1;
            return notBelow;
        }
        // First index whose requirement is ≥ latencyS; everything from there on is served.
        int lo = from, hi = to;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (limits[mid] < latencyS) lo = mid + 1; else hi = mid;
        }
        return to - lo;
    }

    /// <summary>Requests whose accuracy exit `exit` meets (the most it can serve at any latency).</summary>
    public int AccuracyEligible(int exit) => _store.LimitStart[_firstExitSlot + exit + 1] - _store.LimitStart[_firstExitSlot + exit];

    /// <summary>
    /// Adds the served requests' ids to `ids` (order given; used once per chosen configuration) and,
    /// when `servedBySource` is given, marks them there by their index in the planner's input.
    /// </summary>
    public void CollectServed(int exit, double latencyS, List<int> ids, bool[]? servedBySource)
    {
        double accuracy = Task.ExitArray[exit].Accuracy;
        var (minAccuracy, maxLatency, idOf) = (_store.MinAccuracy, _store.MaxLatencyS, _store.Ids);
        for (int pos = _firstRequest; pos < _firstRequest + RequestCount; pos++)
        {
            if (minAccuracy[pos] <= accuracy && latencyS <= maxLatency[pos])
            {
                ids.Add(idOf[pos]);
                if (servedBySource is not null) servedBySource[_store.Order[pos]] = true;
            }
        }
    }

    private static int FindStrictestExit(TaskSpec task, InstanceDemands store, int firstRequest, int count)
    {
        var exits = task.ExitArray; // not the IReadOnlyList: no enumerator per task
        double best = double.NegativeInfinity;
        foreach (var x in exits) best = Math.Max(best, x.Accuracy);
        // The most demanding requirement that some exit can still meet; requests no exit can meet
        // are lost whatever we do and must not push the task to an exit that serves nobody.
        double strictest = double.NegativeInfinity;
        var minAccuracy = store.MinAccuracy;
        for (int pos = firstRequest; pos < firstRequest + count; pos++)
        {
            double required = minAccuracy[pos];
            if (required <= best) strictest = Math.Max(strictest, required);
        }
        if (double.IsNegativeInfinity(strictest)) return -1;
        for (int e = 0; e < exits.Length; e++)
            if (exits[e].Accuracy >= strictest) return e;
        return -1;
    }
}
