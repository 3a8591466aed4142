namespace T2CSim.Core.Controller;

using T2CSim.Core.Domain;

/// <summary>The life of one request through the controller: the row of requests.csv.</summary>
public sealed class RequestRecord
{
    private string? _givenUpBecause;

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
    /// <summary>Why it ended as it did (while in flight: what it would be if the run ended now).</summary>
    public OutcomeCause Cause { get; private set; } = OutcomeCause.QueuedAtEnd;
    public RequestOutcome Outcome => Cause.Outcome();
    /// <summary>The cause in requests.csv's words (<see cref="OutcomeText"/>).</summary>
    public string Reason => OutcomeText.Reason(Cause, _givenUpBecause);

    public RequestRecord(Request request) => Request = request;

    public double QueuingS => double.IsNaN(StartedS) ? double.NaN : StartedS - Request.ArrivalS;
    public double LatencyS => CompletedS - StartedS;
    public bool Ran => Outcome is RequestOutcome.Served or RequestOutcome.Missed;

    /// <summary>Moves the request to an unserved cause (in flight, or final: rejected, lost, expired).</summary>
    internal void Mark(OutcomeCause cause)
    {
        if (cause.Outcome() != RequestOutcome.Unserved) throw new ArgumentException($"{cause} is set by Finish", nameof(cause));
        Cause = cause;
    }

    /// <summary>The world gave its inference up, in its own words.</summary>
    internal void GiveUp(string because)
    {
        Cause = OutcomeCause.GivenUp;
        _givenUpBecause = because;
    }

    internal void Finish(double completedS)
    {
        CompletedS = completedS;
        Cause = OutcomeCauses.Ran(LatencyS <= Request.MaxLatencyS, ExitAccuracy >= Request.MinAccuracy);
    }
}
