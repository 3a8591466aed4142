namespace T2CSim.Core.Controller;

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
}
