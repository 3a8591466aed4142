namespace T2CSim.Core.Controller;

using T2CSim.Core.Domain;
using T2CSim.Core.Planning;

/// <summary>
/// A model instance the controller has deployed: its current plan (exits and partition points),
/// its life cycle, and the requests attached to it. The controller owns it; the world only reads it.
/// </summary>
public sealed class Deployment
{
    public int Id { get; }
    public ModelSpec Model { get; }
    public ModelDeployment Plan { get; internal set; }
    public DeploymentState State { get; internal set; } = DeploymentState.Launching;
    public double PlannedAtS { get; }
    public double ReadyAtS { get; internal set; } = double.NaN;
    /// <summary>Tiers whose slots this deployment holds (fixed for life: reconfiguration stays within them).</summary>
    public IReadOnlyList<int> Tiers { get; }

    /// <summary>Requests attached while the deployment could not serve yet (launching or reconfiguring).</summary>
    internal List<RequestRecord> Waiting { get; set; } = [];
    /// <summary>Requests whose inference is running now.</summary>
    internal HashSet<RequestRecord> Running { get; } = [];
    internal double LastActivityS { get; set; }
    /// <summary>Requests completed since the reconfiguration manager last looked: its runtime-performance window.</summary>
    internal List<RequestRecord> RecentlyCompleted { get; } = [];

    public Deployment(int id, ModelSpec model, ModelDeployment plan, double plannedAtS)
    {
        Id = id;
        Model = model;
        Plan = plan;
        PlannedAtS = plannedAtS;
        LastActivityS = plannedAtS;
        Tiers = plan.TiersUsed.ToArray();
        Nodes = model.Path is { IsIdentity: false } path ? Tiers.Select(k => path.Nodes[k]).ToArray() : Tiers;
    }

    /// <summary>The nodes those slots are on (Tiers mapped through the model's device path; the chain: the same).</summary>
    public IReadOnlyList<int> Nodes { get; }

    /// <summary>Node `tier` of this deployment's path.</summary>
    public int NodeAt(int tier) => Model.Path is { } path ? path.Nodes[tier] : tier;
    /// <summary>Link `link` (path position) of this deployment's path, as a topology link index.</summary>
    public int LinkAt(int link) => Model.Path is { } path ? path.Links[link] : link;

    public bool Serves(string task) => Plan.ForTask(task) is not null;

    public override string ToString() => $"#{Id} {Model.Name}{Plan.Partition}";
}
