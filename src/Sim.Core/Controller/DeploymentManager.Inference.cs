namespace T2CSim.Core.Controller;

using T2CSim.Core.Domain;
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
    private Action<int, double, double>? _stageDone;
    private (NetworkState? Network, Action<int, long, double> Record) _transferDone = (null, (_, _, _) => { });

    /// <summary>One inference on the current frame for all these requests: tasks started together share the stem.</summary>
    private void StartInference(Deployment deployment, List<RequestRecord> records)
    {
        var plan = deployment.Plan;
        // Sized once and without a closure per task: under overload this runs for every request.
        var tasks = new List<(TaskSpec, ExitSpec)>(deployment.Model.Tasks.Count);
        foreach (var task in deployment.Model.Tasks)
            if (AnyFor(records, task.Name) && plan.ForTask(task.Name) is { } a)
                tasks.Add((task, task.Exits[a.ExitIndex]));
        string partition = plan.Partition.ToString();
        foreach (var r in records)
        {
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
        if (!_failed.TryGetValue(deployment, out var failed))
            _failed[deployment] = failed = (j, cause, reason) => JobFailed(deployment, j, cause, reason);
        InferenceJob job;
        if (Load is null)
        {
            // The thesis's algorithms: callbacks made once per deployment or link state, not per job (cost under overload).
            if (!_taskDone.TryGetValue(deployment, out var taskDone))
                _taskDone[deployment] = taskDone = (j, slot, at) => TaskDone(deployment, j, slot, at);
            if (deployment.Model.Path is null or { IsIdentity: true })
            {
                if (!ReferenceEquals(_transferDone.Network, network))
                    _transferDone = (network, (link, bytes, measured) => _monitor.RecordTransfer(_world.Now, network, link, bytes, measured));
                job = new InferenceJob(tasks, plan.Partition, _world.Now, records, taskDone,
                    _stageDone ??= (tier, lookup, runtime) => _monitor.RecordStage(_world.Now, tier, lookup, runtime),
                    _transferDone.Record) { OnFailed = failed };
            }
            else
            {
                // A device's path: the world reports path positions, the monitor keeps nodes and links.
                // The callbacks are made once per deployment and link state, as the chain's are.
                var path = deployment.Model.Path;
                if (!_onPath.TryGetValue(deployment, out var onPath) || !ReferenceEquals(onPath.Network, network))
                    _onPath[deployment] = onPath = (network,
                        (tier, lookup, runtime) => _monitor.RecordStage(_world.Now, path.Nodes[tier], lookup, runtime),
                        (link, bytes, measured) => _monitor.RecordTransfer(_world.Now, network, path.Links[link], bytes, measured));
                job = new InferenceJob(tasks, plan.Partition, _world.Now, records, taskDone, onPath.Stage, onPath.Transfer) { OnFailed = failed };
            }
        }
        else
        {
            // Load-aware admission follows each job's progress through the queues of its path.
            var queues = Load;
            InferenceLoad.Job? load = null;
            job = new InferenceJob(tasks, plan.Partition, _world.Now, records,
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
            load = queues.Start(deployment, job, _monitor.ScalingFactors.Current(_world.Now));
        }
        _world.Infer(deployment, job);
    }

    private static bool AnyFor(List<RequestRecord> records, string task)
    {
        foreach (var r in records)
            if (r.Request.Task == task) return true;
        return false;
    }

    /// <summary>The world gave the job up (in its own words) or lost it with a tier: its requests still running end unserved.</summary>
    private void JobFailed(Deployment deployment, InferenceJob job, OutcomeCause cause, string? reason)
    {
        foreach (var r in job.Requests)
        {
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
        foreach (var r in job.Requests)
        {
            if (r.Request.Task != task || !deployment.Running.Remove(r)) continue;
            r.Finish(atS);
            deployment.RecentlyCompleted.Add(r);
        }
        ReleaseIfIdle(deployment);
    }
}
