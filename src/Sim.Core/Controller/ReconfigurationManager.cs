namespace T2CSim.Core.Controller;

using System.Diagnostics;
using T2CSim.Core.Domain;
using T2CSim.Core.Planning;

/// <summary>
/// The slides' reconfiguration manager (T2C_MHER). Every reconfiguration period it checks the runtime
/// performance of each serving model over the period: of the requests that wanted it — those it
/// completed, and those of its model left waiting in the queue because it no longer promised to serve
/// them — the share it served. On a drop below the threshold it runs the dynamic reconfiguration
/// algorithm for those requests, within the tiers the model already holds, and carries the new plan
/// out with the configured mechanism: hold (the thesis), pause-and-resume or switching (NEUKONFIG).
/// With cost-aware reconfiguration (T2C_MHER-C) a proposal goes ahead only when it gains more requests
/// than its mechanism's downtime loses.
/// </summary>
public sealed class ReconfigurationManager
{
    private readonly ControllerSettings _settings;
    private readonly bool _costAware;
    private readonly IContinuum _world;
    private readonly ResourceMonitor _monitor;
    private readonly DeploymentManager _deployments;
    private readonly RunLog _log;
    // Deployments whose new partitions are starting beside the old ones (switching).
    private readonly HashSet<Deployment> _switching = new(ReferenceEqualityComparer.Instance);
    // Deployments stopped by pause-and-resume until their new partition serves.
    private readonly HashSet<Deployment> _paused = new(ReferenceEqualityComparer.Instance);

    public ReconfigurationManager(ControllerSettings settings, bool costAware, IContinuum world, ResourceMonitor monitor, DeploymentManager deployments, RunLog log)
    {
        _settings = settings;
        _costAware = costAware;
        _world = world;
        _monitor = monitor;
        _deployments = deployments;
        _log = log;
    }

    public int Reconfigurations { get; private set; }

    /// <summary>Paused by pause-and-resume: it serves no request until its new partition is up.</summary>
    public bool IsPaused(Deployment deployment) => _paused.Count > 0 && _paused.Contains(deployment);

    /// <summary>
    /// Pause-and-resume: a request arriving to ride a paused deployment is lost (its frame falls in the
    /// window where the old partition is stopped and the new one not yet serving). True when it was.
    /// </summary>
    internal bool LosesArrival(Deployment deployment, RequestRecord record)
    {
        if (!IsPaused(deployment)) return false;
        record.DeploymentId = deployment.Id;
        record.Mark(OutcomeCause.LostToReconfigurationDowntime);
        return true;
    }

    /// <summary>One reconfiguration check of every deployed model, under the predictor as it stands now.</summary>
    internal void CheckAll(IReadOnlyList<RequestRecord> queue, LatencyPredictorView view)
    {
        foreach (var deployment in _monitor.Deployments.ToList())
        {
            var queuedForModel = queue.Where(r => r.Request.Model == deployment.Model.Name && deployment.Serves(r.Request.Task)).ToList();
            if (_switching.Contains(deployment)) continue;
            var approve = _costAware ? (Func<ModelDeployment, IReadOnlyList<Request>, bool>)((proposal, demand) => WorthReconfiguring(deployment, proposal, demand, view)) : null;
            if (Check(deployment, queuedForModel, view, approve) is not { } proposal) continue;
            _log.Event(_world.Now, "reconfigure", $"{deployment} -> {proposal.Partition} exits {string.Join("/", proposal.Tasks.Select(t => t.ExitIndex))}");
            Apply(deployment, proposal);
        }
    }

    /// <summary>The new plan for a deployment whose performance dropped, or null to leave it as it is.</summary>
    /// <param name="approve">Optional last word on a proposal, given the demand it was made for (the cost-aware rule); null approves all.</param>
    internal ModelDeployment? Check(Deployment deployment, IReadOnlyList<RequestRecord> queuedForModel, LatencyPredictorView view,
        Func<ModelDeployment, IReadOnlyList<Request>, bool>? approve = null)
    {
        var completed = deployment.RecentlyCompleted;
        if (deployment.State != DeploymentState.Serving || completed.Count + queuedForModel.Count == 0)
        {
            completed.Clear();
            return null;
        }
        int served = completed.Count(r => r.Outcome == RequestOutcome.Served);
        double performance = (double)served / (completed.Count + queuedForModel.Count);
        var demand = completed.Concat(queuedForModel).Select(r => r.Request).ToList();
        completed.Clear();
        if (performance >= _settings.ReconfigurationThreshold) return null;

        long start = Stopwatch.GetTimestamp();
        var proposal = ReconfigurationAlgorithm.Reconfigure(deployment.Plan, demand, view);
        _deployments.CountPlannerCall(Stopwatch.GetElapsedTime(start));
        if (SameConfiguration(proposal, deployment.Plan)) return null;
        if (approve is not null && !approve(proposal, demand)) return null;
        Reconfigurations++;
        return proposal;
    }

    private static bool SameConfiguration(ModelDeployment a, ModelDeployment b) =>
        a.Partition.Equals(b.Partition)
        && a.Tasks.Count == b.Tasks.Count
        && a.Tasks.All(t => b.ForTask(t.Task) is { } u && u.ExitIndex == t.ExitIndex);

    /// <summary>The cost-aware rule (Planning/ReconfigurationCost) for the mechanism this reconfiguration would use.</summary>
    private bool WorthReconfiguring(Deployment deployment, ModelDeployment proposal, IReadOnlyList<Request> demand, LatencyPredictorView view)
    {
        var mechanism = _settings.ReconfigurationMechanism;
        // Switching without a free slot beside each partition falls back to pause-and-resume.
        if (mechanism == ReconfigurationMechanism.Switching && !_monitor.CanReserve(deployment, proposal.TiersUsed)) mechanism = ReconfigurationMechanism.PauseResume;
        double downtime = ReconfigurationCost.DowntimeS(mechanism, _settings.ReconfigurationDowntimeS, _settings.PauseResumeDowntimeS);
        var estimate = ReconfigurationCost.Evaluate(deployment.Plan, proposal, demand, view, deployment.Model,
            _settings.ReconfigurationPeriodS, _settings.ReconfigurationPeriodS, downtime);
        if (!estimate.Worthwhile)
            _log.Event(_world.Now, "reconfiguration-declined", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{deployment}: serves {estimate.ServedBefore} -> {estimate.ServedAfter} of {demand.Count}, gain {estimate.GainRequests:0.##} <= loss {estimate.LossRequests:0.##} ({mechanism})"));
        return estimate.Worthwhile;
    }

    /// <summary>Carries a new plan out with the configured mechanism (switching falls back to pause-and-resume without a free slot beside each partition).</summary>
    private void Apply(Deployment deployment, ModelDeployment proposal)
    {
        switch (_settings.ReconfigurationMechanism)
        {
            case ReconfigurationMechanism.Hold:
                deployment.Plan = proposal;
                deployment.State = DeploymentState.Reconfiguring;
                _world.Reconfigure(deployment, proposal, () => _deployments.Ready(deployment));
                break;
            case ReconfigurationMechanism.Switching when _monitor.TryReserve(deployment, proposal.TiersUsed):
                Switch(deployment, proposal);
                break;
            default:
                if (_settings.ReconfigurationMechanism == ReconfigurationMechanism.Switching)
                    _log.Event(_world.Now, "switch-fallback", $"{deployment}: no free slot beside each partition; pause and resume");
                PauseAndResume(deployment, proposal);
                break;
        }
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
            _deployments.Ready(deployment);
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
            _monitor.ReleaseReserve(deployment);
            if (deployment.State == DeploymentState.Stopped) return;
            deployment.Plan = proposal;
            _log.Event(_world.Now, "switched", deployment.ToString());
        }));
    }

    /// <summary>Runs `action` once the world is ready and at least `costS` has passed since `startedS`: the mechanism's cost as a parameter in both worlds.</summary>
    private void AtLeastAfter(double startedS, double costS, Action action)
    {
        double left = startedS + costS - _world.Now;
        if (left > 0) _world.Schedule(left, action);
        else action();
    }
}
