namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;
using T2CSim.Core.Prediction;

/// <summary>
/// Evaluates an instance at given partition points: per task, the allowed exit that serves the most
/// requests (ties: lower latency, then the earlier exit) among exits reading a position no deeper than
/// a bound (so that the instance stays off tiers without a free slot). Shared by the T2C planners,
/// T2C_OPT and reconfiguration, so "served" means the same thing everywhere.
/// One evaluator serves a whole planning call: Reset points it at the next instance and reuses its
/// arrays (and the transfer-time buffer of the bound predictor), so walking thousands of instances
/// allocates only when an instance has more tasks or deeper paths than any before it.
/// </summary>
internal sealed class ConfigurationEvaluator
{
    private readonly LatencyPredictorView _view;
    private readonly ExitPointSelection _selection;
    private ArraySegment<TaskDemand> _tasks;
    // Per task: the allowed exits are the range _firstExit..._lastExit (empty when first > last).
    // Every selection rule gives a contiguous range (one exit, none, or all), walked in index order.
    private int[] _firstExit = [], _lastExit = [];
    private BoundTaskLatency[] _latency = [];
    private double[] _transfer = [];
    private int[] _exits = [];
    private double[] _latencyS = [];
    private int _taskCount;

    public ReadOnlySpan<int> Exits => _exits.AsSpan(0, _taskCount);
    public ReadOnlySpan<double> LatencyS => _latencyS.AsSpan(0, _taskCount);
    public int Served { get; private set; }
    public double LatencySumS { get; private set; }
    public int DeepestExit { get; private set; }

    public ConfigurationEvaluator(LatencyPredictorView view, ExitPointSelection selection)
    {
        _view = view;
        _selection = selection;
    }

    /// <summary>Points the evaluator at an instance: its allowed exits and its tasks' latency tables.</summary>
    public void Reset(in InstanceDemand demand)
    {
        _tasks = demand.Tasks;
        _taskCount = _tasks.Count;
        if (_exits.Length < _taskCount)
        {
            _firstExit = new int[_taskCount];
            _lastExit = new int[_taskCount];
            _latency = new BoundTaskLatency[_taskCount];
            _exits = new int[_taskCount];
            _latencyS = new double[_taskCount];
        }
        int offset = 0;
        for (int t = 0; t < _taskCount; t++)
        {
            var task = _tasks[t];
            int last = task.Task.ExitArray.Length - 1;
            (_firstExit[t], _lastExit[t]) = _selection switch
            {
                ExitPointSelection.FinalExit => (last, last),
                // StrictestExit is -1 when the task cannot serve anyone: (-1, -1) would allow exit -1,
                // so that case is the empty range (0, -1).
                ExitPointSelection.StrictestAccuracy => task.StrictestExit >= 0 ? (task.StrictestExit, task.StrictestExit) : (0, -1),
                ExitPointSelection.BestCount => (0, last),
                _ => throw new ArgumentOutOfRangeException(nameof(_selection)),
            };
            _latency[t] = _view.BindInto(demand.Model, task.Task, ref _transfer, offset);
            offset += _view.Predictor.TransferLength(task.Task);
        }
    }

    /// <summary>Fills Exits, LatencyS, Served, LatencySumS and DeepestExit for these cuts.</summary>
    public void Evaluate(PartitionPoints cuts, int deepestAllowedExit)
    {
        int served = 0, deepest = 0;
        double latencySum = 0;
        // Planners call this for every partition of every instance: the task list as a span and
        // each task by reference, rather than a bounds-checked segment indexer and a struct copy.
        var tasks = _tasks.AsSpan();
        for (int t = 0; t < tasks.Length; t++)
        {
            ref readonly var task = ref tasks[t];
            var exits = task.Task.ExitArray;
            int bestExit = -1, bestCount = 0;
            double bestLatency = double.PositiveInfinity;
            for (int e = _firstExit[t]; e <= _lastExit[t]; e++)
            {
                var exit = exits[e];
                if (exit.After > deepestAllowedExit) continue;
                double latency = _latency[t].Predict(exit, cuts);
                int count = task.Count(e, latency);
                if (count > bestCount || (count == bestCount && count > 0 && latency < bestLatency))
                {
                    bestExit = e;
                    bestCount = count;
                    bestLatency = latency;
                }
            }
            _exits[t] = bestExit;
            _latencyS[t] = bestLatency;
            if (bestExit < 0) continue;
            served += bestCount;
            latencySum += bestLatency;
            deepest = Math.Max(deepest, exits[bestExit].After);
        }
        Served = served;
        LatencySumS = latencySum;
        DeepestExit = deepest;
    }

    public Configuration Snapshot(PartitionPoints cuts, int tiers) => new()
    {
        Cuts = cuts,
        Exits = Exits.ToArray(),
        LatencyS = LatencyS.ToArray(),
        Served = Served,
        LatencySumS = LatencySumS,
        Mask = TierUsage.Mask(cuts, tiers, DeepestExit),
    };
}
