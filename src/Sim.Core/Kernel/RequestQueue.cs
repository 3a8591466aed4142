namespace T2CSim.Core.Kernel;

/// <summary>
/// The waiting line of a resource: a doubly linked list threaded through the requests themselves,
/// so withdrawing a request from the middle is O(1) and queuing allocates nothing.
/// </summary>
internal sealed class RequestQueue
{
    private ResourceRequest? _first;
    private ResourceRequest? _last;

    public int Count { get; private set; }
    public ResourceRequest? First => _first;

    public void AddLast(ResourceRequest request) => InsertAfter(_last, request);

    /// <summary>Behind every request of the same or a better (lower) priority: FIFO within a priority.
    /// Scans from the back, so a line of equal priorities costs O(1).</summary>
    public void AddByPriority(ResourceRequest request)
    {
        var after = _last;
        while (after is not null && after.Priority > request.Priority) after = after.Previous;
        InsertAfter(after, request);
    }

    public void Remove(ResourceRequest request)
    {
        if (request.Previous is null) _first = request.Next; else request.Previous.Next = request.Next;
        if (request.Next is null) _last = request.Previous; else request.Next.Previous = request.Previous;
        request.Previous = request.Next = null;
        Count--;
    }

    private void InsertAfter(ResourceRequest? after, ResourceRequest request)
    {
        request.Previous = after;
        request.Next = after is null ? _first : after.Next;
        if (request.Next is null) _last = request; else request.Next.Previous = request;
        if (after is null) _first = request; else after.Next = request;
        Count++;
    }
}
