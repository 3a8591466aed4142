namespace T2CSim.Core.Planning;

using System.Buffers;
using T2CSim.Core.Domain;

/// <summary>
/// The instances of one planning call, in the order the planners serve them, and the storage behind
/// them. Requests are grouped by one counting sort on (model, task) into an index array, and every
/// task's sorted latency requirements share one buffer; all arrays come from ArrayPool and go back on
/// Dispose. This replaced a Dictionary plus a List per model and task and several arrays per task,
/// which at 5,000 models were most of the ~14 MB a planning call allocated (docs/algorithms.md).
/// </summary>
internal sealed class InstanceDemands : IDisposable
{
    /// <summary>The requests as the planner received them; Order and served marks index into it.</summary>
    public IReadOnlyList<Request> Source { get; }
    /// <summary>Indices into Source, grouped by instance and task (input order inside a task).</summary>
    public int[] Order { get; private set; }
    /// <summary>Per task and exit, the sorted latency requirements of the accuracy-eligible requests.</summary>
    public double[] Limits { get; private set; } = [];
    /// <summary>Where each (task, exit) slice of Limits starts; a task with E exits owns E + 1 entries (the last is its end).</summary>
    public int[] LimitStart { get; private set; } = [];
    /// <summary>
    /// Per position of Order, the request's latency and accuracy requirements and id, copied once
    /// (Gather) so that the per-task passes (sorting the requirements, the strictest exit, the served
    /// ids) read three dense arrays instead of chasing a Request object through the list per access.
    /// </summary>
    public double[] MaxLatencyS { get; private set; } = [];
    public double[] MinAccuracy { get; private set; } = [];
    public int[] Ids { get; private set; } = [];

    private TaskDemand[] _tasks = [];
    private double[] _latencyScratch = [], _accuracyScratch = [];
    private InstanceDemand[] _instances = [];
    private int _limitCount, _limitStartCount, _taskCount, _count;

    // The requests as an array or list read as a span: the per-request loops would otherwise make an
    // interface call per access. Any other IReadOnlyList is copied once.
    private readonly Request[]? _sourceArray;
    private readonly List<Request>? _sourceList;

    private ReadOnlySpan<Request> SourceSpan =>
        _sourceList is not null ? System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_sourceList) : _sourceArray;

    private InstanceDemands(IReadOnlyList<Request> source, int orderLength)
    {
        Source = source;
        if (source is List<Request> list) _sourceList = list;
        else _sourceArray = source as Request[] ?? [.. source];
        Order = ArrayPool<int>.Shared.Rent(orderLength);
        MaxLatencyS = ArrayPool<double>.Shared.Rent(orderLength);
        MinAccuracy = ArrayPool<double>.Shared.Rent(orderLength);
        Ids = ArrayPool<int>.Shared.Rent(orderLength);
    }

    /// <summary>Copies the requirements and ids of Order[from .. from + count) into the dense arrays.</summary>
    private void Gather(int from, int count)
    {
        var span = SourceSpan;
        for (int pos = from; pos < from + count; pos++)
        {
            var r = span[Order[pos]];
            MaxLatencyS[pos] = r.MaxLatencyS;
            MinAccuracy[pos] = r.MinAccuracy;
            Ids[pos] = r.Id;
        }
    }

    public ReadOnlySpan<InstanceDemand> Instances => _instances.AsSpan(0, _count);
    public int Count => _count;
    public InstanceDemand this[int i] => Instances[i];

    /// <summary>
    /// The instances of a planning call: from the aggregator's groups when it grouped as this planner
    /// does (<see cref="PlanningContext.Groups"/>), else by grouping the requests here. Both give the
    /// same instances in the same order (tests: InstanceGroupingTests).
    /// </summary>
    public static InstanceDemands Group(PlanningContext context, bool multiTask)
    {
        var catalog = context.Predictor.Catalog;
        return context.Groups is { } groups && GroupedAs(groups, multiTask)
            ? FromGroups(context.Requests, groups, catalog)
            : Group(context.Requests, catalog, multiTask);
    }

    /// <summary>Whether every group is what this planner would form: a whole model (multi-task) or one task of it.</summary>
    private static bool GroupedAs(IReadOnlyList<RequestGroup> groups, bool multiTask)
    {
        foreach (var g in groups)
            if ((g.Task is null) != multiTask) return false;
        return true;
    }

    /// <summary>
    /// One instance per aggregator group, in the groups' order; inside a multi-task group, the tasks in
    /// the model's task order, each task's requests in input order (as <see cref="Group(IReadOnlyList{Request}, ModelCatalog, bool)"/>).
    /// </summary>
    private static InstanceDemands FromGroups(IReadOnlyList<Request> requests, IReadOnlyList<RequestGroup> groups, ModelCatalog catalog)
    {
        int n = requests.Count;
        var store = new InstanceDemands(requests, n);
        try
        {
            // Check the groups against the requests, and size the buffers exactly (rented once).
            var models = new ModelSpec[groups.Count];
            int covered = 0, limits = 0, exitSlots = 0, tasks = 0, mostRequests = 0;
            int mostTasks = 0;
            for (int gi = 0; gi < groups.Count; gi++)
            {
                var g = groups[gi];
                if (g.Start != covered || g.Count <= 0) throw new ArgumentException($"group {gi} ({g.Model}) does not continue the requests at {covered}");
                if (!catalog.TryGet(g.Model, out var spec)) throw new UserInputException(null, $"request {requests[g.Start].Id}", $"unknown model '{g.Model}'");
                models[gi] = spec;
                mostTasks = Math.Max(mostTasks, spec.Tasks.Count);
                covered += g.Count;
                mostRequests = Math.Max(mostRequests, g.Count);
            }
            if (covered != n) throw new ArgumentException($"the groups cover {covered} of {n} requests");

            var taskOf = ArrayPool<int>.Shared.Rent(Math.Max(n, 1));
            var perTask = ArrayPool<int>.Shared.Rent(mostTasks + 1);
            try
            {
                var source = store.SourceSpan;
                for (int gi = 0; gi < groups.Count; gi++)
                {
                    var (g, spec) = (groups[gi], models[gi]);
                    Array.Clear(perTask, 0, spec.Tasks.Count);
                    for (int i = g.Start; i < g.Start + g.Count; i++)
                    {
                        var r = source[i];
                        int t = spec.TaskIndex(r.Task);
                        if (r.Model != g.Model || t < 0 || (g.Task is not null && r.Task != g.Task))
                            throw new ArgumentException($"request {r.Id} ({r.Model}/{r.Task}) is not of group {gi} ({g.Model}/{g.Task ?? "*"})");
                        taskOf[i] = t;
                        if (perTask[t]++ == 0)
                        {
                            exitSlots += spec.Tasks[t].Exits.Count + 1;
                            tasks++;
                        }
                        limits += spec.Tasks[t].Exits.Count;
                    }
                }
                store.Reserve(limits, exitSlots, tasks, groups.Count, mostRequests);

                for (int gi = 0; gi < groups.Count; gi++)
                {
                    var (g, spec) = (groups[gi], models[gi]);
                    // A stable counting sort of the group on the task index: tasks in the model's
                    // order, each task's requests in input order. perTask[t] is task t's start, then
                    // (after the scatter) its end.
                    Array.Clear(perTask, 0, spec.Tasks.Count + 1);
                    for (int i = g.Start; i < g.Start + g.Count; i++) perTask[taskOf[i] + 1]++;
                    for (int t = 0; t < spec.Tasks.Count; t++) perTask[t + 1] += perTask[t];
                    for (int i = g.Start; i < g.Start + g.Count; i++) store.Order[g.Start + perTask[taskOf[i]]++] = i;
                    store.Gather(g.Start, g.Count);
                    int firstTask = store._taskCount;
                    for (int t = 0, start = 0; t < spec.Tasks.Count; start = perTask[t++])
                        if (perTask[t] > start) store._tasks[store._taskCount++] = new TaskDemand(spec.Tasks[t], store, g.Start + start, perTask[t] - start);
                    store.AddInstance(spec, firstTask, store._taskCount - firstTask);
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(taskOf);
                ArrayPool<int>.Shared.Return(perTask);
            }
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Groups requests into instances (per model with multi-task, per model and task without), ordered
    /// as the thesis's planners serve them: most requests first, ties by model then task name (ordinal)
    /// so plans do not depend on request order. Tasks inside an instance follow the model's task order.
    /// </summary>
    public static InstanceDemands Group(IReadOnlyList<Request> requests, ModelCatalog catalog, bool multiTask)
    {
        int n = requests.Count, models = catalog.Models.Count;
        // Arrays rather than the IReadOnlyLists: these loops run per request and per model.
        var modelArray = catalog.ModelArray;
        var store = new InstanceDemands(requests, n);
        // Key of a request: its (model, task) numbered densely, taskBase[model] + task index.
        var taskBase = ArrayPool<int>.Shared.Rent(models + 1);
        var keyOf = ArrayPool<int>.Shared.Rent(n);
        int[] first = [], cursor = [];
        try
        {
            taskBase[0] = 0;
            for (int m = 0; m < models; m++) taskBase[m + 1] = taskBase[m] + modelArray[m].TaskArray.Length;
            int keys = taskBase[models];
            first = ArrayPool<int>.Shared.Rent(keys + 1);
            Array.Clear(first, 0, keys + 1);
            string? previousName = null, previousTask = null;
            int previous = -1, previousT = -1;
            var source = store.SourceSpan;
            for (int i = 0; i < n; i++)
            {
                var r = source[i];
                // The aggregator hands requests over grouped by model: reuse the previous lookup when
                // the name is the very same string, else hash it.
                int m;
                if (previous >= 0 && ReferenceEquals(r.Model, previousName)) m = previous;
                else if (!catalog.TryGetIndex(r.Model, out m)) throw new UserInputException(null, $"request {r.Id}", $"unknown model '{r.Model}'");
                // Likewise the task: the same model and the very same task string as the previous request.
                int t = m == previous && ReferenceEquals(r.Task, previousTask) ? previousT : modelArray[m].TaskIndex(r.Task);
                (previousName, previous, previousTask, previousT) = (r.Model, m, r.Task, t);
                if (t < 0) throw new UserInputException(null, $"request {r.Id}", $"model '{r.Model}' has no task '{r.Task}'");
                keyOf[i] = taskBase[m] + t;
                first[keyOf[i] + 1]++;
            }
            for (int k = 0; k < keys; k++) first[k + 1] += first[k];
            // Stable counting sort: requests of one (model, task) keep their input order.
            cursor = ArrayPool<int>.Shared.Rent(keys);
            Array.Copy(first, cursor, keys);
            for (int i = 0; i < n; i++) store.Order[cursor[keyOf[i]]++] = i;
            store.Gather(0, n);

            // Exact sizes first, so that the buffers are rented once.
            int limits = 0, exitSlots = 0, tasks = 0, instances = 0, mostRequests = 0;
            for (int m = 0; m < models; m++)
            {
                var specTasks = modelArray[m].TaskArray;
                int modelRequests = 0;
                for (int t = 0; t < specTasks.Length; t++)
                {
                    int count = first[taskBase[m] + t + 1] - first[taskBase[m] + t];
                    if (count == 0) continue;
                    limits += count * specTasks[t].ExitArray.Length;
                    exitSlots += specTasks[t].ExitArray.Length + 1;
                    tasks++;
                    modelRequests += count;
                    if (!multiTask) instances++;
                }
                if (multiTask && modelRequests > 0) instances++;
                mostRequests = Math.Max(mostRequests, modelRequests);
            }
            store.Reserve(limits, exitSlots, tasks, instances, mostRequests);

            // Instances are created in the tie-break order of the planning order (model name, then
            // task name, ordinal); a stable sort on the request count then completes it without
            // comparing strings. Tasks inside a multi-task instance keep the model's task order.
            Span<int> taskOrder = stackalloc int[16];
            foreach (int m in catalog.ByName)
            {
                var spec = modelArray[m];
                int modelFirstTask = store._taskCount;
                if (taskOrder.Length < spec.Tasks.Count) taskOrder = new int[spec.Tasks.Count];
                var order = taskOrder[..spec.Tasks.Count];
                TaskOrder(spec, byName: !multiTask, order);
                foreach (int t in order)
                {
                    int from = first[taskBase[m] + t], count = first[taskBase[m] + t + 1] - from;
                    if (count == 0) continue;
                    store._tasks[store._taskCount++] = new TaskDemand(spec.TaskArray[t], store, from, count);
                    if (!multiTask) store.AddInstance(spec, store._taskCount - 1, 1);
                }
                if (multiTask && store._taskCount > modelFirstTask) store.AddInstance(spec, modelFirstTask, store._taskCount - modelFirstTask);
            }
            store.SortByRequestsDescending(mostRequests);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(taskBase);
            ArrayPool<int>.Shared.Return(keyOf);
            if (first.Length > 0) ArrayPool<int>.Shared.Return(first);
            if (cursor.Length > 0) ArrayPool<int>.Shared.Return(cursor);
        }
    }

    /// <summary>Task indices of a model in its own order, or by name (ordinal) for single-task instances.</summary>
    private static void TaskOrder(ModelSpec model, bool byName, Span<int> order)
    {
        // Insertion sort: models have a handful of tasks, and names are unique, so the order is total.
        for (int i = 0; i < order.Length; i++)
        {
            int j = i;
            while (byName && j > 0 && string.CompareOrdinal(model.Tasks[order[j - 1]].Name, model.Tasks[i].Name) > 0)
            {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
    }

    /// <summary>Stable counting sort of the instances on their request count, most first.</summary>
    private void SortByRequestsDescending(int mostRequests)
    {
        var start = ArrayPool<int>.Shared.Rent(mostRequests + 2);
        var sorted = ArrayPool<InstanceDemand>.Shared.Rent(_instances.Length);
        Array.Clear(start, 0, mostRequests + 2);
        // Bucket b holds the instances with mostRequests - b requests.
        for (int i = 0; i < _count; i++) start[mostRequests - _instances[i].RequestCount + 1]++;
        for (int b = 0; b <= mostRequests; b++) start[b + 1] += start[b];
        for (int i = 0; i < _count; i++) sorted[start[mostRequests - _instances[i].RequestCount]++] = _instances[i];
        ArrayPool<int>.Shared.Return(start);
        ArrayPool<InstanceDemand>.Shared.Return(_instances, clearArray: true);
        _instances = sorted;
    }

    /// <summary>
    /// One instance of `model` running exactly `tasks` (in that order, even those nobody requested),
    /// over the requests naming that model and task: the demand reconfiguration re-plans.
    /// </summary>
    public static InstanceDemands ForTasks(ModelSpec model, IReadOnlyList<TaskSpec> tasks, IReadOnlyList<Request> requests)
    {
        var matching = new List<int>[tasks.Count];
        int total = 0, limits = 0, exitSlots = 0;
        for (int t = 0; t < tasks.Count; t++)
        {
            matching[t] = [];
            for (int i = 0; i < requests.Count; i++)
                if (requests[i].Model == model.Name && requests[i].Task == tasks[t].Name) matching[t].Add(i);
            total += matching[t].Count;
            limits += matching[t].Count * tasks[t].Exits.Count;
            exitSlots += tasks[t].Exits.Count + 1;
        }
        var store = new InstanceDemands(requests, total);
        int most = 0;
        foreach (var list in matching) most = Math.Max(most, list.Count);
        store.Reserve(limits, exitSlots, tasks.Count, 1, most);
        int from = 0;
        for (int t = 0; t < tasks.Count; t++)
        {
            matching[t].CopyTo(store.Order, from);
            store.Gather(from, matching[t].Count);
            store._tasks[store._taskCount++] = new TaskDemand(tasks[t], store, from, matching[t].Count);
            from += matching[t].Count;
        }
        store.AddInstance(model, 0, tasks.Count);
        return store;
    }

    /// <summary>Appends a task's per-exit sorted latency requirements; returns its first LimitStart entry.</summary>
    internal int AppendLatencyLimits(TaskSpec task, int firstRequest, int count)
    {
        // One sort per task, not per exit: the requests sorted by latency requirement once, each
        // exit's list is the accuracy-eligible ones in that order (the same sorted values).
        if (!SortSmall(MaxLatencyS.AsSpan(firstRequest, count), MinAccuracy.AsSpan(firstRequest, count), _latencyScratch, _accuracyScratch))
        {
            Array.Copy(MaxLatencyS, firstRequest, _latencyScratch, 0, count);
            Array.Copy(MinAccuracy, firstRequest, _accuracyScratch, 0, count);
            Array.Sort(_latencyScratch, _accuracyScratch, 0, count);
        }
        int firstSlot = _limitStartCount;
        var exits = task.ExitArray;
        for (int e = 0; e < exits.Length; e++)
        {
            LimitStart[_limitStartCount++] = _limitCount;
            double accuracy = exits[e].Accuracy;
            for (int i = 0; i < count; i++)
                if (_accuracyScratch[i] <= accuracy) Limits[_limitCount++] = _latencyScratch[i];
        }
        LimitStart[_limitStartCount++] = _limitCount;
        return firstSlot;
    }

    /// <summary>
    /// Copies a task's requirements into the scratch arrays sorted by latency requirement, by insertion,
    /// when there are few of them (a handful per task is the usual case, where Array.Sort's setup costs
    /// more than the sort); false, with nothing done, for long lists or a NaN (Array.Sort orders those).
    /// Equal latency requirements may come out in another order than Array.Sort's, which changes
    /// nothing: each exit's list keeps only the latency values, and those are the same sorted values.
    /// </summary>
    private static bool SortSmall(ReadOnlySpan<double> latency, ReadOnlySpan<double> accuracy, double[] latencyOut, double[] accuracyOut)
    {
        if (latency.Length > 16) return false;
        for (int i = 0; i < latency.Length; i++)
        {
            double key = latency[i], item = accuracy[i];
            if (double.IsNaN(key)) return false;
            int j = i - 1;
            for (; j >= 0 && latencyOut[j] > key; j--)
            {
                latencyOut[j + 1] = latencyOut[j];
                accuracyOut[j + 1] = accuracyOut[j];
            }
            latencyOut[j + 1] = key;
            accuracyOut[j + 1] = item;
        }
        return true;
    }

    /// <param name="mostRequests">The most requests of one instance (sizes the per-task scratch).</param>
    private void Reserve(int limits, int exitSlots, int tasks, int instances, int mostRequests)
    {
        Limits = ArrayPool<double>.Shared.Rent(limits);
        LimitStart = ArrayPool<int>.Shared.Rent(exitSlots);
        _tasks = ArrayPool<TaskDemand>.Shared.Rent(tasks);
        _instances = ArrayPool<InstanceDemand>.Shared.Rent(instances);
        _latencyScratch = ArrayPool<double>.Shared.Rent(mostRequests);
        _accuracyScratch = ArrayPool<double>.Shared.Rent(mostRequests);
    }

    private void AddInstance(ModelSpec model, int firstTask, int tasks) =>
        _instances[_count++] = new InstanceDemand(model, new ArraySegment<TaskDemand>(_tasks, firstTask, tasks));

    public void Dispose()
    {
        // Idempotent: each array goes back once and is replaced by an empty one.
        if (Order.Length > 0) ArrayPool<int>.Shared.Return(Order);
        if (MaxLatencyS.Length > 0) ArrayPool<double>.Shared.Return(MaxLatencyS);
        if (MinAccuracy.Length > 0) ArrayPool<double>.Shared.Return(MinAccuracy);
        if (Ids.Length > 0) ArrayPool<int>.Shared.Return(Ids);
        MaxLatencyS = MinAccuracy = [];
        Ids = [];
        if (Limits.Length > 0) ArrayPool<double>.Shared.Return(Limits);
        if (LimitStart.Length > 0) ArrayPool<int>.Shared.Return(LimitStart);
        // These hold references to models and to this store: cleared so the pool does not keep them alive.
        if (_tasks.Length > 0) ArrayPool<TaskDemand>.Shared.Return(_tasks, clearArray: true);
        if (_instances.Length > 0) ArrayPool<InstanceDemand>.Shared.Return(_instances, clearArray: true);
        if (_latencyScratch.Length > 0) ArrayPool<double>.Shared.Return(_latencyScratch);
        if (_accuracyScratch.Length > 0) ArrayPool<double>.Shared.Return(_accuracyScratch);
        _latencyScratch = [];
        _accuracyScratch = [];
        Order = [];
        Limits = [];
        LimitStart = [];
        _tasks = [];
        _instances = [];
        _count = _taskCount = _limitCount = _limitStartCount = 0;
    }
}
