namespace T2CSim.Core.Controller;

using System.Diagnostics;
using T2CSim.Core.Domain;
using T2CSim.Core.Planning;

/// <summary>
/// The slides' deployment manager: runs the deployment planner on the aggregated requests and the
/// free slots, launches the plan's model instances through the world (a model serves only once it
/// is up), and returns the requests the plan did not place to the queue.
/// </summary>
public sealed class DeploymentManager
{
    private readonly IDeploymentPlanner _planner;
    private readonly ModelCatalog _catalog;
    private int _nextId;

    public DeploymentManager(IDeploymentPlanner planner, ModelCatalog catalog)
    {
        _planner = planner;
        _catalog = catalog;
    }

    /// <summary>Wall time spent inside the planner: the thesis's "CPU utilization" of the algorithm.</summary>
    public TimeSpan PlannerTime { get; private set; }
    public int PlannerCalls { get; private set; }

    /// <summary>Plans for `queued` and returns the new deployments with their requests attached, and the leftovers.</summary>
    internal (List<(Deployment Deployment, List<RequestRecord> Requests)> Deployed, List<RequestRecord> Unplaced) Plan(
        IReadOnlyList<RequestRecord> queued, int[] freeSlots, LatencyPredictorView view, double now)
    {
        var byId = queued.ToDictionary(r => r.Request.Id);
        var context = new PlanningContext(queued.Select(r => r.Request).ToList(), freeSlots, view);
        long start = Stopwatch.GetTimestamp();
        var plan = _planner.Plan(context);
        PlannerTime += Stopwatch.GetElapsedTime(start);
        PlannerCalls++;

        var deployed = new List<(Deployment, List<RequestRecord>)>();
        var placed = new HashSet<int>();
        foreach (var md in plan.Deployments)
        {
            if (md.ServedRequestIds.Count == 0) continue;
            var deployment = new Deployment(_nextId++, _catalog[md.Model], md, now);
            var requests = new List<RequestRecord>();
            foreach (var id in md.ServedRequestIds)
                if (byId.TryGetValue(id, out var record) && placed.Add(id)) requests.Add(record);
            deployed.Add((deployment, requests));
        }
        var unplaced = queued.Where(r => !placed.Contains(r.Request.Id)).ToList();
        return (deployed, unplaced);
    }

    internal void CountPlannerCall(TimeSpan elapsed)
    {
        PlannerTime += elapsed;
        PlannerCalls++;
    }
}
