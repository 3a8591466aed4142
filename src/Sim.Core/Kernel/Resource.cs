namespace T2CSim.Core.Kernel;

/// <summary>
/// A pool of identical units (servers, slots) served first come, first served. Request() returns an
/// event that succeeds when a unit is granted; Release gives it back, or withdraws a request that is
/// still waiting. Releasing a request twice is a bug and throws.
/// </summary>
public sealed class Resource : IRequestOwner
{
    private readonly Simulation _simulation;
    private readonly RequestQueue _waiting = new();
    private long _requests;

    public Resource(Simulation simulation, int capacity)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A resource needs a capacity of at least 1.");
        _simulation = simulation;
        Capacity = capacity;
    }

    public Simulation Simulation => _simulation;
    public int Capacity { get; }
    public int InUse { get; private set; }
    public int QueueLength => _waiting.Count;

    public ResourceRequest Request()
    {
        var request = new ResourceRequest(_simulation, this, priority: 0, preempt: false, _requests++);
        if (InUse < Capacity && _waiting.Count == 0) Grant(request);
        else _waiting.AddLast(request);
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
                request.State = RequestState.Released;
                break;
            case RequestState.Granted:
                request.State = RequestState.Released;
                InUse--;
                while (InUse < Capacity && _waiting.First is { } next)
                {
                    _waiting.Remove(next);
                    Grant(next);
                }
                break;
            default:
                throw new InvalidOperationException("This resource request was already released; release each request once.");
        }
    }

    private void Grant(ResourceRequest request)
    {
        InUse++;
        request.State = RequestState.Granted;
        request.GrantedAt = _simulation.Now;
        request.Succeed();
    }
}
