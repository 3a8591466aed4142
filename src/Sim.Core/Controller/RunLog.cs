namespace T2CSim.Core.Controller;

/// <summary>Something the controller or the world did, for the timeline and the plots.</summary>
public sealed record ControllerEvent(double TimeS, string Kind, string Detail);

/// <summary>
/// Everything a run leaves behind: every request's record (in arrival order), the controller's
/// events, and the deployments made. The metrics and the CSV files are computed from it.
/// </summary>
public sealed class RunLog
{
    public RequestLog Requests { get; } = new();
    public List<ControllerEvent> Events { get; } = [];
    public List<Deployment> Deployments { get; } = [];

    public void Event(double timeS, string kind, string detail) => Events.Add(new ControllerEvent(timeS, kind, detail));
}
