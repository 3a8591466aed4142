namespace T2CSim.Core.Controller;

using System.Diagnostics;
using T2CSim.Core.Domain;
using T2CSim.Core.Planning;

/// <summary>
/// The slides' deployment manager: runs the deployment planner on the aggregated requests and the free
/// slots, and deploys the plan: takes the slots (through the resource monitor), attaches the planned
/// requests, launches the model instances through the world, starts the inferences waiting for a model
/// once it is up, and shuts a model down when it is no longer needed (or its tier is lost), freeing its
/// slots. Running the inferences is in DeploymentManager.Inference.cs.
/// </summary>
public sealed partial class DeploymentManager
{
    private readonly AlgorithmSpec _algorithm;
    private readonly ModelCatalog _catalog;
    private readonly IContinuum _world;
    private readonly ResourceMonitor _monitor;
    private readonly RunLog _log;
    private readonly ControllerSettings _settings;
    private readonly LoadAwareAdmission? _admission;
    private int _nextId;
    // A planning period's working lists, kept from one period to the next and emptied at its start:
    // under overload they hold the whole queue (tens of thousands of requests), and fresh ones each
    // period were large-object allocations that brought on full collections (docs/kernel.md, "Fifth pass").
    private readonly List<RequestRecord> _queued = [];
    private readonly List<Request> _requests = [];
    private readonly Dictionary<int, RequestRecord> _byId = [];
    private readonly HashSet<int> _placed = [];
    private readonly List<RequestRecord> _unplaced = [];

    /// <param name="algorithm">Its planner; with hitchhiking an idle deployment stays up for later riders
    /// (IdleTimeoutS) instead of going when its requests are done; without early exits, a plan may use final exits only.</param>
    /// <param name="admission">Load-aware admission: which planned requests a new deployment keeps, and the load of the jobs it runs.</param>
    public DeploymentManager(AlgorithmSpec algorithm, ModelCatalog catalog, IContinuum world, ResourceMonitor monitor, RunLog log,
        ControllerSettings settings, LoadAwareAdmission? admission = null)
    {
        _algorithm = algorithm;
        _catalog = catalog;
        _world = world;
        _monitor = monitor;
        _log = log;
        _settings = settings;
        _admission = admission;
    }

    /// <summary>Wall time spent inside the planner: the thesis's "CPU utilization" of the algorithm.</summary>
    public TimeSpan PlannerTime { get; private set; }
    public int PlannerCalls { get; private set; }

    /// <summary>The work queued on tiers and links (load-aware algorithms only).</summary>
    public InferenceLoad? Load => _admission?.Load;

    /// <summary>
    /// Plans for the aggregator's groups (the planner reads them, in their order, without grouping
    /// again), deploys every instance that serves some of their requests, and returns the requests it
    /// did not place (a list that is the caller's until the next call).
    /// </summary>
    internal List<RequestRecord> Deploy(IReadOnlyList<Aggregator.RequestGroup> groups, LatencyPredictorView view)
    {
        var (deployed, unplaced) = Plan(groups, _monitor.FreeSlots(), view, _world.Now);
        if (_admission is not null) deployed = _admission.KeepServable(deployed, unplaced, view);
        foreach (var (deployment, requests) in deployed)
        {
            _monitor.Add(deployment);
            _log.Deployments.Add(deployment);
            _log.Event(_world.Now, "deploy", $"{deployment} for {requests.Count} requests");
            foreach (var r in requests)
                Attach(deployment, r, Attachment.Planned, deployment.Plan.ForTask(r.Request.Task)!.PredictedLatencyS);
            _world.Launch(deployment, () => Ready(deployment));
        }
        return unplaced;
    }

    /// <summary>Plans for the groups' requests and returns the new deployments with their requests attached, and the leftovers.</summary>
    private (List<(Deployment Deployment, List<RequestRecord> Requests)> Deployed, List<RequestRecord> Unplaced) Plan(
        IReadOnlyList<Aggregator.RequestGroup> groups, int[] freeSlots, LatencyPredictorView view, double now)
    {
        var queued = _queued;
        var requests = _requests;
        var byId = _byId;
        queued.Clear();
        requests.Clear();
        byId.Clear();
        var planningGroups = new RequestGroup[groups.Count];
        for (int i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            planningGroups[i] = new RequestGroup(g.Model, g.Task, queued.Count, g.Requests.Count);
            queued.AddRange(g.Requests);
        }
        foreach (var r in queued)
        {
            byId.Add(r.Request.Id, r);
            requests.Add(r.Request);
        }
        // The planner reads the requests during the call only (its plan holds request ids).
        var context = new PlanningContext(requests, freeSlots, view) { Groups = planningGroups, Reach = _monitor.Reach };
        long start = Stopwatch.GetTimestamp();
        var plan = _algorithm.Planner.Plan(context);
        CountPlannerCall(Stopwatch.GetElapsedTime(start));

        var deployed = new List<(Deployment, List<RequestRecord>)>();
        var placed = _placed;
        placed.Clear();
        foreach (var md in plan.Deployments)
        {
            if (md.ServedRequestIds.Count == 0) continue;
            var model = _catalog[md.Model];
            if (!_algorithm.EarlyExit) RequireFinalExits(model, md);
            var deployment = new Deployment(_nextId++, model, md, now);
            var served = new List<RequestRecord>();
            foreach (var id in md.ServedRequestIds)
                if (byId.TryGetValue(id, out var record) && placed.Add(id)) served.Add(record);
            deployed.Add((deployment, served));
        }
        var unplaced = _unplaced;
        unplaced.Clear();
        foreach (var r in queued)
            if (!placed.Contains(r.Request.Id)) unplaced.Add(r);
        // Nothing of this period stays referenced from here once it is planned.
        queued.Clear();
        requests.Clear();
        byId.Clear();
        return (deployed, unplaced);
    }

    /// <summary>
    /// An algorithm without early exits (AlgorithmSpec.EarlyExit false: NEU, T2C_M, T2C_MH, or one a
    /// researcher registered so) declares that its planner runs every task to its final exit; a plan
    /// that does not is refused rather than run under the wrong name.
    /// </summary>
    private void RequireFinalExits(ModelSpec model, ModelDeployment plan)
    {
        foreach (var t in plan.Tasks)
            if (t.ExitIndex != model.Task(t.Task).Exits.Count - 1)
                throw new UserInputException(null, "algorithm", $"{_algorithm.Name} declares no early exits, but its planner {_algorithm.Planner.Name} chose exit {t.ExitIndex} of {model.Name}/{t.Task}");
    }

    /// <summary>Planner time spent elsewhere (admission's trial plans, the reconfiguration algorithm) counts as the algorithm's too.</summary>
    internal void CountPlannerCall(TimeSpan elapsed)
    {
        PlannerTime += elapsed;
        PlannerCalls++;
    }

    /// <summary>
    /// Attaches a request to a deployment (planned for it, or hitchhiking). It runs now when the model
    /// serves and `startNow`; else it waits for the model (riders boarding together start in <see cref="Board"/>).
    /// </summary>
    internal void Attach(Deployment deployment, RequestRecord record, Attachment how, double predictedS, bool startNow = true)
    {
        var assignment = deployment.Plan.ForTask(record.Request.Task)!;
        record.Attachment = how;
        record.DeploymentId = deployment.Id;
        record.PredictedLatencyS = predictedS;
        record.ExitAccuracy = assignment.Accuracy;
        record.Mark(OutcomeCause.WaitingForModelAtEnd);
        deployment.LastActivityS = _world.Now;
        if (!startNow) return;
        // An array of one rather than a list: the job keeps it alive until its last task is done.
        if (deployment.State == DeploymentState.Serving) StartInference(deployment, new[] { record });
        else deployment.Waiting.Add(record);
    }

    /// <summary>Riders boarding together ask about the same frame: one inference each model (or they wait for it).</summary>
    internal void Board(Dictionary<Deployment, List<RequestRecord>> riders)
    {
        foreach (var (deployment, records) in riders)
            if (deployment.State == DeploymentState.Serving) StartInference(deployment, records);
            else deployment.Waiting.AddRange(records);
    }

    /// <summary>The world says the deployment is up (launched, or reconfigured): the requests waiting for it run.</summary>
    internal void Ready(Deployment deployment)
    {
        if (deployment.State == DeploymentState.Stopped) return;
        if (double.IsNaN(deployment.ReadyAtS))
        {
            deployment.ReadyAtS = _world.Now;
            _log.Event(_world.Now, "ready", deployment.ToString());
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
        _monitor.Remove(deployment);
        _world.Shutdown(deployment);
        _log.Event(_world.Now, "shutdown", $"{deployment} ({why})");
    }

    /// <summary>
    /// A node is lost (in the chain: a tier, or the link leading to it): every deployment whose path
    /// crosses it ends (computing there, or passing through it to a later tier: every job enters at its
    /// device). Requests running are lost; the requests that were waiting for those models are
    /// returned, to be queued again. In a tree only the deployments whose device path holds the node.
    /// </summary>
    internal List<RequestRecord> LoseAcross(int node) => LoseWhere(path => Array.IndexOf(path.Nodes, node));

    /// <summary>A link of a tree is down: every deployment whose path crosses it to a tier it uses ends (as LoseAcross).</summary>
    internal List<RequestRecord> LoseAcrossLink(int link) => LoseWhere(path => Array.IndexOf(path.Links, link));

    /// <summary>Ends the deployments whose path is cut at `cutAt(path)` (-1: not on it) and reach that position or beyond.</summary>
    private List<RequestRecord> LoseWhere(Func<NodePath, int> cutAt)
    {
        var waiting = new List<RequestRecord>();
        var topology = _monitor.Topology;
        foreach (var deployment in _monitor.Deployments.Where(d => cutAt(topology.PathOf(d.Model)) is int cut and >= 0 && d.Tiers.Any(k => k >= cut)).ToList())
        {
            foreach (var r in deployment.Running) r.Mark(OutcomeCause.LostWithAgent);
            deployment.Running.Clear();
            Load?.ReleaseAll(deployment);
            waiting.AddRange(deployment.Waiting);
            deployment.Waiting.Clear();
            Shutdown(deployment, "agent lost");
        }
        return waiting;
    }

    /// <summary>The run ends: requests attached but not done say where they were.</summary>
    internal void MarkUnfinished()
    {
        foreach (var d in _monitor.Deployments)
        {
            foreach (var r in d.Waiting) r.Mark(OutcomeCause.WaitingForModelAtEnd);
            foreach (var r in d.Running) r.Mark(OutcomeCause.RunningAtEnd);
        }
    }
}
