namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>
/// The requests of one task of a deployable instance, indexed so that "how many are served by exit e
/// at latency d" is a binary search, not a scan: per exit, the latency requirements of the requests
/// whose accuracy requirement that exit meets, sorted ascending.
/// </summary>
internal sealed class TaskDemand
{
    private readonly double[][] _latencyLimitsByExit;

    public TaskSpec Task { get; }
    public IReadOnlyList<Request> Requests { get; }
    /// <summary>The exit StrictestAccuracy picks, or -1 when no exit meets any request's accuracy.</summary>
    public int StrictestExit { get; }

    public TaskDemand(TaskSpec task, IReadOnlyList<Request> requests)
    {
        Task = task;
        Requests = requests;
        _latencyLimitsByExit = new double[task.Exits.Count][];
        var limits = new List<double>(requests.Count);
        for (int e = 0; e < task.Exits.Count; e++)
        {
            limits.Clear();
            double accuracy = task.Exits[e].Accuracy;
            foreach (var r in requests)
                if (r.MinAccuracy <= accuracy) limits.Add(r.MaxLatencyS);
            var sorted = limits.ToArray();
            Array.Sort(sorted);
            _latencyLimitsByExit[e] = sorted;
        }
        StrictestExit = FindStrictestExit(task, requests);
    }

    /// <summary>Requests served by exit `exit` at predicted latency `latencyS`: accuracy met and latency ≤ requirement.</summary>
    public int Count(int exit, double latencyS)
    {
        var limits = _latencyLimitsByExit[exit];
        // First index whose requirement is ≥ latencyS; everything from there on is served.
        int lo = 0, hi = limits.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (limits[mid] < latencyS) lo = mid + 1; else hi = mid;
        }
        return limits.Length - lo;
    }

    /// <summary>Requests whose accuracy exit `exit` meets (the most it can serve at any latency).</summary>
    public int AccuracyEligible(int exit) => _latencyLimitsByExit[exit].Length;

    /// <summary>The served requests' ids, in the order given (used once per chosen configuration).</summary>
    public void CollectServed(int exit, double latencyS, List<int> into)
    {
        double accuracy = Task.Exits[exit].Accuracy;
        foreach (var r in Requests)
            if (r.MinAccuracy <= accuracy && latencyS <= r.MaxLatencyS) into.Add(r.Id);
    }

    private static int FindStrictestExit(TaskSpec task, IReadOnlyList<Request> requests)
    {
        double best = double.NegativeInfinity;
        foreach (var x in task.Exits) best = Math.Max(best, x.Accuracy);
        // The most demanding requirement that some exit can still meet; requests no exit can meet
        // are lost whatever we do and must not push the task to an exit that serves nobody.
        double strictest = double.NegativeInfinity;
        foreach (var r in requests)
            if (r.MinAccuracy <= best) strictest = Math.Max(strictest, r.MinAccuracy);
        if (double.IsNegativeInfinity(strictest)) return -1;
        for (int e = 0; e < task.Exits.Count; e++)
            if (task.Exits[e].Accuracy >= strictest) return e;
        return -1;
    }
}
