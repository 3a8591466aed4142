namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>
/// One model instance a planner may deploy and the requests it would serve: with multi-task, all
/// requested tasks of a model; without (NEU, Edgent), a single task of a model.
/// </summary>
internal sealed class InstanceDemand
{
    public ModelSpec Model { get; }
    public TaskDemand[] Tasks { get; }
    public int RequestCount { get; }
    /// <summary>Deepest path among the tasks: cuts beyond it change nothing, so none are enumerated.</summary>
    public int MaxDepth { get; }

    public InstanceDemand(ModelSpec model, TaskDemand[] tasks)
    {
        Model = model;
        Tasks = tasks;
        foreach (var t in tasks)
        {
            RequestCount += t.Requests.Count;
            MaxDepth = Math.Max(MaxDepth, t.Task.Depth);
        }
    }

    public string Label => Tasks.Length == 1 ? $"{Model.Name}/{Tasks[0].Task.Name}" : Model.Name;

    /// <summary>
    /// Groups requests into instances (per model with multi-task, per model and task without), ordered
    /// as the thesis's planners serve them: most requests first, ties by model then task name (ordinal)
    /// so plans do not depend on request order. Tasks inside an instance follow the model's task order.
    /// </summary>
    public static List<InstanceDemand> Group(IReadOnlyList<Request> requests, ModelCatalog catalog, bool multiTask)
    {
        var byModel = new Dictionary<string, List<Request>[]>(StringComparer.Ordinal);
        foreach (var r in requests)
        {
            if (!catalog.TryGet(r.Model, out var model)) throw new UserInputException(null, $"request {r.Id}", $"unknown model '{r.Model}'");
            int t = model.TaskIndex(r.Task);
            if (t < 0) throw new UserInputException(null, $"request {r.Id}", $"model '{r.Model}' has no task '{r.Task}'");
            if (!byModel.TryGetValue(r.Model, out var perTask)) byModel[r.Model] = perTask = new List<Request>[model.Tasks.Count];
            (perTask[t] ??= []).Add(r);
        }
        var instances = new List<InstanceDemand>();
        foreach (var (name, perTask) in byModel)
        {
            var model = catalog[name];
            var tasks = new List<TaskDemand>();
            for (int t = 0; t < perTask.Length; t++)
                if (perTask[t] is { } list) tasks.Add(new TaskDemand(model.Tasks[t], list));
            if (multiTask) instances.Add(new InstanceDemand(model, tasks.ToArray()));
            else foreach (var task in tasks) instances.Add(new InstanceDemand(model, [task]));
        }
        instances.Sort(static (a, b) =>
        {
            int c = b.RequestCount.CompareTo(a.RequestCount);
            if (c != 0) return c;
            c = string.CompareOrdinal(a.Model.Name, b.Model.Name);
            return c != 0 ? c : string.CompareOrdinal(a.Tasks[0].Task.Name, b.Tasks[0].Task.Name);
        });
        return instances;
    }
}
