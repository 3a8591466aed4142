namespace T2CSim.Core.Controller;

using T2CSim.Core.Domain;
using T2CSim.Core.Planning;

/// <summary>
/// Load-aware prediction and admission (T2C_MHE-L; docs/algorithms.md, "Load-aware admission"). The
/// slides' predictor has no queueing term, so under load hitchhiking keeps attaching requests to a
/// deployment that cannot serve them in time. Here a request's predicted latency on a deployment is
/// the slides' prediction plus the work queued before it on each tier and link of its path
/// (<see cref="InferenceLoad"/>); hitchhiking, and the requests a plan attaches to a new deployment,
/// use it; and a request that neither a deployment nor the free slots can serve in time is reported
/// unserved at once, with its cause, instead of waiting in the queue to the end of the run. Requests
/// a saturated deployment turns away go to the planner, which launches another instance of the model
/// when slots are free.
/// </summary>
public sealed class LoadAwareAdmission
{
    /// <summary>Cause of a request turned away because every deployment that could serve it is too loaded and no free slot can.</summary>
    public static readonly string SaturatedReason = OutcomeText.Reason(OutcomeCause.RejectedSaturated);
    /// <summary>Cause of a request no configuration can serve even on an idle continuum with every slot free.</summary>
    public static readonly string InfeasibleReason = OutcomeText.Reason(OutcomeCause.RejectedInfeasible);

    private readonly IDeploymentPlanner _planner;
    private readonly int[] _allSlots;
    private readonly Action<TimeSpan> _countPlannerCall;
    private readonly Dictionary<Deployment, InferenceLoad.Job> _reservations = new(ReferenceEqualityComparer.Instance);

    public LoadAwareAdmission(Topology topology, IDeploymentPlanner planner, Action<TimeSpan> countPlannerCall)
    {
        _planner = planner;
        _countPlannerCall = countPlannerCall;
        _allSlots = topology.Tiers.Select(t => t.Slots).ToArray();
        Load = new InferenceLoad(topology);
        Hitchhiking = new Hitchhiking((d, exit, view) => Load.QueueS(d, d.Model, exit, d.Plan.Partition, view.Network));
    }

    public InferenceLoad Load { get; }

    /// <summary>
    /// Hitchhiking with the slides' prediction plus the queueing term: among the deployments whose exit
    /// meets the request's accuracy and whose loaded prediction meets its latency, the lowest loaded
    /// prediction (then the oldest deployment). Null from FindRide: no deployment serves it in time.
    /// </summary>
    public Hitchhiking Hitchhiking { get; }

    /// <summary>
    /// A new deployment's partitions are empty, but the tiers' cores and the links it shares are not:
    /// of the requests a plan attached to it, those whose predicted latency plus that queueing term
    /// misses their requirement are taken off it (into `unplaced`). A deployment left with no request
    /// is dropped, so it takes no slots.
    /// </summary>
    internal List<(Deployment Deployment, List<RequestRecord> Requests)> KeepServable(
        List<(Deployment Deployment, List<RequestRecord> Requests)> deployed, List<RequestRecord> unplaced, LatencyPredictorView view)
    {
        var kept = new List<(Deployment, List<RequestRecord>)>(deployed.Count);
        foreach (var (deployment, requests) in deployed)
        {
            var serving = new List<RequestRecord>(requests.Count);
            foreach (var r in requests)
            {
                var assignment = deployment.Plan.ForTask(r.Request.Task)!;
                var exit = deployment.Model.Task(r.Request.Task).Exits[assignment.ExitIndex];
                double queue = Load.QueueS(null, deployment.Model, exit, deployment.Plan.Partition, view.Network);
                if (assignment.PredictedLatencyS + queue <= r.Request.MaxLatencyS) serving.Add(r);
                else unplaced.Add(r);
            }
            if (serving.Count == 0) continue;
            kept.Add((deployment, serving));
            // Its first inference will start when it is up: the next deployments of this plan share
            // tiers and links with it, so they see it queued (released when it starts, or if it stops).
            _reservations[deployment] = Load.Reserve(deployment, FirstInference(deployment, serving), view.Tau);
        }
        return kept;
    }

    /// <summary>A deployment just planned is up (or stopped): its reservation gives way to the real inference.</summary>
    internal void Started(Deployment deployment)
    {
        if (_reservations.Remove(deployment, out var reserved)) Load.Release(reserved);
    }

    private static InferenceJob FirstInference(Deployment deployment, List<RequestRecord> requests)
    {
        var tasks = new List<(TaskSpec, ExitSpec)>();
        foreach (var task in deployment.Model.Tasks)
            if (requests.Any(r => r.Request.Task == task.Name) && deployment.Plan.ForTask(task.Name) is { } a)
                tasks.Add((task, task.Exits[a.ExitIndex]));
        return new InferenceJob(tasks, deployment.Plan.Partition, double.NaN, requests, (_, _, _) => { }, (_, _, _) => { });
    }

    /// <summary>
    /// Why a request that no deployment can serve in time cannot wait for a plan either, or null when
    /// it can: the algorithm's own planner, given this request alone and the free slots, serves it
    /// (so the next aggregation can). Infeasible: not even with every slot of the topology free.
    /// </summary>
    /// <param name="reach">What outages have cut (ResourceMonitor.Reach): a request whose path is cut is saturated, not infeasible.</param>
    public OutcomeCause? RejectionCause(Request request, int[] freeSlots, LatencyPredictorView view, PathReach? reach = null)
    {
        if (Plannable(request, freeSlots, view, reach)) return null;
        return Plannable(request, _allSlots, view, null) ? OutcomeCause.RejectedSaturated : OutcomeCause.RejectedInfeasible;
    }

    private bool Plannable(Request request, int[] slots, LatencyPredictorView view, PathReach? reach)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var plan = _planner.Plan(new PlanningContext([request], slots, view) { Reach = reach });
        _countPlannerCall(System.Diagnostics.Stopwatch.GetElapsedTime(start));
        foreach (var d in plan.Deployments)
            if (d.ServedRequestIds.Count > 0) return true;
        return false;
    }
}
