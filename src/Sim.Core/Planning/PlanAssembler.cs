namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>Turns chosen configurations into the public plan records (one place, for every planner).</summary>
internal sealed class PlanAssembler
{
    private readonly string _algorithm;
    private readonly IReadOnlyList<Request> _requests;
    private readonly int[] _slotsUsed;
    private readonly List<ModelDeployment> _deployments = [];

    public PlanAssembler(string algorithm, IReadOnlyList<Request> requests, int tiers)
    {
        _algorithm = algorithm;
        _requests = requests;
        _slotsUsed = new int[tiers];
    }

    public void Add(InstanceDemand demand, Configuration chosen)
    {
        _deployments.Add(ToDeployment(demand, chosen));
        for (int k = 0; k < _slotsUsed.Length; k++)
            if ((chosen.Mask >> k & 1) != 0) _slotsUsed[k]++;
    }

    public DeploymentPlan Build()
    {
        var served = new HashSet<int>();
        foreach (var d in _deployments) served.UnionWith(d.ServedRequestIds);
        var unplaced = new List<int>();
        foreach (var r in _requests)
            if (!served.Contains(r.Id)) unplaced.Add(r.Id);
        unplaced.Sort();
        return new DeploymentPlan(_algorithm, _deployments, _slotsUsed, unplaced);
    }

    public static ModelDeployment ToDeployment(InstanceDemand demand, Configuration chosen)
    {
        var tasks = new List<TaskAssignment>(demand.Tasks.Length);
        var served = new List<int>();
        for (int t = 0; t < demand.Tasks.Length; t++)
        {
            int e = chosen.Exits[t];
            if (e < 0) continue;
            var task = demand.Tasks[t];
            tasks.Add(new TaskAssignment(task.Task.Name, e, task.Task.Exits[e].Accuracy, chosen.LatencyS[t]));
            task.CollectServed(e, chosen.LatencyS[t], served);
        }
        served.Sort();
        return new ModelDeployment(demand.Model.Name, chosen.Cuts, tasks, TierUsage.Tiers(chosen.Mask), served);
    }
}
