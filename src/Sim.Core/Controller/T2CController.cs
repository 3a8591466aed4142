namespace T2CSim.Core.Controller;

using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;

/// <summary>
/// The T2C controller of the slides ("System Design"): the request manager, aggregator, deployment
/// manager, resource monitor and reconfiguration manager, wired together. It talks to the world only
/// through <see cref="IContinuum"/>, so the same controller drives the simulator and the testbed.
/// Each part owns its behaviour; this class tells the story of a request (docs/controller.md):
/// it arrives (<see cref="Submit"/>) and hitchhikes on a deployed model or waits in the queue; every
/// aggregation period (<see cref="Aggregate"/>) the queue gets another chance to ride, is grouped and
/// planned, and the deployment manager launches the plan's models; when a model is up its inference
/// runs; the world reports when its task's exit produced the result; the request is served if the
/// latency and the exit's accuracy meet its requirements, else missed; what never ran says why.
/// </summary>
public sealed class T2CController : IContinuumListener
{
    private readonly IContinuum _world;
    private readonly LatencyPredictor _predictor;
    private readonly ControllerSettings _settings;
    private readonly AdaptiveAggregationPeriod? _adaptivePeriod;
    private bool _stopped;

    public AlgorithmSpec Algorithm { get; }
    public RequestManager RequestManager { get; }
    public Aggregator Aggregator { get; }
    public DeploymentManager DeploymentManager { get; }
    public ResourceMonitor ResourceMonitor { get; }
    public ReconfigurationManager? ReconfigurationManager { get; }
    public RunLog Log { get; } = new();
    /// <summary>Per tier: the slides' scaling factors (kept by the resource monitor).</summary>
    public ScalingFactors ScalingFactors => ResourceMonitor.ScalingFactors;
    /// <summary>Per link: measured transfer / predicted transfer over the window. Always logged; used only with LinkScaling.</summary>
    public ScalingFactors LinkFactors => ResourceMonitor.LinkFactors;
    /// <summary>The work queued on tiers and links (load-aware algorithms only).</summary>
    public InferenceLoad? Load => DeploymentManager.Load;

    public T2CController(IContinuum world, LatencyPredictor predictor, AlgorithmSpec algorithm, ControllerSettings settings)
    {
        _world = world;
        _predictor = predictor;
        _settings = settings;
        Algorithm = algorithm;
        ResourceMonitor = new ResourceMonitor(predictor.Topology, settings, learnResultReturns: predictor.HasTestbed);
        Aggregator = new Aggregator(algorithm.MultiTask);
        LoadAwareAdmission? admission = null;
        // Admission's trial plans count as planner time: created first, it reaches the manager through this.
        if (algorithm.LoadAware) admission = new LoadAwareAdmission(predictor.Topology, algorithm.Planner, t => DeploymentManager!.CountPlannerCall(t));
        DeploymentManager = new DeploymentManager(algorithm, predictor.Catalog, world, ResourceMonitor, Log, settings, admission);
        RequestManager = new RequestManager(algorithm.Hitchhiking ? new Hitchhiking() : null, admission, ResourceMonitor, settings.QueueTimeoutS);
        if (algorithm.Reconfiguration)
            ReconfigurationManager = new ReconfigurationManager(settings, algorithm.CostAwareReconfiguration, world, ResourceMonitor, DeploymentManager, Log);
        if (algorithm.AdaptiveAggregation)
            _adaptivePeriod = new AdaptiveAggregationPeriod(settings.AggregationPeriodMinS, settings.AggregationPeriodMaxS, settings.AggregationRequestsPerPlan);
    }

    /// <summary>Starts the periodic parts: status reports, aggregation, reconfiguration checks.</summary>
    public void Start()
    {
        ResourceMonitor.Refresh(_world.ReadLinks());
        Every(_settings.StatusReportPeriodS, () => ResourceMonitor.Refresh(_world.ReadLinks()));
        if (_adaptivePeriod is null) Every(_settings.AggregationPeriodS, Aggregate);
        else AggregateAdaptively(_adaptivePeriod.Initial(_settings.AggregationPeriodS));
        if (ReconfigurationManager is { } reconfiguration)
            Every(_settings.ReconfigurationPeriodS, () => reconfiguration.CheckAll(RequestManager.Queue, CurrentView()));
    }

    /// <summary>The predictor as it stands now: the monitor's link state and scaling factors.</summary>
    public LatencyPredictorView CurrentView() => new(_predictor, CurrentNetwork(), ScalingFactors.Live(_world.Now));

    // The last state with measured result returns and what it was made from: rebuilt only when the
    // link state or a node's median changed, so that the predictor's per-path cache keeps hitting.
    private (NetworkState? Links, double[]? Walls, NetworkState? State) _withReturns;

    /// <summary>The monitor's link state, with the link scaling factors and the measured result returns when they are used.</summary>
    private NetworkState CurrentNetwork()
    {
        var net = _settings.LinkScaling ? ResourceMonitor.Network.WithTransferFactors(LinkFactors.Current(_world.Now)) : ResourceMonitor.Network;
        if (ResourceMonitor.ResultReturns is not { } returns) return net;
        var walls = returns.Current(_world.Now);
        if (ReferenceEquals(_withReturns.Links, net) && ReferenceEquals(_withReturns.Walls, walls)) return _withReturns.State!;
        var state = net.WithResultWalls(walls);
        _withReturns = (net, walls, state);
        return state;
    }

    /// <summary>A request arrives: it rides a deployed model now, or waits in the queue (or is rejected by admission).</summary>
    public void Submit(Request request)
    {
        var record = Log.Requests.Record(request);
        if (_stopped) return;
        _adaptivePeriod?.Arrived();
        if (RequestManager.Submit(record, ResourceMonitor.DeploymentsOf(request.Model), CurrentView()) is { } ride
            && ReconfigurationManager?.LosesArrival(ride.Deployment, record) != true)
            DeploymentManager.Attach(ride.Deployment, record, Attachment.Hitchhiked, ride.PredictedS);
    }

    /// <summary>An aggregation period: the queue rides where it can, the rest is grouped, planned and deployed.</summary>
    private void Aggregate()
    {
        var queued = RequestManager.TakeQueue(_world.Now);
        if (queued.Count == 0) return;
        if (Algorithm.Hitchhiking) RideWherePossible(queued);
        if (queued.Count == 0) return;
        var groups = Aggregator.Group(queued);
        var view = CurrentView();
        var unplaced = DeploymentManager.Deploy(groups, view);
        RequestManager.Requeue(unplaced, view);
    }

    /// <summary>
    /// Queued requests get another chance to hitchhike before planning: a model may have been
    /// deployed or reconfigured since they arrived. Those left to plan for stay in `queued`, in order
    /// (removed from it in place: the list is this period's, see <see cref="RequestManager.TakeQueue"/>).
    /// </summary>
    private void RideWherePossible(List<RequestRecord> queued)
    {
        var view = CurrentView();
        var riders = new Dictionary<Deployment, List<RequestRecord>>();
        var predictions = new Dictionary<(Deployment, string), double>();
        int left = 0;
        for (int i = 0; i < queued.Count; i++)
        {
            var record = queued[i];
            // A paused deployment takes no queued request: it is not a live frame, so it waits for the next period.
            if (RequestManager.Hitchhiking!.FindRide(record.Request, ResourceMonitor.DeploymentsOf(record.Request.Model), view, predictions) is not { } ride
                || ReconfigurationManager?.IsPaused(ride.Deployment) == true)
            {
                queued[left++] = record;
                continue;
            }
            DeploymentManager.Attach(ride.Deployment, record, Attachment.Hitchhiked, ride.PredictedS, startNow: false);
            if (!riders.TryGetValue(ride.Deployment, out var list)) riders[ride.Deployment] = list = [];
            list.Add(record);
        }
        queued.RemoveRange(left, queued.Count - left);
        DeploymentManager.Board(riders);
    }

    /// <summary>Ends the run: timers stop, and every request not finished says why.</summary>
    public void Stop()
    {
        _stopped = true;
        DeploymentManager.MarkUnfinished();
    }

    /// <summary>An agent is gone: its tier offers no slots, models across it end, their waiting requests queue again.</summary>
    public void TierLost(int tier)
    {
        Log.Event(_world.Now, "tier-lost", _predictor.Topology.Tiers[tier].Name);
        ResourceMonitor.MarkLost(tier);
        RequestManager.ReturnToQueue(DeploymentManager.LoseAcross(tier));
    }

    /// <summary>A lost tier's agent registered again: its slots (and the tiers behind it) can be planned on again.</summary>
    public void TierRestored(int tier)
    {
        Log.Event(_world.Now, "tier-restored", _predictor.Topology.Tiers[tier].Name);
        ResourceMonitor.MarkRestored(tier);
    }

    /// <summary>A link of a tree is down: the deployments whose path crosses it end, and no path through it is planned on.</summary>
    public void LinkLost(int link)
    {
        Log.Event(_world.Now, "link-lost", _predictor.Topology.Links[link].Name);
        ResourceMonitor.MarkLinkLost(link);
        RequestManager.ReturnToQueue(DeploymentManager.LoseAcrossLink(link));
    }

    /// <summary>A lost link carries data again: the paths through it can be planned on again.</summary>
    public void LinkRestored(int link)
    {
        Log.Event(_world.Now, "link-restored", _predictor.Topology.Links[link].Name);
        ResourceMonitor.MarkLinkRestored(link);
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

    private void AggregateAdaptively(double delayS) => _world.Schedule(delayS, () =>
    {
        if (_stopped) return;
        Aggregate();
        double next = _adaptivePeriod!.Next(_world.Now, RequestManager.OldestArrivalS, _settings.QueueTimeoutS);
        Log.Event(_world.Now, "aggregation-period", next.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
        AggregateAdaptively(next);
    });
}
