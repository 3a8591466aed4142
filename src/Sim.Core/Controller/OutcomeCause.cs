namespace T2CSim.Core.Controller;

/// <summary>
/// Why a request ended as it did: one value per kind of outcome, so metrics count requests without
/// reading strings. While a request is still in flight its cause is what its outcome would be if the
/// run ended now (queued, waiting for its model, running); it moves on as the request does.
/// The text requests.csv prints for each cause is in <see cref="OutcomeText"/>.
/// </summary>
public enum OutcomeCause
{
    /// <summary>Ran and met both requirements.</summary>
    Served,
    /// <summary>Ran, too slowly.</summary>
    MissedLatency,
    /// <summary>Ran, on an exit less accurate than it asked for.</summary>
    MissedAccuracy,
    /// <summary>Ran, too slowly and on an exit less accurate than it asked for.</summary>
    MissedLatencyAndAccuracy,
    /// <summary>Still in the request queue at the end of the run.</summary>
    QueuedAtEnd,
    /// <summary>Attached to a deployment that was not serving yet at the end (launching or reconfiguring).</summary>
    WaitingForModelAtEnd,
    /// <summary>Its inference was still running at the end.</summary>
    RunningAtEnd,
    /// <summary>Waited in the queue longer than ControllerSettings.QueueTimeoutS.</summary>
    ExpiredInQueue,
    /// <summary>Load-aware admission: every deployment that could serve it is too loaded and no free slot can.</summary>
    RejectedSaturated,
    /// <summary>Load-aware admission: no configuration serves it even with every slot of the topology free.</summary>
    RejectedInfeasible,
    /// <summary>Running on a deployment whose path crossed a tier that was lost.</summary>
    LostWithAgent,
    /// <summary>Arrived while its deployment was paused by a pause-and-resume reconfiguration.</summary>
    LostToReconfigurationDowntime,
    /// <summary>The world gave its inference up (InferenceJob.Fail); the world's reason is the record's detail.</summary>
    GivenUp,
}
