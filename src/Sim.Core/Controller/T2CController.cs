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
    }

    public AlgorithmSpec Algorithm => _algorithm;

    /// <summary>Starts the periodic parts: status reports, aggregation, reconfiguration checks.</summary>
    public void Start()
    {
        ResourceMonitor.Refresh(_world.ReadLinks());
        Every(_settings.StatusReportPeriodS, () => ResourceMonitor.Refresh(_world.ReadLinks()));
        Every(_settings.AggregationPeriodS, Aggregate);
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
        if (RequestManager.Submit(record, ResourceMonitor.Deployments, CurrentView()) is { } ride)
            Attach(ride.Deployment, record, Attachment.Hitchhiked, ride.PredictedS);
    }

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
        RequestManager.Requeue(unplaced);
        foreach (var (deployment, requests) in deployed)
        {
            ResourceMonitor.Add(deployment);
            Log.Deployments.Add(deployment);
            Log.Event(_world.Now, "deploy", $"{deployment} for {requests.Count} requests");
            foreach (var r in requests)
                Attach(deployment, r, Attachment.Planned, deployment.Plan.ForTask(r.Request.Task)!.PredictedLatencyS);
            _world.Launch(deployment, () => Ready(deployment));
        }
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
            if (RequestManager.FindRide(record.Request, ResourceMonitor.Deployments, view, predictions) is not { } ride)
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
        if (!ReferenceEquals(_transferDone.Network, network))
            _transferDone = (network, (link, bytes, measured) => RecordTransfer(network, link, bytes, measured));
        if (!_taskDone.TryGetValue(deployment, out var taskDone))
            _taskDone[deployment] = taskDone = (j, slot, at) => TaskDone(deployment, j, slot, at);
        var job = new InferenceJob(tasks, plan.Partition, _world.Now, records, taskDone,
            _stageDone ??= (tier, lookup, runtime) => ScalingFactors.Record(_world.Now, tier, lookup, runtime),
            _transferDone.Record);
        _world.Infer(deployment, job);
    }

    // A job's callbacks, made once per deployment (task done), once (stage done) and once per link
    // state (transfers) rather than three closures per job: under overload every request is a job,
    // and those closures were a quarter of what each unfinished inference kept alive.
    private readonly Dictionary<Deployment, Action<InferenceJob, int, double>> _taskDone = [];
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

    private void TaskDone(Deployment deployment, InferenceJob job, int slot, double atS)
    {
        string task = job.Tasks[slot].Task.Name;
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
            if (ReconfigurationManager!.Check(deployment, queuedForModel, view, DeploymentManager.CountPlannerCall) is not { } proposal) continue;
            Log.Event(_world.Now, "reconfigure", $"{deployment} -> {proposal.Partition} exits {string.Join("/", proposal.Tasks.Select(t => t.ExitIndex))}");
            deployment.Plan = proposal;
            deployment.State = DeploymentState.Reconfiguring;
            _world.Reconfigure(deployment, proposal, () => Ready(deployment));
        }
    }

    /// <summary>An agent is gone: its deployments end; requests waiting are queued again, requests running are lost.</summary>
    public void TierLost(int tier)
    {
        Log.Event(_world.Now, "tier-lost", _predictor.Topology.Tiers[tier].Name);
        ResourceMonitor.MarkLost(tier);
        foreach (var deployment in ResourceMonitor.Deployments.Where(d => d.Tiers.Contains(tier)).ToList())
        {
            foreach (var r in deployment.Running)
            {
                r.Outcome = RequestOutcome.Unserved;
                r.Reason = "lost with its agent";
            }
            deployment.Running.Clear();
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
}
