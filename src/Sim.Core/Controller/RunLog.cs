namespace T2CSim.Core.Controller;

using T2CSim.Core.Collections;

/// <summary>Something the controller or the world did, for the timeline and the plots.</summary>
public sealed record ControllerEvent(double TimeS, string Kind, string Detail);

/// <summary>
/// Everything a run leaves behind: every request's record (in arrival order), the controller's
/// events, and the deployments made. The metrics and the CSV files are computed from it.
/// </summary>
public sealed class RunLog
{
    public RequestLog Requests { get; } = new();
    // Chunked: both grow for the whole run (tens of thousands of deployments, and their events, at
    // 10,000 devices), and a list's doubling arrays would be re-allocated on the large object heap.
    public ChunkedList<ControllerEvent> Events { get; } = new();
    public ChunkedList<Deployment> Deployments { get; } = new();

    public void Event(double timeS, string kind, string detail) => Events.Add(new ControllerEvent(timeS, kind, detail));
}
