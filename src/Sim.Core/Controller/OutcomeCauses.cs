namespace T2CSim.Core.Controller;

/// <summary>Which outcome each cause belongs to, and which unserved causes had started running.</summary>
public static class OutcomeCauses
{
    public static RequestOutcome Outcome(this OutcomeCause cause) => cause switch
    {
        OutcomeCause.Served => RequestOutcome.Served,
        OutcomeCause.MissedLatency or OutcomeCause.MissedAccuracy or OutcomeCause.MissedLatencyAndAccuracy => RequestOutcome.Missed,
        _ => RequestOutcome.Unserved,
    };

    /// <summary>The cause of a request that ran, from which requirements it met.</summary>
    public static OutcomeCause Ran(bool latencyOk, bool accuracyOk) => (latencyOk, accuracyOk) switch
    {
        (true, true) => OutcomeCause.Served,
        (false, true) => OutcomeCause.MissedLatency,
        (true, false) => OutcomeCause.MissedAccuracy,
        _ => OutcomeCause.MissedLatencyAndAccuracy,
    };

    /// <summary>Unserved after its inference started (it was running), as opposed to never started or lost with a tier.</summary>
    public static bool IsUnfinished(this OutcomeCause cause) => cause is OutcomeCause.RunningAtEnd or OutcomeCause.GivenUp;
}
