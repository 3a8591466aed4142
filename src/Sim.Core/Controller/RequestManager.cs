namespace T2CSim.Core.Controller;

using T2CSim.Core.Planning;

/// <summary>
/// The slides' request manager: takes every arriving request. With hitchhiking on, a request rides at
/// once on a deployed model that serves it in time (<see cref="Controller.Hitchhiking"/>); otherwise it
/// waits in the request queue for the aggregator. Under load-aware admission a request that can neither
/// ride nor be planned on the free slots is rejected at once with its cause. Requests that waited
/// longer than the queue timeout leave the queue unserved.
/// </summary>
public sealed class RequestManager
{
    private List<RequestRecord> _queue = [];
    // The list the last TakeQueue returned; the next TakeQueue empties it and makes it the queue (see there).
    private List<RequestRecord> _taken = [];
    private readonly ResourceMonitor? _monitor;
    private readonly LoadAwareAdmission? _admission;
    private readonly double _queueTimeoutS;

    /// <summary>A request manager with the thesis's hitchhiking (or none), no admission and no queue timeout.</summary>
    public RequestManager(bool hitchhiking) : this(hitchhiking ? new Hitchhiking() : null, null, null, 0) { }

    /// <param name="hitchhiking">How an arriving request looks for a deployed model to ride; null: it always queues.</param>
    /// <param name="admission">Load-aware admission (rides are then its own, with the queueing term); null: none.</param>
    /// <param name="monitor">The free slots load-aware admission plans on; needed with an admission.</param>
    /// <param name="queueTimeoutS">A request queued longer than this expires (0: never).</param>
    public RequestManager(Hitchhiking? hitchhiking, LoadAwareAdmission? admission, ResourceMonitor? monitor, double queueTimeoutS)
    {
        if (admission is not null && monitor is null) throw new ArgumentNullException(nameof(monitor), "load-aware admission plans on the monitor's free slots");
        Hitchhiking = admission?.Hitchhiking ?? hitchhiking;
        _admission = admission;
        _monitor = monitor;
        _queueTimeoutS = queueTimeoutS;
    }

    /// <summary>The hitchhiking policy arriving requests use; null when the algorithm has none.</summary>
    public Hitchhiking? Hitchhiking { get; }

    public IReadOnlyList<RequestRecord> Queue => _queue;

    /// <summary>
    /// An arriving request: the deployment it rides, or null when it was queued (or rejected by
    /// load-aware admission, its cause then set).
    /// </summary>
    internal Ride? Submit(RequestRecord record, IReadOnlyList<Deployment> deployments, LatencyPredictorView view)
    {
        if (Hitchhiking?.FindRide(record.Request, deployments, view) is { } ride) return ride;
        if (_admission?.RejectionCause(record.Request, _monitor!.FreeSlots(), view, _monitor.Reach) is { } cause) record.Mark(cause);
        else _queue.Add(record);
        return null;
    }

    /// <summary>
    /// Of requests a plan did not place, those no free slot can serve are rejected with their cause
    /// (load-aware admission only); the others wait for the next aggregation period.
    /// </summary>
    internal void Requeue(IEnumerable<RequestRecord> records, LatencyPredictorView view)
    {
        if (_admission is null)
        {
            _queue.AddRange(records);
            return;
        }
        var free = _monitor!.FreeSlots();
        foreach (var r in records)
            if (_admission.RejectionCause(r.Request, free, view, _monitor.Reach) is { } cause) r.Mark(cause);
            else _queue.Add(r);
    }

    /// <summary>Requests that go back to the queue as they are (their deployment was lost before they ran).</summary>
    internal void ReturnToQueue(IEnumerable<RequestRecord> records)
    {
        foreach (var r in records)
        {
            r.Attachment = Attachment.None;
            r.DeploymentId = -1;
            r.Mark(OutcomeCause.QueuedAtEnd);
            _queue.Add(r);
        }
    }

    /// <summary>
    /// Hands the whole queue to the aggregator, less the requests that expired in it. The list returned
    /// is the caller's until the next call, which empties it and queues into it again: under overload
    /// the queue holds tens of thousands of requests, and a fresh list each period was a large-object
    /// allocation each period, every one of which counts towards a full (gen 2) collection of a heap
    /// that holds every request in flight (docs/kernel.md, "Fifth pass").
    /// </summary>
    internal List<RequestRecord> TakeQueue(double nowS)
    {
        var taken = _queue;
        _queue = _taken;
        _queue.Clear();
        _taken = taken;
        if (_queueTimeoutS <= 0) return taken;
        // Expired requests leave in place, the others keep their order.
        int kept = 0;
        for (int i = 0; i < taken.Count; i++)
        {
            var r = taken[i];
            if (nowS - r.Request.ArrivalS > _queueTimeoutS) r.Mark(OutcomeCause.ExpiredInQueue);
            else taken[kept++] = r;
        }
        taken.RemoveRange(kept, taken.Count - kept);
        return taken;
    }

    /// <summary>Arrival time of the oldest queued request (null when the queue is empty): the adaptive period's slack.</summary>
    internal double? OldestArrivalS => _queue.Count == 0 ? null : _queue.Min(r => r.Request.ArrivalS);
}
