namespace T2CSim.Core.Controller;

using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;

/// <summary>
/// The deployment manager's running models: one inference for requests attached to a serving
/// deployment, and what the world reports back about it: each task's result (the request is served
/// or missed), each tier's stage and each link's transfer (logged by the resource monitor for the
/// scaling factors), or the job given up.
/// </summary>
public sealed partial class DeploymentManager
{
    // A job's callbacks, made once per deployment (task done), once (stage done) and once per link
    // state (transfers) rather than three closures per job: under overload every request is a job,
    // and those closures were a quarter of what each unfinished inference kept alive.
    private readonly Dictionary<Deployment, Action<InferenceJob, int, double>> _taskDone = [];
    private readonly Dictionary<Deployment, Action<InferenceJob, OutcomeCause, string?>> _failed = [];
    private readonly Dictionary<Deployment, (NetworkState Network, Action<int, double, double> Stage, Action<int, long, double> Transfer)> _onPath = [];
    private readonly Dictionary<Deployment, Action<int, double>> _resultReturned = [];
    private Action<int, double, double>? _stageDone;
    private (NetworkState? Network, Action<int, long, double> Record) _transferDone = (null, (_, _, _) => { });

    /// <summary>One inference on the current frame for all these requests: tasks started together share the stem.</summary>
    private void StartInference(Deployment deployment, IReadOnlyList<RequestRecord> records)
    {
        var plan = deployment.Plan;
        var tasks = TasksFor(deployment, records);
        string partition = plan.Partition.ToString();
        for (int i = 0; i < records.Count; i++)
        {
            var r = records[i];
            var a = plan.ForTask(r.Request.Task)!;
            r.StartedS = _world.Now;
            r.Exit = deployment.Model.Task(r.Request.Task).Exits[a.ExitIndex].Name;
            r.ExitAccuracy = a.Accuracy;
            r.Partition = partition;
            r.Mark(OutcomeCause.RunningAtEnd);
            deployment.Running.Add(r);
        }
        // Transfers are compared with what the predictor made of them under the link state the job started with.
        var network = _monitor.Network;
        if (!_failed.TryGetValue(deployment, out var failed)) _failed[deployment] = failed = FailedCallback(deployment);
        var job = Load is null ? JobWithSharedCallbacks(deployment, tasks, records, network, failed) : LoadAwareJob(deployment, tasks, records, network, failed);
        if (_monitor.ResultReturns is not null)
        {
            if (!_resultReturned.TryGetValue(deployment, out var returned)) _resultReturned[deployment] = returned = ResultCallback(deployment);
            job.OnResultReturned = returned;
        }
        _world.Infer(deployment, job);
    }

    // The callbacks are made in methods of their own: a lambda capturing a parameter or local of
    // StartInference would make the compiler allocate its closure object on every call (every
    // inference, 8 MB of a 10,000x run), not only when a callback is made.

    /// <summary>The thesis's algorithms: callbacks made once per deployment or link state, not per job (cost under overload).</summary>
    private InferenceJob JobWithSharedCallbacks(Deployment deployment, IReadOnlyList<(TaskSpec, ExitSpec)> tasks, IReadOnlyList<RequestRecord> records,
        NetworkState network, Action<InferenceJob, OutcomeCause, string?> failed)
    {
        var plan = deployment.Plan;
        if (!_taskDone.TryGetValue(deployment, out var taskDone)) _taskDone[deployment] = taskDone = TaskDoneCallback(deployment);
        if (deployment.Model.Path is null or { IsIdentity: true })
        {
            if (!ReferenceEquals(_transferDone.Network, network)) _transferDone = (network, TransferCallback(network));
            return new InferenceJob(tasks, plan.Partition, _world.Now, records, taskDone,
                _stageDone ??= (tier, lookup, runtime) => _monitor.RecordStage(_world.Now, tier, lookup, runtime),
                _transferDone.Record) { OnFailed = failed };
        }
        // A device's path: the world reports path positions, the monitor keeps nodes and links.
        // The callbacks are made once per deployment and link state, as the chain's are.
        if (!_onPath.TryGetValue(deployment, out var onPath) || !ReferenceEquals(onPath.Network, network))
            _onPath[deployment] = onPath = PathCallbacks(deployment.Model.Path, network);
        return new InferenceJob(tasks, plan.Partition, _world.Now, records, taskDone, onPath.Stage, onPath.Transfer) { OnFailed = failed };
    }

    private Action<InferenceJob, OutcomeCause, string?> FailedCallback(Deployment deployment) =>
        (j, cause, reason) => JobFailed(deployment, j, cause, reason);

    private Action<int, double> ResultCallback(Deployment deployment) =>
        (tier, wall) => _monitor.RecordResult(_world.Now, deployment.NodeAt(tier), wall);

    private Action<InferenceJob, int, double> TaskDoneCallback(Deployment deployment) =>
        (j, slot, at) => TaskDone(deployment, j, slot, at);

    private Action<int, long, double> TransferCallback(NetworkState network) =>
        (link, bytes, measured) => _monitor.RecordTransfer(_world.Now, network, link, bytes, measured);

    private (NetworkState Network, Action<int, double, double> Stage, Action<int, long, double> Transfer) PathCallbacks(NodePath path, NetworkState network) =>
        (network,
         (tier, lookup, runtime) => _monitor.RecordStage(_world.Now, path.Nodes[tier], lookup, runtime),
         (link, bytes, measured) => _monitor.RecordTransfer(_world.Now, network, path.Links[link], bytes, measured));

    /// <summary>Load-aware admission follows each job's progress through the queues of its path.</summary>
    private InferenceJob LoadAwareJob(Deployment deployment, IReadOnlyList<(TaskSpec, ExitSpec)> tasks, IReadOnlyList<RequestRecord> records,
        NetworkState network, Action<InferenceJob, OutcomeCause, string?> failed)
    {
        var queues = Load!;
        InferenceLoad.Job? load = null;
        var job = new InferenceJob(tasks, deployment.Plan.Partition, _world.Now, records,
            (j, slot, at) => TaskDone(deployment, j, slot, at),
            (tier, lookup, runtime) =>
            {
                _monitor.RecordStage(_world.Now, deployment.NodeAt(tier), lookup, runtime);
                if (load is not null) queues.StageDone(load, tier);
            },
            (link, bytes, measured) =>
            {
                _monitor.RecordTransfer(_world.Now, network, deployment.LinkAt(link), bytes, measured);
                if (load is not null) queues.TransferDone(load, link);
            })
        {
            OnFailed = (j, cause, reason) =>
            {
                if (load is not null) queues.Release(load);
                failed(j, cause, reason);
            },
        };
        load = queues.Start(deployment, job, _monitor.ScalingFactors.ReadNow(_world.Now));
        return job;
    }

    /// <summary>
    /// A stopped deployment starts no job again: its callbacks and task lists go (jobs still in flight
    /// hold their own). Kept, they held every deployment of a run alive, tens of thousands in a
    /// 10,000-device run, for every full GC to trace (docs/topology.md, "Scale").
    /// </summary>
    private void ForgetCallbacks(Deployment deployment)
    {
        _taskDone.Remove(deployment);
        _failed.Remove(deployment);
        _onPath.Remove(deployment);
        _resultReturned.Remove(deployment);
        _taskLists.Remove(deployment);
    }

    /// <summary>
    /// The (task, exit) list of a job: the model's tasks, in the model's order, that some of these
    /// requests ask for and the deployment's plan serves, at the plan's exits. Every job of one plan
    /// that runs the same tasks gets the same (read-only) list: under overload every request is a
    /// job, and a list of its own (list and array, 120 bytes) was a sixth of what each unfinished
    /// inference kept alive. Models with more than 8 tasks get a list per job.
    /// </summary>
    private IReadOnlyList<(TaskSpec, ExitSpec)> TasksFor(Deployment deployment, IReadOnlyList<RequestRecord> records)
    {
        var plan = deployment.Plan;
        var modelTasks = deployment.Model.Tasks;
        if (modelTasks.Count > MaxSharedTaskLists)
        {
            var own = new List<(TaskSpec, ExitSpec)>(modelTasks.Count);
            foreach (var task in modelTasks)
                if (AnyFor(records, task.Name) && plan.ForTask(task.Name) is { } a)
                    own.Add((task, task.Exits[a.ExitIndex]));
            return own;
        }
        int mask = Requested(records, modelTasks, plan);
        // A reconfiguration gives the deployment a new plan (other exits): its lists start afresh.
        if (!_taskLists.TryGetValue(deployment, out var lists) || !ReferenceEquals(lists.Plan, plan))
            _taskLists[deployment] = lists = (plan, new (TaskSpec, ExitSpec)[]?[1 << modelTasks.Count]);
        return lists.ByMask[mask] ??= TaskList(plan, modelTasks, mask);
    }

    private const int MaxSharedTaskLists = 8;
    private readonly Dictionary<Deployment, (ModelDeployment Plan, (TaskSpec, ExitSpec)[]?[] ByMask)> _taskLists = [];

    /// <summary>Bit i: the model's task i (at most 8 tasks) is asked for by some record and served by the plan.</summary>
    private static int Requested(IReadOnlyList<RequestRecord> records, IReadOnlyList<TaskSpec> modelTasks, ModelDeployment plan)
    {
        int mask = 0;
        for (int i = 0; i < modelTasks.Count; i++)
            if (AnyFor(records, modelTasks[i].Name) && plan.ForTask(modelTasks[i].Name) is not null) mask |= 1 << i;
        return mask;
    }

    private static (TaskSpec, ExitSpec)[] TaskList(ModelDeployment plan, IReadOnlyList<TaskSpec> modelTasks, int mask)
    {
        var tasks = new (TaskSpec, ExitSpec)[System.Numerics.BitOperations.PopCount((uint)mask)];
        for (int i = 0, n = 0; i < modelTasks.Count; i++)
            if ((mask >> i & 1) != 0) tasks[n++] = (modelTasks[i], modelTasks[i].Exits[plan.ForTask(modelTasks[i].Name)!.ExitIndex]);
        return tasks;
    }

    // Index loops over the IReadOnlyLists here and below: foreach would box an enumerator per call
    // (per job and per finished task under overload).
    private static bool AnyFor(IReadOnlyList<RequestRecord> records, string task)
    {
        for (int i = 0; i < records.Count; i++)
            if (records[i].Request.Task == task) return true;
        return false;
    }

    /// <summary>The world gave the job up (in its own words) or lost it with a tier: its requests still running end unserved.</summary>
    private void JobFailed(Deployment deployment, InferenceJob job, OutcomeCause cause, string? reason)
    {
        var requests = job.Requests;
        for (int i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            if (!deployment.Running.Remove(r)) continue;
            if (cause == OutcomeCause.GivenUp) r.GiveUp(reason ?? "");
            else r.Mark(cause);
        }
        ReleaseIfIdle(deployment);
    }

    /// <summary>A task's exit produced its result: its requests are served or missed (RequestRecord.Finish).</summary>
    private void TaskDone(Deployment deployment, InferenceJob job, int slot, double atS)
    {
        string task = job.Tasks[slot].Task.Name;
        Load?.TaskDone(job);
        var requests = job.Requests;
        for (int i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            if (r.Request.Task != task || !deployment.Running.Remove(r)) continue;
            r.Finish(atS);
            // Only the reconfiguration manager reads (and empties) this window: without it the list
            // kept every request a deployment ever served alive (RunLog.Deployments holds them all).
            if (_algorithm.Reconfiguration) deployment.RecentlyCompleted.Add(r);
        }
        ReleaseIfIdle(deployment);
    }
}
