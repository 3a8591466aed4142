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
        // An index loop: foreach over the IReadOnlyList boxed an enumerator on every call, and the
        // controller asks several times per request (under overload, hundreds of thousands of times).
        var tasks = Tasks;
        for (int i = 0; i < tasks.Count; i++)
            if (tasks[i].Task == task) return tasks[i];
        return null;
    }
}
