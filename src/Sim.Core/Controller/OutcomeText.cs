namespace T2CSim.Core.Controller;

/// <summary>
/// The one mapping from a request's cause to the reason text of requests.csv. The texts are the ones
/// the controller wrote before causes were typed, so the files stay byte-identical.
/// </summary>
public static class OutcomeText
{
    /// <param name="detail">The world's own words for <see cref="OutcomeCause.GivenUp"/>; ignored otherwise.</param>
    public static string Reason(OutcomeCause cause, string? detail = null) => cause switch
    {
        OutcomeCause.Served => "",
        OutcomeCause.MissedLatency => "latency",
        OutcomeCause.MissedAccuracy => "accuracy",
        OutcomeCause.MissedLatencyAndAccuracy => "latency and accuracy",
        OutcomeCause.QueuedAtEnd => "queued at end",
        OutcomeCause.WaitingForModelAtEnd => "waiting for its model at end",
        OutcomeCause.RunningAtEnd => "running at end",
        OutcomeCause.ExpiredInQueue => "expired in queue",
        OutcomeCause.RejectedSaturated => "rejected: saturated",
        OutcomeCause.RejectedInfeasible => "rejected: infeasible",
        OutcomeCause.LostWithAgent => "lost with its agent",
        OutcomeCause.LostToReconfigurationDowntime => "lost to reconfiguration downtime",
        OutcomeCause.GivenUp => detail ?? "given up",
        _ => throw new ArgumentOutOfRangeException(nameof(cause), cause, null),
    };
}
