namespace T2CSim.Core.Controller;

using T2CSim.Core.Planning;

/// <summary>
/// The controller's periods and costs (slides, "Evaluation Setup"). Loaded from a scenario's
/// `controller:` section; every value in seconds.
/// </summary>
public sealed record ControllerSettings
{
    /// <summary>How often the aggregator hands queued requests to the planner (planning 10 s, operation 20 s).</summary>
    public double AggregationPeriodS { get; init; } = 10;
    /// <summary>How often the reconfiguration manager checks deployed models (45 s).</summary>
    public double ReconfigurationPeriodS { get; init; } = 45;
    /// <summary>Sliding window of the scaling factors' logs (1 min).</summary>
    public double ScalingWindowS { get; init; } = 60;
    /// <summary>Time from plan to a model serving: the container launch of the testbed.</summary>
    public double DeploymentTimeS { get; init; } = 2;
    /// <summary>Time a reconfigured model does not serve while its partitions are reloaded.</summary>
    public double ReconfigurationDowntimeS { get; init; } = 0.5;
    /// <summary>A deployed model whose satisfied ratio over the last period falls below this is reconfigured.</summary>
    public double ReconfigurationThreshold { get; init; } = 0.9;
    /// <summary>How long a deployed model with no request attached stays up before its slots are freed.</summary>
    public double IdleTimeoutS { get; init; } = 30;
    /// <summary>
    /// A request still queued this long after its arrival is given up ("expired in queue"); 0 keeps
    /// it queued until the end of the run (the default: the thesis measures queuing time apart from
    /// latency and says nothing of requests expiring).
    /// </summary>
    public double QueueTimeoutS { get; init; }
    /// <summary>How often each agent sends a status report on the control plane.</summary>
    public double StatusReportPeriodS { get; init; } = 1;
    /// <summary>
    /// Scale each link's predicted transfer time by a learned per-link factor (measured transfer /
    /// predicted, over the scaling window), as the thesis scales compute per tier. Off by default: the
    /// thesis scales compute only (docs/model.md, "Link scaling factors").
    /// </summary>
    public bool LinkScaling { get; init; }

    /// <summary>
    /// How a reconfiguration is carried out (docs/algorithms.md, "Reconfiguration cost"). Hold (default,
    /// the thesis): the model does not serve for reconfiguration_downtime_s and requests attached
    /// meanwhile wait. PauseResume and Switching are NEUKONFIG's two mechanisms.
    /// </summary>
    public ReconfigurationMechanism ReconfigurationMechanism { get; init; } = ReconfigurationMechanism.Hold;
    /// <summary>Pause-and-resume: the time the old partition is stopped before the new one serves (NEUKONFIG measured about 6 s).</summary>
    public double PauseResumeDowntimeS { get; init; } = 6;
    /// <summary>Switching: the time the new partitions take to start beside the old ones (NEUKONFIG measured about 0.6 s).</summary>
    public double SwitchingTimeS { get; init; } = 0.6;

    /// <summary>Adaptive aggregation period (T2C_MHE-A): the shortest period it may choose.</summary>
    public double AggregationPeriodMinS { get; init; } = 5;
    /// <summary>Adaptive aggregation period: the longest period it may choose.</summary>
    public double AggregationPeriodMaxS { get; init; } = 40;
    /// <summary>Adaptive aggregation period: how many arrivals a plan should see (the period follows requests_per_plan / arrival rate).</summary>
    public double AggregationRequestsPerPlan { get; init; } = 10;
}
