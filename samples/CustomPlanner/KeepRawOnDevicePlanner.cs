namespace T2CSim.Samples;

using T2CSim.Core.Domain;
using T2CSim.Core.Planning;

/// <summary>
/// A researcher's planner: privacy first. Raw camera frames never leave the device, so every
/// partition runs at least the first layer there (P >= 1); otherwise it plans like the thesis's greedy
/// algorithm: models with the most requests first, one multi-task instance each, and for every
/// candidate partition and requested task the exit serving the most requests; the partition serving
/// the most wins (ties: fewer slots, then the earlier partition). Written against the public API only.
/// </summary>
public sealed class KeepRawOnDevicePlanner : IDeploymentPlanner
{
    public string Name => "KEEP_RAW";

    public DeploymentPlan Plan(PlanningContext context)
    {
        var view = context.Predictor;
        var free = context.FreeSlots.ToArray();
        var deployments = new List<ModelDeployment>();
        var placed = new HashSet<int>();
        foreach (var group in context.Requests.GroupBy(r => r.Model).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var model = view.Catalog[group.Key];
            var tasks = group.GroupBy(r => r.Task).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
            (int Served, int Slots, ModelDeployment Plan)? best = null;
            foreach (var cuts in PartitionPoints.All(view.TierCount, model.MaxDepth).Where(c => c.Count == 0 || c.P >= 1))
            {
                var assignments = new List<TaskAssignment>();
                var served = new List<int>();
                int deepest = 0;
                foreach (var taskRequests in tasks)
                {
                    var task = model.Task(taskRequests.Key);
                    // The exit serving the most of this task's requests (ties: the earlier exit).
                    var choice = task.Exits
                        .Select(exit => (Exit: exit, LatencyS: view.Predict(model, task, exit, cuts)))
                        .Select(e => (e.Exit, e.LatencyS, Ids: taskRequests.Where(r => e.Exit.Accuracy >= r.MinAccuracy && e.LatencyS <= r.MaxLatencyS).Select(r => r.Id).ToList()))
                        .OrderByDescending(e => e.Ids.Count).First();
                    if (choice.Ids.Count == 0) continue;
                    assignments.Add(new TaskAssignment(task.Name, choice.Exit.Index, choice.Exit.Accuracy, choice.LatencyS));
                    served.AddRange(choice.Ids);
                    deepest = Math.Max(deepest, choice.Exit.After);
                }
                var tiers = Enumerable.Range(0, view.TierCount).Where(k => cuts.Runs(k, deepest)).ToList();
                if (served.Count == 0 || tiers.Any(k => free[k] <= 0)) continue;
                if (best is { } b && (served.Count < b.Served || (served.Count == b.Served && tiers.Count >= b.Slots))) continue;
                served.Sort();
                best = (served.Count, tiers.Count, new ModelDeployment(model.Name, cuts, assignments, tiers, served));
            }
            if (best is not { } chosen) continue;
            deployments.Add(chosen.Plan);
            foreach (int k in chosen.Plan.TiersUsed) free[k]--;
            placed.UnionWith(chosen.Plan.ServedRequestIds);
        }
        var slotsUsed = context.FreeSlots.Select((f, k) => f - free[k]).ToList();
        var unplaced = context.Requests.Select(r => r.Id).Where(id => !placed.Contains(id)).Order().ToList();
        return new DeploymentPlan(Name, deployments, slotsUsed, unplaced);
    }
}
