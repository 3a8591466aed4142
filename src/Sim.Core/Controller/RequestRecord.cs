namespace T2CSim.Core.Controller;

using T2CSim.Core.Domain;

/// <summary>
/// The life of one request through the controller: the row of requests.csv. A view of its row in the
/// run's <see cref="RequestLog"/> (where the values live, reference-free): two records of the same
/// row are equal, whether the controller's or one the log handed out when read.
/// </summary>
public sealed class RequestRecord : IEquatable<RequestRecord>
{
    private RequestLog _log;
    private int _row;
    // The controller's record keeps the request it was made for; a view made when the log is read
    // builds it from the row on first use.
    private Request? _request;

    /// <summary>A record of its own (not yet in a run's log), as a test or a planner's grouping makes one.</summary>
    public RequestRecord(Request request) : this(new RequestLog(), 0, null) => _request = _log.Record(request).Request;

    internal RequestRecord(RequestLog log, int row, Request? request = null)
    {
        _log = log;
        _row = row;
        _request = request;
    }

    internal int RowIndex => _row;
    private ref RequestRow Row => ref _log.Row(_row);

    public Request Request => _request ??= MakeRequest();

    /// <summary>The request's arrival time, read from the row: a view read once (the metrics' passes over
    /// the log) need not build its request for it.</summary>
    public double ArrivalS => Row.ArrivalS;

    public Attachment Attachment { get => Row.Attachment; internal set => Row.Attachment = value; }
    public int DeploymentId { get => Row.DeploymentId; internal set => Row.DeploymentId = value; }
    public string Exit { get => _log.Names[Row.Exit]; internal set => Row.Exit = _log.Names.IndexOf(value); }
    public double ExitAccuracy { get => Row.ExitAccuracy; internal set => Row.ExitAccuracy = value; }
    public string Partition { get => _log.Names[Row.Partition]; internal set => Row.Partition = _log.Names.IndexOf(value); }
    public double PredictedLatencyS { get => Row.PredictedLatencyS; internal set => Row.PredictedLatencyS = value; }
    /// <summary>When its inference started (the frame was captured): the end of its queuing.</summary>
    public double StartedS { get => Row.StartedS; internal set => Row.StartedS = value; }
    public double CompletedS { get => Row.CompletedS; internal set => Row.CompletedS = value; }
    /// <summary>Why it ended as it did (while in flight: what it would be if the run ended now).</summary>
    public OutcomeCause Cause => Row.Cause;
    public RequestOutcome Outcome => Cause.Outcome();
    /// <summary>The cause in requests.csv's words (<see cref="OutcomeText"/>).</summary>
    public string Reason => OutcomeText.Reason(Cause, GivenUpBecause);

    internal string? GivenUpBecause => Row.GivenUpBecause < 0 ? null : _log.Names[Row.GivenUpBecause];

    public double QueuingS => double.IsNaN(StartedS) ? double.NaN : StartedS - Row.ArrivalS;
    public double LatencyS => CompletedS - StartedS;
    public bool Ran => Outcome is RequestOutcome.Served or RequestOutcome.Missed;

    /// <summary>Moves the request to an unserved cause (in flight, or final: rejected, lost, expired).</summary>
    internal void Mark(OutcomeCause cause)
    {
        if (cause.Outcome() != RequestOutcome.Unserved) throw new ArgumentException($"{cause} is set by Finish", nameof(cause));
        Row.Cause = cause;
    }

    /// <summary>The world gave its inference up, in its own words.</summary>
    internal void GiveUp(string because)
    {
        ref var row = ref Row;
        row.Cause = OutcomeCause.GivenUp;
        row.GivenUpBecause = _log.Names.IndexOf(because);
    }

    internal void Finish(double completedS)
    {
        ref var row = ref Row;
        row.CompletedS = completedS;
        row.Cause = OutcomeCauses.Ran(row.CompletedS - row.StartedS <= row.MaxLatencyS, row.ExitAccuracy >= row.MinAccuracy);
    }

    /// <summary>The record now views row `row` of `log` (RequestLog.Add copied it there).</summary>
    internal void MoveTo(RequestLog log, int row)
    {
        _log = log;
        _row = row;
    }

    private Request MakeRequest()
    {
        ref var r = ref Row;
        return new Request(r.Id, r.ArrivalS, _log.Names[r.Model], _log.Names[r.Task], r.MinAccuracy, r.MaxLatencyS);
    }

    public bool Equals(RequestRecord? other) => other is not null && ReferenceEquals(_log, other._log) && _row == other._row;
    public override bool Equals(object? obj) => Equals(obj as RequestRecord);
    public override int GetHashCode() => _row;
}
