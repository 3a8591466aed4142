namespace T2CSim.Core.Controller;

/// <summary>
/// One request's row of the run log (<see cref="RequestLog"/>): the request and its life, all numbers
/// and indices into the log's <see cref="NameTable"/>. It holds no reference, so the million rows of a
/// 10,000-device run are a few arrays the GC never traces (docs/topology.md, "Scale").
/// </summary>
internal struct RequestRow
{
    // The request (Domain.Request), its names as indices.
    public int Id;
    public double ArrivalS;
    public int Model;
    public int Task;
    public double MinAccuracy;
    public double MaxLatencyS;

    // Its life (RequestRecord's properties).
    public Attachment Attachment;
    public int DeploymentId;
    public int Exit;
    public double ExitAccuracy;
    public int Partition;
    public double PredictedLatencyS;
    public double StartedS;
    public double CompletedS;
    public OutcomeCause Cause;
    /// <summary>The world's words when it gave the inference up; -1 for none.</summary>
    public int GivenUpBecause;
}
