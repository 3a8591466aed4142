namespace T2CSim.Core.Kernel;

/// <summary>
/// A resource whose waiting line is ordered by priority (lower number first, FIFO within a
/// priority), with optional preemption as SimSharp's PreemptiveResource: a preempting request
/// that reaches the head of the line while every unit is in use takes the unit of the user with
/// the worst priority strictly worse than its own (latest granted among equals). That user's
/// request becomes Preempted and its process is interrupted with a <see cref="Preempted"/> cause.
/// </summary>
public sealed class PriorityResource : IRequestOwner
{
    private readonly Simulation _simulation;
    private readonly RequestQueue _waiting = new();
    private readonly List<ResourceRequest> _users = new();
    private long _requests;

    public PriorityResource(Simulation simulation, int capacity)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A resource needs a capacity of at least 1.");
        _simulation = simulation;
        Capacity = capacity;
    }

    public Simulation Simulation => _simulation;
    public int Capacity { get; }
    public int InUse => _users.Count;
    public int QueueLength => _waiting.Count;
    /// <summary>The granted requests, in grant order.</summary>
    public IReadOnlyList<ResourceRequest> Users => _users;

    public ResourceRequest Request(int priority, bool preempt = false)
    {
        var request = new ResourceRequest(_simulation, this, priority, preempt, _requests++);
        _waiting.AddByPriority(request);
        if (preempt && _users.Count == Capacity && ReferenceEquals(_waiting.First, request)) PreemptFor(request);
        GrantWaiting();
        return request;
    }

    public void Release(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ReferenceEquals(request.Owner, this))
            throw new ArgumentException("The request belongs to another resource.", nameof(request));
        switch (request.State)
        {
            case RequestState.Waiting:
                _waiting.Remove(request);
                break;
            case RequestState.Granted:
                _users.Remove(request);
                break;
            case RequestState.Preempted:
                break;
            default:
                throw new InvalidOperationException("This resource request was already released; release each request once.");
        }
        request.State = RequestState.Released;
        GrantWaiting();
    }

    private void PreemptFor(ResourceRequest request)
    {
        ResourceRequest? victim = null;
        foreach (var user in _users)
            if (user.Priority > request.Priority && (victim is null || user.Priority >= victim.Priority))
                victim = user;
        if (victim is null) return;
        _users.Remove(victim);
        victim.State = RequestState.Preempted;
        if (victim.Process is { IsAlive: true } holder && !ReferenceEquals(holder, _simulation.ActiveProcess))
            holder.Interrupt(new Preempted(request.Process, victim.GrantedAt));
    }

    private void GrantWaiting()
    {
        while (_users.Count < Capacity && _waiting.First is { } next)
        {
            _waiting.Remove(next);
            _users.Add(next);
            next.State = RequestState.Granted;
            next.GrantedAt = _simulation.Now;
            next.Succeed();
        }
    }
}
