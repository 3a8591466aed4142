namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>
/// One model instance a planner may deploy and the requests it would serve: with multi-task, all
/// requested tasks of a model; without (NEU, Edgent), a single task of a model. A value over the
/// arrays of the InstanceDemands that built it, valid until that is disposed.
/// </summary>
internal readonly struct InstanceDemand
{
    public ModelSpec Model { get; }
    public ArraySegment<TaskDemand> Tasks { get; }
    public int RequestCount { get; }
    /// <summary>Deepest path among the tasks: cuts beyond it change nothing, so none are enumerated.</summary>
    public int MaxDepth { get; }

    public InstanceDemand(ModelSpec model, ArraySegment<TaskDemand> tasks)
    {
        Model = model;
        Tasks = tasks;
        foreach (var t in tasks)
        {
            RequestCount += t.RequestCount;
            MaxDepth = Math.Max(MaxDepth, t.Task.Depth);
        }
    }

    public string Label => Tasks.Count == 1 ? $"{Model.Name}/{Tasks[0].Task.Name}" : Model.Name;
}
