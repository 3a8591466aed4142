namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>
/// One deployed instance of a network: its partition points, the tiers it occupies (one slot on each
/// tier that runs at least one of its layers), the exit of each task it serves, and the requests it is
/// predicted to serve. Without multi-task (NEU, Edgent) an instance serves a single task.
/// </summary>
public sealed record ModelDeployment(
    string Model,
    PartitionPoints Partition,
    IReadOnlyList<TaskAssignment> Tasks,
    IReadOnlyList<int> TiersUsed,
    IReadOnlyList<int> ServedRequestIds)
{
    public TaskAssignment? ForTask(string task)
    {
        foreach (var t in Tasks) if (t.Task == task) return t;
        return null;
    }
}
