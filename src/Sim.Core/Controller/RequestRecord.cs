namespace T2CSim.Core.Controller;

using T2CSim.Core.Domain;

/// <summary>What finally happened to a request. Arrived = served + missed + unserved, always.</summary>
public enum RequestOutcome
{
    /// <summary>Ran, and met both its accuracy and its latency requirement.</summary>
    Served,
    /// <summary>Ran, but missed a requirement (see the reason).</summary>
    Missed,
    /// <summary>Never produced a result: still queued at the end, still running at the end, or lost with an agent.</summary>
    Unserved,
}

/// <summary>How a request came to run on a deployment.</summary>
public enum Attachment { None, Planned, Hitchhiked }

/// <summary>The life of one request through the controller: the row of requests.csv.</summary>
public sealed class RequestRecord
{
    public Request Request { get; }
    public Attachment Attachment { get; internal set; }
    public int DeploymentId { get; internal set; } = -1;
    public string Exit { get; internal set; } = "";
    public double ExitAccuracy { get; internal set; } = double.NaN;
    public string Partition { get; internal set; } = "";
    public double PredictedLatencyS { get; internal set; } = double.NaN;
    /// <summary>When its inference started (the frame was captured): the end of its queuing.</summary>
    public double StartedS { get; internal set; } = double.NaN;
    public double CompletedS { get; internal set; } = double.NaN;
    public RequestOutcome Outcome { get; internal set; } = RequestOutcome.Unserved;
    public string Reason { get; internal set; } = "queued at end";

    public RequestRecord(Request request) => Request = request;

    public double QueuingS => double.IsNaN(StartedS) ? double.NaN : StartedS - Request.ArrivalS;
    public double LatencyS => CompletedS - StartedS;
    public bool Ran => Outcome is RequestOutcome.Served or RequestOutcome.Missed;

    internal void Finish(double completedS)
    {
        CompletedS = completedS;
        bool latencyOk = LatencyS <= Request.MaxLatencyS;
        bool accuracyOk = ExitAccuracy >= Request.MinAccuracy;
        Outcome = latencyOk && accuracyOk ? RequestOutcome.Served : RequestOutcome.Missed;
        Reason = (latencyOk, accuracyOk) switch
        {
            (true, true) => "",
            (false, true) => "latency",
            (true, false) => "accuracy",
            _ => "latency and accuracy",
        };
    }
}
