namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>
/// Everything a planner may read: the aggregated requests, the free slots per tier, and the predictor
/// with the current link state and scaling factors.
/// </summary>
public sealed record PlanningContext(
    IReadOnlyList<Request> Requests,
    IReadOnlyList<int> FreeSlots,
    LatencyPredictorView Predictor)
{
    /// <summary>
    /// The aggregator's groups of <see cref="Requests"/> (consecutive runs, in planning order), so a
    /// planner that groups the same way (per model with multi-task, per model and task without) uses
    /// them instead of grouping again. Null when no aggregator ran (t2c plan, benchmarks, tests): the
    /// planner groups the requests itself, in the same order.
    /// </summary>
    public IReadOnlyList<RequestGroup>? Groups { get; init; }

    /// <summary>
    /// What the controller has lost (outages): each instance sees no slot from its path's first lost
    /// node or link on (PathSlots). Null: nothing lost (t2c plan, benchmarks, tests).
    /// </summary>
    public PathReach? Reach { get; init; }
}
