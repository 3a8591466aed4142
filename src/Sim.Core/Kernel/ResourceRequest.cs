namespace T2CSim.Core.Kernel;

/// <summary>Where a request stands in its resource.</summary>
public enum RequestState
{
    Waiting,
    Granted,
    /// <summary>Taken away by a higher-priority request; releasing it is allowed and does nothing.</summary>
    Preempted,
    Released,
}

/// <summary>The resources a request can come from (lets Dispose release without knowing which).</summary>
internal interface IRequestOwner
{
    void Release(ResourceRequest request);
}

/// <summary>
/// A claim on one unit of a <see cref="Resource"/> or <see cref="PriorityResource"/>: an event that
/// succeeds when the unit is granted. Dispose releases it unless it was already released, so
/// <c>using var req = res.Request(); yield return req;</c> frees the unit however the body leaves.
/// </summary>
public sealed class ResourceRequest : Event, IDisposable
{
    private readonly IRequestOwner _owner;

    internal ResourceRequest(Simulation simulation, IRequestOwner owner, int priority, bool preempt, long sequence)
        : base(simulation)
    {
        _owner = owner;
        Priority = priority;
        Preempt = preempt;
        Sequence = sequence;
        Process = simulation.ActiveProcess;
    }

    /// <summary>Lower number = served first (PriorityResource); 0 on a plain Resource.</summary>
    public int Priority { get; }
    public bool Preempt { get; }
    /// <summary>The process that made the request (null outside a process): the one preemption interrupts.</summary>
    public Process? Process { get; }
    public RequestState State { get; internal set; }
    /// <summary>When the unit was granted; NaN before.</summary>
    public double GrantedAt { get; internal set; } = double.NaN;

    internal long Sequence { get; }
    internal object Owner => _owner;

    // Links of the waiting line (an intrusive list: O(1) withdrawal, no node allocations).
    internal ResourceRequest? Previous;
    internal ResourceRequest? Next;

    public void Dispose()
    {
        if (State != RequestState.Released) _owner.Release(this);
    }
}
