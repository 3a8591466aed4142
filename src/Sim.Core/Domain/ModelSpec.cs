namespace T2CSim.Core.Domain;

/// <summary>
/// One backbone layer of a multi-task network, at a position of a task's path.
/// Positions 1..StemDepth are the shared stem; positions after that belong to one task's branch.
/// </summary>
/// <param name="Position">1-based position along a task's path (stem first).</param>
/// <param name="Task">Null for a stem layer, else the task whose branch holds it.</param>
/// <param name="LatencyS">Lookup-table compute latency Y on each tier, indexed like Topology.Tiers.</param>
/// <param name="OutputBytes">Size Z of the layer's output: what crosses a link cut right after it.</param>
public sealed record LayerSpec(int Position, string Name, string? Task, double[] LatencyS, long OutputBytes);

/// <summary>
/// A BranchyNet exit point of a task: a small head attached after backbone position After.
/// The task's final exit is the one with the largest After (its classifier head).
/// </summary>
/// <param name="Index">0-based index among the task's exits, earliest first.</param>
/// <param name="After">Position of the backbone layer the exit head reads (L_{m,t,x} of the slides).</param>
/// <param name="LatencyS">Compute latency Ŷ of the exit head on each tier.</param>
/// <param name="OutputBytes">Size of the exit's result sent to the user.</param>
/// <param name="Accuracy">Accuracy of the task at this exit, in 0..1.</param>
public sealed record ExitSpec(string Task, int Index, string Name, int After, double[] LatencyS, long OutputBytes, double Accuracy);

/// <summary>A task of a multi-task model: the stem, its own branch layers, and its exits.</summary>
public sealed class TaskSpec
{
    public string Name { get; }
    /// <summary>The whole path: Path[i] has Position i+1 (stem layers, then the branch).</summary>
    public IReadOnlyList<LayerSpec> Path { get; }
    /// <summary>Exits sorted by After; the last one is the final exit.</summary>
    public IReadOnlyList<ExitSpec> Exits { get; }

    /// <summary>
    /// Exits as an array, for the planners' inner loops (indexing an IReadOnlyList is an interface
    /// call per access). A copy taken at construction, like the validation below: specs are immutable.
    /// </summary>
    internal ExitSpec[] ExitArray { get; }

    /// <summary>Path[i].OutputBytes as an array, for the same reason (binding a task reads every position).</summary>
    internal long[] PathOutputBytes { get; }

    // Prefix sums of the path's per-tier latencies (see CumulativeLatencyS), built on first use.
    private double[]? _cumulativeLatencyS;

    public TaskSpec(string name, IReadOnlyList<LayerSpec> path, IReadOnlyList<ExitSpec> exits)
    {
        Name = name;
        Path = path;
        Exits = exits;
        ExitArray = exits.ToArray();
        PathOutputBytes = path.Select(l => l.OutputBytes).ToArray();
        Depth = path.Count;
        for (int i = 0; i < path.Count; i++)
            if (path[i].Position != i + 1) throw new ArgumentException($"task {name}: layer at index {i} has position {path[i].Position}");
        if (exits.Count == 0) throw new ArgumentException($"task {name} has no exit");
        for (int i = 0; i < exits.Count; i++)
        {
            if (exits[i].Index != i) throw new ArgumentException($"task {name}: exit {i} has index {exits[i].Index}");
            if (exits[i].After < 1 || exits[i].After > path.Count) throw new ArgumentException($"task {name}: exit {exits[i].Name} after position {exits[i].After} outside 1..{path.Count}");
            if (i > 0 && exits[i].After <= exits[i - 1].After) throw new ArgumentException($"task {name}: exits must be sorted by position");
        }
    }

    /// <summary>Path.Count, kept as a field: planners read it per task and per partition, and the
    /// list's own count is one more object (and cache miss) away.</summary>
    public int Depth { get; }

    /// <summary>
    /// Per tier k &lt; tiers, from index k (Depth + 1): [0, Y(1), Y(1)+Y(2), ...], the lookup-table
    /// compute time of positions 1..i on tier k (unscaled), so that any range of layers is one
    /// subtraction. One flat array rather than one per tier: planners bind every task of every
    /// instance per planning call, in an order unrelated to where the tasks lie in memory, so each
    /// object reached is a likely cache miss at 5,000 models. Built once per task and tier count and
    /// kept here, where a planner reaches it without a dictionary lookup. A benign race: two threads
    /// may build equal tables, and either is kept.
    /// </summary>
    internal double[] CumulativeLatencyS(int tiers)
    {
        var cached = _cumulativeLatencyS;
        int stride = Depth + 1;
        if (cached is not null && cached.Length == tiers * stride) return cached;
        var prefix = new double[tiers * stride];
        for (int k = 0; k < tiers; k++)
        {
            var p = prefix.AsSpan(k * stride, stride);
            for (int i = 0; i < Depth; i++) p[i + 1] = p[i] + Path[i].LatencyS[k];
        }
        _cumulativeLatencyS = prefix;
        return prefix;
    }
    public ExitSpec FinalExit => Exits[^1];
}

/// <summary>A multi-task early-exit network (the slides' "Multi-task Model Requests").</summary>
public sealed class ModelSpec
{
    public string Name { get; }
    /// <summary>Size of the raw sensor input (a 48x48 frame) in bytes.</summary>
    public long InputBytes { get; }
    public int StemDepth { get; }
    public IReadOnlyList<TaskSpec> Tasks { get; }
    /// <summary>The longest task path: partition points range over 0..MaxDepth.</summary>
    public int MaxDepth { get; }

    public ModelSpec(string name, long inputBytes, int stemDepth, IReadOnlyList<TaskSpec> tasks)
    {
        if (tasks.Count == 0) throw new ArgumentException($"model {name} has no task");
        Name = name;
        InputBytes = inputBytes;
        StemDepth = stemDepth;
        Tasks = tasks;
        _tasks = tasks.ToArray();
        _taskNames = Array.ConvertAll(_tasks, t => t.Name);
        MaxDepth = tasks.Max(t => t.Depth);
        Base = name;
    }

    // An instance sharing the tasks (and their tables) of `template`: 10,000 devices running one
    // model hold 10,000 of these small objects, not 10,000 copies of its layers.
    private ModelSpec(ModelSpec template, string name, string baseName, NodePath path)
    {
        Name = name;
        InputBytes = template.InputBytes;
        StemDepth = template.StemDepth;
        Tasks = template.Tasks;
        _tasks = template._tasks;
        _taskNames = template._taskNames;
        MaxDepth = template.MaxDepth;
        Base = baseName;
        Path = path;
    }

    /// <summary>This model bound to a device's sensor: named `name`, running along `path`, sharing this one's tasks.</summary>
    public ModelSpec At(string name, NodePath path) => new(this, name, Base, path);

    /// <summary>The model as the scenario declares it (the workload mix names it); Name is the instance (model@device) in a graph.</summary>
    public string Base { get; }

    /// <summary>The device path this instance runs along (stage k on Path.Nodes[k]); null: the topology's first device (the chain).</summary>
    public NodePath? Path { get; }

    // An array copy of Tasks: TaskIndex runs once per request in every planning call.
    private readonly TaskSpec[] _tasks;

    /// <summary>Tasks as an array (the same copy TaskIndex walks), for the planners' loops.</summary>
    internal TaskSpec[] TaskArray => _tasks;

    // The task names on their own: TaskIndex compares against them without loading each TaskSpec
    // (at 5,000 models, a cache miss per task per request in the planners' grouping).
    private readonly string[] _taskNames;

    public int TaskIndex(string task)
    {
        var names = _taskNames;
        // Requests usually carry the very string the scenario named the task with: a reference
        // comparison finds it without comparing characters; otherwise compare by value.
        for (int i = 0; i < names.Length; i++)
            if (ReferenceEquals(names[i], task)) return i;
        for (int i = 0; i < names.Length; i++)
            if (names[i] == task) return i;
        return -1;
    }

    public TaskSpec Task(string task) =>
        TaskIndex(task) is var i and >= 0 ? Tasks[i] : throw new KeyNotFoundException($"model {Name} has no task {task}");
}

/// <summary>The models of a scenario, by name.</summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    public IReadOnlyList<ModelSpec> Models { get; }

    /// <summary>Models as an array, for loops over every request of a planning call.</summary>
    internal ModelSpec[] ModelArray { get; }

    public ModelCatalog(IReadOnlyList<ModelSpec> models)
    {
        Models = models;
        ModelArray = models.ToArray();
        for (int i = 0; i < models.Count; i++)
            if (!_index.TryAdd(models[i].Name, i)) throw new ArgumentException($"model {models[i].Name} is defined twice");
        var byName = new int[models.Count];
        for (int i = 0; i < byName.Length; i++) byName[i] = i;
        Array.Sort(byName, (a, b) => string.CompareOrdinal(models[a].Name, models[b].Name));
        ByName = byName;
    }

    /// <summary>Indices into Models in ordinal order of the names (planners' tie-break order), computed once.</summary>
    public IReadOnlyList<int> ByName { get; }

    public bool TryGet(string name, out ModelSpec model)
    {
        if (_index.TryGetValue(name, out int i)) { model = Models[i]; return true; }
        model = null!;
        return false;
    }

    /// <summary>The position of a model in Models (planners group requests by it without hashing twice).</summary>
    public bool TryGetIndex(string name, out int index) => _index.TryGetValue(name, out index);

    /// <summary>The instances of declared model `baseName` (one per device it is bound to), in catalog order.</summary>
    public IReadOnlyList<ModelSpec> InstancesOf(string baseName) =>
        (_instances ??= Models.GroupBy(m => m.Base, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal))
            .TryGetValue(baseName, out var list) ? list : [];

    private Dictionary<string, ModelSpec[]>? _instances;

    /// <summary>The declared models (one per base name, the first instance of each), in catalog order.</summary>
    public IReadOnlyList<ModelSpec> Declared => Models.GroupBy(m => m.Base, StringComparer.Ordinal).Select(g => g.First()).ToArray();

    public ModelSpec this[string name] =>
        TryGet(name, out var m) ? m : throw new KeyNotFoundException($"unknown model {name}");
}
