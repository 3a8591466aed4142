namespace T2CSim.Core.Controller;

using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;

/// <summary>
/// The T2C controller of the slides ("System Design"): the request manager, aggregator, deployment
/// manager, resource monitor and reconfiguration manager, wired together. It talks to the world only
/// through <see cref="IContinuum"/>, so the same controller drives the simulator and the testbed.
///
/// The story of a request: it arrives (Submit); it hitchhikes on a deployed model or waits in the
/// queue; every aggregation period the queue is grouped and planned; its model is launched; when the
/// model is up its inference runs; the world reports when its task's exit produced the result; the
/// request is served if the latency and the exit's accuracy meet its requirements.
/// </summary>
public sealed class T2CController : IContinuumListener
{
    private readonly IContinuum _world;
    private readonly LatencyPredictor _predictor;
    private readonly ControllerSettings _settings;
    private readonly AlgorithmSpec _algorithm;
    private readonly LoadAwareAdmission? _admission;
    private readonly AdaptiveAggregationPeriod? _adaptivePeriod;
    // Deployments whose new partitions are starting beside the old ones (switching).
    private readonly HashSet<Deployment> _switching = new(ReferenceEqualityComparer.Instance);
    // Deployments stopped by pause-and-resume until their new partition serves.
    private readonly HashSet<Deployment> _paused = new(ReferenceEqualityComparer.Instance);
    private bool _stopped;

    public RequestManager RequestManager { get; }
    public Aggregator Aggregator { get; }
    public DeploymentManager DeploymentManager { get; }
    public ResourceMonitor ResourceMonitor { get; }
    public ReconfigurationManager? ReconfigurationManager { get; }
    public ScalingFactors ScalingFactors { get; }
    /// <summary>Per link: measured transfer / predicted transfer over the window. Always logged; used only with LinkScaling.</summary>
    public ScalingFactors LinkFactors { get; }
    public RunLog Log { get; } = new();

    public T2CController(IContinuum world, LatencyPredictor predictor, AlgorithmSpec algorithm, ControllerSettings settings)
    {
        _world = world;
        _predictor = predictor;
        _algorithm = algorithm;
        _settings = settings;
        RequestManager = new RequestManager(algorithm.Hitchhiking);
        Aggregator = new Aggregator(algorithm.MultiTask);
        DeploymentManager = new DeploymentManager(algorithm.Planner, predictor.Catalog);
        ResourceMonitor = new ResourceMonitor(predictor.Topology);
        ReconfigurationManager = algorithm.Reconfiguration ? new ReconfigurationManager(settings.ReconfigurationThreshold) : null;
        ScalingFactors = new ScalingFactors(predictor.Topology.TierCount, settings.ScalingWindowS);
        LinkFactors = new ScalingFactors(predictor.Topology.Links.Count, settings.ScalingWindowS);
        if (algorithm.LoadAware) _admission = new LoadAwareAdmission(predictor.Topology, algorithm.Planner, DeploymentManager.CountPlannerCall);
        if (algorithm.AdaptiveAggregation)
            _adaptivePeriod = new AdaptiveAggregationPeriod(settings.AggregationPeriodMinS, settings.AggregationPeriodMaxS, settings.AggregationRequestsPerPlan);
    }

    /// <summary>The work queued on tiers and links (load-aware algorithms only).</summary>
    public InferenceLoad? Load => _admission?.Load;

    public AlgorithmSpec Algorithm => _algorithm;

    /// <summary>Starts the periodic parts: status reports, aggregation, reconfiguration checks.</summary>
    public void Start()
    {
        ResourceMonitor.Refresh(_world.ReadLinks());
        Every(_settings.StatusReportPeriodS, () => ResourceMonitor.Refresh(_world.ReadLinks()));
        if (_adaptivePeriod is null) Every(_settings.AggregationPeriodS, Aggregate);
        else AggregateAdaptively(_adaptivePeriod.Initial(_settings.AggregationPeriodS));
        if (ReconfigurationManager is not null) Every(_settings.ReconfigurationPeriodS, CheckReconfiguration);
    }

    /// <summary>The predictor as it stands now: current link state and scaling factors.</summary>
    public LatencyPredictorView CurrentView() => new(_predictor,
        _settings.LinkScaling ? ResourceMonitor.Network.WithTransferFactors(LinkFactors.Current(_world.Now)) : ResourceMonitor.Network,
        ScalingFactors.Current(_world.Now));

    /// <summary>Request manager entry: a request arrives.</summary>
    public void Submit(Request request)
    {
        var record = new RequestRecord(request);
        Log.Requests.Add(record);
        if (_stopped) return;
        _adaptivePeriod?.Arrived();
        if (_admission is not null)
        {
            Admit(record);
            return;
        }
        if (RequestManager.Submit(record, ResourceMonitor.Deployments, CurrentView()) is { } ride && !LostToPause(ride.Deployment, record))
            Attach(ride.Deployment, record, Attachment.Hitchhiked, ride.PredictedS);
    }

    /// <summary>Load-aware admission: ride a deployment that can serve it in time, else wait for a plan if one can, else rejected now.</summary>
    private void Admit(RequestRecord record)
    {
        var view = CurrentView();
        if (_admission!.FindRide(record.Request, ResourceMonitor.Deployments, view) is { } ride)
        {
            if (!LostToPause(ride.Deployment, record)) Attach(ride.Deployment, record, Attachment.Hitchhiked, ride.PredictedS);
            return;
        }
        if (_admission.RejectionCause(record.Request, ResourceMonitor.FreeSlots(), view) is { } cause) record.Reason = cause;
        else RequestManager.Requeue([record]);
    }

    /// <summary>Unplaced requests that no free slot can serve are rejected with their cause; the others wait for the next plan.</summary>
    private List<RequestRecord> RejectUnservable(List<RequestRecord> unplaced, LatencyPredictorView view)
    {
        var free = ResourceMonitor.FreeSlots();
        var waiting = new List<RequestRecord>(unplaced.Count);
        foreach (var r in unplaced)
            if (_admission!.RejectionCause(r.Request, free, view) is { } cause) r.Reason = cause;
            else waiting.Add(r);
        return waiting;
    }

    /// <summary>
    /// Pause-and-resume: a request that would ride a paused deployment is lost (its frame falls in the
    /// window where the old partition is stopped and the new one not yet serving).
    /// </summary>
    private bool LostToPause(Deployment deployment, RequestRecord record)
    {
        if (!Paused(deployment)) return false;
        record.DeploymentId = deployment.Id;
        record.Reason = "lost to reconfiguration downtime";
        return true;
    }

    private bool Paused(Deployment deployment) => _paused.Count > 0 && _paused.Contains(deployment);

    private void AggregateAdaptively(double delayS) => _world.Schedule(delayS, () =>
    {
        if (_stopped) return;
        Aggregate();
        double? oldest = RequestManager.Queue.Count == 0 ? null : RequestManager.Queue.Min(r => r.Request.ArrivalS);
        double next = _adaptivePeriod!.Next(_world.Now, oldest, _settings.QueueTimeoutS);
        Log.Event(_world.Now, "aggregation-period", next.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
        AggregateAdaptively(next);
    });

    /// <summary>Ends the run: timers stop, and every request not finished says why.</summary>
    public void Stop()
    {
        _stopped = true;
        foreach (var d in ResourceMonitor.Deployments)
        {
            foreach (var r in d.Waiting) r.Reason = "waiting for its model at end";
            foreach (var r in d.Running) r.Reason = "running at end";
        }
    }

    private void Every(double periodS, Action action)
    {
        void Tick()
        {
            if (_stopped) return;
            action();
            _world.Schedule(periodS, Tick);
        }
        _world.Schedule(periodS, Tick);
    }

    private void Aggregate()
    {
        var queued = DropExpired(RequestManager.TakeQueue());
        if (queued.Count == 0) return;
        if (_algorithm.Hitchhiking) queued = RideWherePossible(queued);
        if (queued.Count == 0) return;
        var ordered = Aggregator.Group(queued).SelectMany(g => g.Requests).ToList();
        var view = CurrentView();
        var (deployed, unplaced) = DeploymentManager.Plan(ordered, ResourceMonitor.FreeSlots(), view, _world.Now);
        if (_admission is null) RequestManager.Requeue(unplaced);
        else deployed = _admission.KeepServable(deployed, unplaced, view);
        foreach (var (deployment, requests) in deployed)
        {
            ResourceMonitor.Add(deployment);
            Log.Deployments.Add(deployment);
            Log.Event(_world.Now, "deploy", $"{deployment} for {requests.Count} requests");
            foreach (var r in requests)
                Attach(deployment, r, Attachment.Planned, deployment.Plan.ForTask(r.Request.Task)!.PredictedLatencyS);
            _world.Launch(deployment, () => Ready(deployment));
        }
        if (_admission is not null) RequestManager.Requeue(RejectUnservable(unplaced, view));
    }

    /// <summary>With a queue timeout, requests that waited longer leave the queue unserved.</summary>
    private List<RequestRecord> DropExpired(List<RequestRecord> queued)
    {
        if (_settings.QueueTimeoutS <= 0) return queued;
        var kept = new List<RequestRecord>(queued.Count);
        foreach (var r in queued)
        {
            if (_world.Now - r.Request.ArrivalS > _settings.QueueTimeoutS) r.Reason = "expired in queue";
            else kept.Add(r);
        }
        return kept;
    }

    /// <summary>
    /// Queued requests get another chance to hitchhike before planning: a model may have been
    /// deployed or reconfigured since they arrived.
    /// </summary>
    private List<RequestRecord> RideWherePossible(List<RequestRecord> queued)
    {
        var view = CurrentView();
        var left = new List<RequestRecord>();
        var riders = new Dictionary<Deployment, List<RequestRecord>>();
        var predictions = new Dictionary<(Deployment, string), double>();
        foreach (var record in queued)
        {
            var found = _admission is null
                ? RequestManager.FindRide(record.Request, ResourceMonitor.Deployments, view, predictions)
                : _admission.FindRide(record.Request, ResourceMonitor.Deployments, view);
            if (found is not { } ride)
            {
                left.Add(record);
                continue;
            }
            // A paused deployment takes no queued request: it is not a live frame, so it waits for the next period.
            if (Paused(ride.Deployment))
            {
                left.Add(record);
                continue;
            }
            Attach(ride.Deployment, record, Attachment.Hitchhiked, ride.PredictedS, startNow: false);
            if (!riders.TryGetValue(ride.Deployment, out var list)) riders[ride.Deployment] = list = [];
            list.Add(record);
        }
        // Riders boarding together ask about the same frame: one inference each model.
        foreach (var (deployment, records) in riders)
            if (deployment.State == DeploymentState.Serving) StartInference(deployment, records);
            else deployment.Waiting.AddRange(records);
        return left;
    }

    private void Attach(Deployment deployment, RequestRecord record, Attachment how, double predictedS, bool startNow = true)
    {
        var assignment = deployment.Plan.ForTask(record.Request.Task)!;
        record.Attachment = how;
        record.DeploymentId = deployment.Id;
        record.PredictedLatencyS = predictedS;
        record.ExitAccuracy = assignment.Accuracy;
        record.Reason = "waiting for its model at end";
        deployment.LastActivityS = _world.Now;
        if (!startNow) return;
        if (deployment.State == DeploymentState.Serving) StartInference(deployment, [record]);
        else deployment.Waiting.Add(record);
    }

    private void Ready(Deployment deployment)
    {
        if (deployment.State == DeploymentState.Stopped) return;
        if (double.IsNaN(deployment.ReadyAtS))
        {
            deployment.ReadyAtS = _world.Now;
            Log.Event(_world.Now, "ready", deployment.ToString());
        }
        deployment.State = DeploymentState.Serving;
        _admission?.Started(deployment);
        if (deployment.Waiting.Count > 0)
        {
            var waiting = deployment.Waiting.ToList();
            deployment.Waiting.Clear();
            StartInference(deployment, waiting);
        }
        else ReleaseIfIdle(deployment);
    }

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
            r.Reason = "running at end";
            deployment.Running.Add(r);
        }
        // Transfers are compared with what the predictor made of them under the link state the job started with.
        var network = ResourceMonitor.Network;
        if (!_failed.TryGetValue(deployment, out var failed))
            _failed[deployment] = failed = (j, reason) => JobFailed(deployment, j, reason);
        InferenceJob job;
        if (Load is null)
        {
            // The thesis's algorithms: callbacks made once per deployment or link state, not per job (cost under overload).
            if (!ReferenceEquals(_transferDone.Network, network))
                _transferDone = (network, (link, bytes, measured) => RecordTransfer(network, link, bytes, measured));
            if (!_taskDone.TryGetValue(deployment, out var taskDone))
                _taskDone[deployment] = taskDone = (j, slot, at) => TaskDone(deployment, j, slot, at);
            job = new InferenceJob(tasks, plan.Partition, _world.Now, records, taskDone,
                _stageDone ??= (tier, lookup, runtime) => ScalingFactors.Record(_world.Now, tier, lookup, runtime),
                _transferDone.Record) { OnFailed = failed };
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
                    ScalingFactors.Record(_world.Now, tier, lookup, runtime);
                    if (load is not null) queues.StageDone(load, tier);
                },
                (link, bytes, measured) =>
                {
                    RecordTransfer(network, link, bytes, measured);
                    if (load is not null) queues.TransferDone(load, link);
                })
            {
                OnFailed = (j, reason) =>
                {
                    if (load is not null) queues.Release(load);
                    failed(j, reason);
                },
            };
            load = queues.Start(deployment, job, ScalingFactors.Current(_world.Now));
        }
        _world.Infer(deployment, job);
    }

    // A job's callbacks, made once per deployment (task done), once (stage done) and once per link
    // state (transfers) rather than three closures per job: under overload every request is a job,
    // and those closures were a quarter of what each unfinished inference kept alive.
    private readonly Dictionary<Deployment, Action<InferenceJob, int, double>> _taskDone = [];
    private readonly Dictionary<Deployment, Action<InferenceJob, string>> _failed = [];
    private Action<int, double, double>? _stageDone;
    private (NetworkState? Network, Action<int, long, double> Record) _transferDone = (null, (_, _, _) => { });

    private static bool AnyFor(List<RequestRecord> records, string task)
    {
        foreach (var r in records)
            if (r.Request.Task == task) return true;
        return false;
    }

    private void RecordTransfer(NetworkState network, int link, long bytes, double measuredS)
    {
        if (link < 0 || link >= LinkFactors.TierCount || !(measuredS >= 0) || !double.IsFinite(measuredS)) return;
        double predicted = LatencyPredictor.UnscaledTransfer(bytes, network, link);
        if (double.IsFinite(predicted)) LinkFactors.Record(_world.Now, link, predicted, measuredS);
    }

    private void JobFailed(Deployment deployment, InferenceJob job, string reason)
    {
        foreach (var r in job.Requests)
        {
            if (!deployment.Running.Remove(r)) continue;
            r.Outcome = RequestOutcome.Unserved;
            r.Reason = reason;
        }
        ReleaseIfIdle(deployment);
    }

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

    /// <summary>
    /// Without hitchhiking a deployment exists for the requests it was planned for, so it goes as soon
    /// as they are done. With hitchhiking it stays up for later riders until it has been idle a while.
    /// </summary>
    private void ReleaseIfIdle(Deployment deployment)
    {
        if (deployment.State != DeploymentState.Serving || deployment.Running.Count > 0 || deployment.Waiting.Count > 0) return;
        if (!_algorithm.Hitchhiking)
        {
            Shutdown(deployment, "done");
            return;
        }
        double idleSince = deployment.LastActivityS;
        _world.Schedule(_settings.IdleTimeoutS, () =>
        {
            if (deployment.State == DeploymentState.Serving && deployment.LastActivityS == idleSince
                && deployment.Running.Count == 0 && deployment.Waiting.Count == 0)
                Shutdown(deployment, "idle");
        });
    }

    private void Shutdown(Deployment deployment, string why)
    {
        deployment.State = DeploymentState.Stopped;
        _admission?.Started(deployment);
        ResourceMonitor.Remove(deployment);
        _world.Shutdown(deployment);
        Log.Event(_world.Now, "shutdown", $"{deployment} ({why})");
    }

    private void CheckReconfiguration()
    {
        var view = CurrentView();
        foreach (var deployment in ResourceMonitor.Deployments.ToList())
        {
            var queuedForModel = RequestManager.Queue.Where(r => r.Request.Model == deployment.Model.Name && deployment.Serves(r.Request.Task)).ToList();
            if (_switching.Contains(deployment)) continue;
            var approve = _algorithm.CostAwareReconfiguration ? (Func<ModelDeployment, IReadOnlyList<Request>, bool>)((proposal, demand) => WorthReconfiguring(deployment, proposal, demand, view)) : null;
            if (ReconfigurationManager!.Check(deployment, queuedForModel, view, DeploymentManager.CountPlannerCall, approve) is not { } proposal) continue;
            Log.Event(_world.Now, "reconfigure", $"{deployment} -> {proposal.Partition} exits {string.Join("/", proposal.Tasks.Select(t => t.ExitIndex))}");
            switch (_settings.ReconfigurationMechanism)
            {
                case ReconfigurationMechanism.Hold:
                    deployment.Plan = proposal;
                    deployment.State = DeploymentState.Reconfiguring;
                    _world.Reconfigure(deployment, proposal, () => Ready(deployment));
                    break;
                case ReconfigurationMechanism.Switching when ResourceMonitor.TryReserve(deployment, proposal.TiersUsed):
                    Switch(deployment, proposal);
                    break;
                default:
                    if (_settings.ReconfigurationMechanism == ReconfigurationMechanism.Switching)
                        Log.Event(_world.Now, "switch-fallback", $"{deployment}: no free slot beside each partition; pause and resume");
                    PauseAndResume(deployment, proposal);
                    break;
            }
        }
    }

    /// <summary>The cost-aware rule (Planning/ReconfigurationCost) for the mechanism this reconfiguration would use.</summary>
    private bool WorthReconfiguring(Deployment deployment, ModelDeployment proposal, IReadOnlyList<Request> demand, LatencyPredictorView view)
    {
        var mechanism = _settings.ReconfigurationMechanism;
        // Switching without a free slot beside each partition falls back to pause-and-resume.
        if (mechanism == ReconfigurationMechanism.Switching && !ResourceMonitor.CanReserve(proposal.TiersUsed)) mechanism = ReconfigurationMechanism.PauseResume;
        double downtime = ReconfigurationCost.DowntimeS(mechanism, _settings.ReconfigurationDowntimeS, _settings.PauseResumeDowntimeS);
        var estimate = ReconfigurationCost.Evaluate(deployment.Plan, proposal, demand, view, deployment.Model,
            _settings.ReconfigurationPeriodS, _settings.ReconfigurationPeriodS, downtime);
        if (!estimate.Worthwhile)
            Log.Event(_world.Now, "reconfiguration-declined", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{deployment}: serves {estimate.ServedBefore} -> {estimate.ServedAfter} of {demand.Count}, gain {estimate.GainRequests:0.##} <= loss {estimate.LossRequests:0.##} ({mechanism})"));
        return estimate.Worthwhile;
    }

    /// <summary>Pause-and-resume: the old partition stops now; the new one serves after the pause (at least the world's own reconfiguration time).</summary>
    private void PauseAndResume(Deployment deployment, ModelDeployment proposal)
    {
        deployment.Plan = proposal;
        deployment.State = DeploymentState.Reconfiguring;
        _paused.Add(deployment);
        double started = _world.Now;
        _world.Reconfigure(deployment, proposal, () => AtLeastAfter(started, _settings.PauseResumeDowntimeS, () =>
        {
            _paused.Remove(deployment);
            Ready(deployment);
        }));
    }

    /// <summary>
    /// Switching: the new partitions start beside the old ones on the slots reserved for them; the old
    /// plan keeps serving meanwhile; when they are ready, new inferences use the new plan (those in
    /// flight finish on the old) and the old partitions' extra slots are freed.
    /// </summary>
    private void Switch(Deployment deployment, ModelDeployment proposal)
    {
        _switching.Add(deployment);
        double started = _world.Now;
        _world.Reconfigure(deployment, proposal, () => AtLeastAfter(started, _settings.SwitchingTimeS, () =>
        {
            _switching.Remove(deployment);
            ResourceMonitor.ReleaseReserve(deployment);
            if (deployment.State == DeploymentState.Stopped) return;
            deployment.Plan = proposal;
            Log.Event(_world.Now, "switched", deployment.ToString());
        }));
    }

    /// <summary>Runs `action` once the world is ready and at least `costS` has passed since `startedS`: the mechanism's cost as a parameter in both worlds.</summary>
    private void AtLeastAfter(double startedS, double costS, Action action)
    {
        double left = startedS + costS - _world.Now;
        if (left > 0) _world.Schedule(left, action);
        else action();
    }

    /// <summary>
    /// An agent is gone: every deployment whose path crosses its tier ends (computing there, or passing
    /// through it to a later tier: every job enters at the first tier); requests waiting are queued
    /// again, requests running are lost.
    /// </summary>
    public void TierLost(int tier)
    {
        Log.Event(_world.Now, "tier-lost", _predictor.Topology.Tiers[tier].Name);
        ResourceMonitor.MarkLost(tier);
        foreach (var deployment in ResourceMonitor.Deployments.Where(d => d.Tiers.Any(k => k >= tier)).ToList())
        {
            foreach (var r in deployment.Running)
            {
                r.Outcome = RequestOutcome.Unserved;
                r.Reason = "lost with its agent";
            }
            deployment.Running.Clear();
            Load?.ReleaseAll(deployment);
            foreach (var r in deployment.Waiting)
            {
                r.Attachment = Attachment.None;
                r.DeploymentId = -1;
                r.Reason = "queued at end";
            }
            RequestManager.Requeue(deployment.Waiting);
            deployment.Waiting.Clear();
            Shutdown(deployment, "agent lost");
        }
    }

    /// <summary>A lost tier's agent registered again: its slots (and the tiers behind it) can be planned on again.</summary>
    public void TierRestored(int tier)
    {
        Log.Event(_world.Now, "tier-restored", _predictor.Topology.Tiers[tier].Name);
        ResourceMonitor.MarkRestored(tier);
    }
}
