namespace T2CSim.Hardware.Models;

using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Layer = TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>;

/// <summary>
/// A BKNet-style multi-task early-exit CNN built from a <see cref="NetworkArchitecture"/>, with
/// random weights from a fixed seed, in inference mode. Positions follow ModelSpec: stem blocks
/// 1..S are shared by all tasks; a task's branch FC layers continue at S+1..N_t; an exit head reads
/// one position's output, and the final exit (the classifier) reads N_t.
///
/// Partitioned execution for the hardware runner: a tier runs <see cref="RunPositions"/> for its
/// slice of a task path and <see cref="RunExit"/> for an exit whose position it ran; the tensors in
/// between are what crosses the links. <see cref="Forward"/> is the unpartitioned reference.
/// Not thread-safe: one network per thread.
/// </summary>
public sealed class MultiTaskNetwork : Module
{
    public const long DefaultSeed = 20220901;

    private readonly Layer[] _stem;
    private readonly Dictionary<string, Layer[]> _branches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Layer[]> _exitHeads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PositionInfo[]> _paths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExitInfo[]> _exits = new(StringComparer.Ordinal);

    public NetworkArchitecture Architecture { get; }
    public IReadOnlyList<string> Tasks { get; }
    public int StemDepth => _stem.Length;

    public MultiTaskNetwork(NetworkArchitecture architecture, long seed = DefaultSeed) : base(architecture.Name)
    {
        architecture.Validate();
        Architecture = architecture;
        Tasks = architecture.Tasks.Select(t => t.Name).ToArray();
        torch.manual_seed(seed);

        // Stem: conv-bn-relu (x Convs) then 2x2 max-pool; track the feature map to size later layers.
        var stemInfo = new List<PositionInfo>();
        var stem = new List<Layer>();
        long channels = 1, side = NetworkArchitecture.InputSide;
        var sideAfter = new long[architecture.StemDepth + 1];
        var channelsAfter = new long[architecture.StemDepth + 1];
        sideAfter[0] = side;
        channelsAfter[0] = channels;
        for (int b = 0; b < architecture.StemDepth; b++)
        {
            var spec = architecture.Blocks[b];
            var parts = new List<(string, Layer)>();
            for (int c = 0; c < spec.Convs; c++)
            {
                parts.Add(($"conv{c + 1}", Conv2d(c == 0 ? channels : spec.Filters, spec.Filters, 3, padding: 1)));
                parts.Add(($"bn{c + 1}", BatchNorm2d(spec.Filters)));
                parts.Add(($"relu{c + 1}", ReLU()));
            }
            parts.Add(("pool", MaxPool2d(2)));
            var block = Sequential(parts);
            register_module($"block{b + 1}", block);
            stem.Add(block);
            channels = spec.Filters;
            side /= 2;
            sideAfter[b + 1] = side;
            channelsAfter[b + 1] = channels;
            stemInfo.Add(new PositionInfo(b + 1, $"block{b + 1}", null, [channels, side, side]));
        }
        _stem = stem.ToArray();

        foreach (var task in architecture.Tasks)
        {
            // Branch: flatten into the first FC layer; each FC layer + ReLU is one position.
            var path = new List<PositionInfo>(stemInfo);
            var branch = new List<Layer>();
            long width = channels * side * side;
            for (int j = 0; j < task.BranchWidths.Count; j++)
            {
                var fc = j == 0
                    ? Sequential(("flatten", Flatten()), ("fc", Linear(width, task.BranchWidths[j])), ("relu", ReLU()))
                    : Sequential(("fc", Linear(width, task.BranchWidths[j])), ("relu", ReLU()));
                register_module($"{task.Name}_fc{j + 1}", fc);
                branch.Add(fc);
                width = task.BranchWidths[j];
                path.Add(new PositionInfo(path.Count + 1, $"{task.Name}.fc{j + 1}", task.Name, [width]));
            }
            _branches[task.Name] = branch.ToArray();
            _paths[task.Name] = path.ToArray();

            // BranchyNet early exits: a small conv-pool-linear head per task after chosen stem blocks.
            var heads = new List<Layer>();
            var exits = new List<ExitInfo>();
            foreach (int after in architecture.EarlyExitsAfter)
            {
                long inSide = sideAfter[after], pooled = inSide / 2;
                var head = Sequential(
                    ("conv", Conv2d(channelsAfter[after], architecture.ExitFilters, 3, padding: 1)),
                    ("relu", ReLU()),
                    ("pool", MaxPool2d(2)),
                    ("flatten", Flatten()),
                    ("fc", Linear(architecture.ExitFilters * pooled * pooled, task.Classes)));
                register_module($"{task.Name}_exit{exits.Count + 1}", head);
                heads.Add(head);
                double accuracy = ExitAccuracy.EarlyExit(task.FinalAccuracy, task.Classes, after, architecture.StemDepth);
                exits.Add(new ExitInfo(task.Name, exits.Count, $"{task.Name}.exit{exits.Count + 1}", after, task.Classes, accuracy, false));
            }
            // The final exit is the task's classifier; with no branch it flattens the stem output itself.
            var classifier = task.BranchWidths.Count > 0
                ? Sequential(("fc", Linear(width, task.Classes)))
                : Sequential(("flatten", Flatten()), ("fc", Linear(width, task.Classes)));
            register_module($"{task.Name}_final", classifier);
            heads.Add(classifier);
            exits.Add(new ExitInfo(task.Name, exits.Count, $"{task.Name}.final", path.Count, task.Classes, task.FinalAccuracy, true));
            _exitHeads[task.Name] = heads.ToArray();
            _exits[task.Name] = exits.ToArray();
        }
        eval();
    }

    /// <summary>The task's path: stem positions then its branch, Path[i].Position == i + 1.</summary>
    public IReadOnlyList<PositionInfo> Path(string task) => _paths.TryGetValue(task, out var p) ? p : throw UnknownTask(task);

    /// <summary>The task's exits, earliest first; the last is the final exit.</summary>
    public IReadOnlyList<ExitInfo> Exits(string task) => _exits.TryGetValue(task, out var e) ? e : throw UnknownTask(task);

    public int Depth(string task) => Path(task).Count;

    /// <summary>
    /// Runs positions first..last (inclusive, 1-based) of the task's path on <paramref name="input"/>,
    /// the output of position first-1 (the frame tensor from <see cref="SensorFrame.ToInput"/> when
    /// first is 1). Task may be null when the range lies in the shared stem. An empty range
    /// (last == first-1) returns <paramref name="input"/> itself. The caller owns the result;
    /// intermediate tensors are disposed here.
    /// </summary>
    public Tensor RunPositions(string? task, int first, int last, Tensor input)
    {
        int depth = task is null ? StemDepth : Depth(task);
        if (first < 1 || last > depth || last < first - 1)
            throw new ArgumentOutOfRangeException(nameof(first), $"positions {first}..{last} are outside 1..{depth} of {(task is null ? "the stem" : $"task {task}")}");
        using var _ = torch.no_grad();
        Tensor x = input;
        for (int position = first; position <= last; position++)
        {
            var next = Layer(task, position).forward(x);
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = next;
        }
        return x;
    }

    /// <summary>Runs exit <paramref name="exitIndex"/> of the task on the output of the position it reads.</summary>
    public Tensor RunExit(string task, int exitIndex, Tensor positionOutput)
    {
        var heads = _exitHeads.TryGetValue(task, out var h) ? h : throw UnknownTask(task);
        if (exitIndex < 0 || exitIndex >= heads.Length) throw new ArgumentOutOfRangeException(nameof(exitIndex), $"task {task} has exits 0..{heads.Length - 1}");
        using var _ = torch.no_grad();
        return heads[exitIndex].forward(positionOutput);
    }

    /// <summary>
    /// The unpartitioned network: the stem once, then every task's branch, evaluating every exit
    /// head on the way. Result[task][i] is exit i's class scores. Walks the modules directly (not
    /// through RunPositions) so it is an independent reference for partitioned execution.
    /// </summary>
    public Dictionary<string, Tensor[]> Forward(Tensor input)
    {
        using var _ = torch.no_grad();
        var stemOutputs = new Tensor[StemDepth + 1];
        stemOutputs[0] = input;
        for (int b = 0; b < StemDepth; b++) stemOutputs[b + 1] = _stem[b].forward(stemOutputs[b]);

        var result = new Dictionary<string, Tensor[]>(StringComparer.Ordinal);
        foreach (var task in Tasks)
        {
            var outputs = new List<Tensor>(stemOutputs);
            foreach (var fc in _branches[task]) outputs.Add(fc.forward(outputs[^1]));
            var exits = _exits[task];
            var scores = new Tensor[exits.Length];
            for (int i = 0; i < exits.Length; i++) scores[i] = _exitHeads[task][i].forward(outputs[exits[i].After]);
            for (int k = StemDepth + 1; k < outputs.Count; k++) outputs[k].Dispose();
            result[task] = scores;
        }
        for (int b = 1; b <= StemDepth; b++) stemOutputs[b].Dispose();
        return result;
    }

    private Layer Layer(string? task, int position)
    {
        if (position <= StemDepth) return _stem[position - 1];
        if (task is null) throw new ArgumentException($"position {position} is past the stem: name a task");
        return _branches.TryGetValue(task, out var b) ? b[position - StemDepth - 1] : throw UnknownTask(task);
    }

    private KeyNotFoundException UnknownTask(string task) =>
        new($"network {Architecture.Name} has no task {task} (tasks: {string.Join(", ", Tasks)})");
}
