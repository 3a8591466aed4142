namespace T2CSim.Hardware.Hil;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;
using T2CSim.Hardware.Agent;
using T2CSim.Hardware.Models;
using T2CSim.Hardware.Transport;

/// <summary>
/// The real continuum behind <see cref="IContinuum"/>: the same T2CController drives agents over
/// NetMQ. Everything the controller sees happens on the <see cref="RealTimeLoop"/> thread: network
/// callbacks are posted to it. Launch sends Deploy to every tier of the deployment and calls ready
/// when all have acknowledged and the scenario's deployment time has passed (DeploymentTimeS); Infer plays the sensor, sending a frame to
/// the device's agent over the shaped sensor link; results and stage reports come back on the result
/// sink. An agent silent for longer than the timeout is reported lost to the listener.
///
/// On a tree (docs/topology.md) there is one agent per node: a deployment's stage k goes to node
/// Nodes[k] of its model's device path, the frames enter at that device over the instance's sensor
/// link, and the agents report by stage position (as the simulated world does); the chain is the
/// one-path case where node = position.
///
/// A Result or StageReport counts only for a job in flight and from a tier on its path (the first tier
/// to the last one computing); a job leaves the flight when its last tier reported, when a tier on its
/// path is lost, or at its deadline (<see cref="JobDeadlineS"/>), and its requests still running then
/// end unserved with the cause, so none stays "running" without one (docs/security.md).
/// </summary>
public sealed class HardwareContinuum : IContinuum
{
    private readonly RealTimeLoop _loop;
    private readonly ControlHub _hub;
    private readonly AgentDirectory _agents;
    private readonly Topology _topology;
    private readonly ModelCatalog _models;
    private readonly SensorLinks _sensor;
    private readonly double _agentTimeoutS;
    private readonly Action<string> _log;
    private readonly Dictionary<(int Node, ulong Sequence), PendingCommand> _pending = [];
    private readonly Dictionary<ulong, RunningJob> _jobs = [];
    private readonly double[] _capacity, _background;
    // Core-seconds each node's agent reported computing (StageReport.ComputeS), for node-classes.csv.
    private readonly double[] _busyCoreS;
    private ulong _lastJob;

    private sealed class PendingCommand(int deploymentId, int waiting, Action ready, double servesFromS)
    {
        public int DeploymentId { get; } = deploymentId;
        public int Waiting { get; set; } = waiting;
        public bool Failed { get; set; }
        public Action Ready { get; } = ready;
        /// <summary>The earliest it may serve: its command's time plus the scenario's launch or downtime (<see cref="DeploymentTimeS"/>).</summary>
        public double ServesFromS { get; } = servesFromS;
    }

    private sealed record RunningJob(Deployment Deployment, InferenceJob Job, JobTrace Trace);

    public HardwareContinuum(RealTimeLoop loop, ControlHub hub, AgentDirectory agents, Topology topology, ModelCatalog models,
        SensorLinks sensorLinks, double agentTimeoutS, Action<string> log)
    {
        _loop = loop;
        _hub = hub;
        _agents = agents;
        _topology = topology;
        _models = models;
        _sensor = sensorLinks;
        _agentTimeoutS = agentTimeoutS;
        _log = log;
        _capacity = topology.Links.Select(l => l.CapacityBps).ToArray();
        _busyCoreS = new double[topology.NodeCount];
        _background = topology.Links.Select(l => l.BackgroundBps).ToArray();
        hub.Control += (identity, envelope, message) => loop.Post(() => OnControl(identity, message));
        hub.TimedResult += (envelope, message, receivedNs) => loop.Post(() => OnResult(message, receivedNs));
    }

    /// <summary>Told when an agent is lost (the controller).</summary>
    public IContinuumListener? Listener { get; set; }
    /// <summary>Every task result as it arrives: job, slot, scores (tests compare them with the whole network).</summary>
    public event Action<ulong, int, float[]>? ResultArrived;
    /// <summary>Frames sent into the device agent: seed of job N's frame is N.</summary>
    public Func<ulong, byte[]> FrameOf { get; set; } = id => SensorFrame.Synthetic((int)id);

    /// <summary>
    /// With link scaling (controller.link_scaling): a tier's stage that produced results lasts, for its
    /// scaling-factor log, until the last of them reached the controller, so the result's return (which
    /// the model neglects: on the device it is mostly waiting out the CFS period the stage exhausted)
    /// is learned in that tier's tau instead of being missed. Off: the thesis's runtime, arrival to the
    /// stage's end on the agent.
    /// </summary>
    public bool ResultReturnInStage { get; set; }

    /// <summary>
    /// The scenario's container launch (controller.deployment_time_s) and reconfiguration downtime
    /// (controller.reconfiguration_downtime_s), emulated as the testbed emulates the scenario's link
    /// rates and CPU shares: a deployment serves once every agent acknowledged its command **and** this
    /// long after the command, whichever is later. The agents here load a cached network in a few
    /// milliseconds (2.6 ms mean in round 5's v1 NEU runs) where the simulator waited the scenario's
    /// 0.3 s, so the requests that queued for a new deployment left in other batches in the two worlds
    /// (docs/validation.md, "Deployment time as the scenario says"). 0: the real time alone, as before.
    /// </summary>
    public double DeploymentTimeS { get; init; }

    /// <inheritdoc cref="DeploymentTimeS"/>
    public double ReconfigurationDowntimeS { get; init; }

    /// <summary>A job whose results have not all come this long after it started is given up (its requests end unserved).</summary>
    public double JobDeadlineS { get; set; } = 10;

    /// <summary>Seconds after its last tier's report before a job leaves the flight: results from other tiers travel on other connections.</summary>
    private const double ResultGraceS = 1;

    /// <summary>Jobs in flight (tests: nothing stays in flight after a run).</summary>
    public int JobsInFlight => _jobs.Count;

    /// <summary>Every job's timestamps, in the order started (docs/hardware.md, "Timing").</summary>
    public List<JobTrace> Traces { get; } = [];

    public double Now => _loop.Now;
    public long ControlBytes => _hub.Counters.Total(Plane.Control);

    public void Schedule(double delayS, Action action) => _loop.Schedule(delayS, action);

    /// <summary>Starts the liveness watch: every quarter second, agents silent past the timeout are lost.</summary>
    public void StartWatch()
    {
        void Check()
        {
            foreach (var a in _agents.Agents)
                if (!a.Lost && _loop.Now - a.LastHeardS > _agentTimeoutS)
                    Lose(a.Node, $"silent for {_loop.Now - a.LastHeardS:0.##} s (timeout {_agentTimeoutS} s)");
            _loop.Schedule(0.25, Check);
        }
        foreach (var a in _agents.Agents) a.LastHeardS = _loop.Now;
        _loop.Schedule(0.25, Check);
    }

    /// <summary>
    /// Node `tier`'s agent is gone (silent past the timeout, or stopped by a scenario outage): its
    /// pending commands are dropped, the listener is told, and jobs whose path crosses it are given up.
    /// </summary>
    public void Lose(int tier, string why)
    {
        var a = _agents.Agents[tier];
        if (a.Lost) return;
        a.Lost = true;
        _log($"agent {a.Name} {why}: lost");
        foreach (var key in _pending.Keys.Where(k => k.Node == a.Node).ToList()) _pending.Remove(key);
        Listener?.TierLost(a.Node);
        // Jobs whose path crosses the lost node will not complete; the controller ended their deployments.
        foreach (var (id, running) in _jobs.Where(j => Crosses(j.Value, a)).ToList())
            GiveUp(id, running, $"lost with the {a.Name} agent on its path");
    }

    public void Launch(Deployment deployment, Action ready) => Command(MessageKind.Deploy, deployment, deployment.Plan, ready, DeploymentTimeS);

    public void Reconfigure(Deployment deployment, ModelDeployment newPlan, Action ready) => Command(MessageKind.Reconfigure, deployment, newPlan, ready, ReconfigurationDowntimeS);

    private void Command(MessageKind kind, Deployment deployment, ModelDeployment plan, Action ready, double emulatedS)
    {
        var tasks = plan.Tasks.Select(t => new TaskExit(t.Task, t.ExitIndex)).ToArray();
        var pending = new PendingCommand(deployment.Id, deployment.Tiers.Count, ready, _loop.Now + emulatedS);
        foreach (int tier in deployment.Tiers)
        {
            var agent = _agents.Agents[deployment.NodeAt(tier)];
            if (agent.Lost) { _log($"{kind} of {deployment} not sent: agent {agent.Name} is lost"); continue; }
            ulong seq = _hub.Send(agent.Identity, new PartitionCommand(kind, deployment.Id, NetworkOf(deployment.Model), tier, plan.Partition.Cuts.ToArray(), tasks));
            _pending[(agent.Node, seq)] = pending;
        }
    }

    public void Shutdown(Deployment deployment)
    {
        foreach (int node in deployment.Nodes)
            if (!_agents.Agents[node].Lost) _hub.Send(_agents.Agents[node].Identity, new ShutdownMessage(deployment.Id));
    }

    /// <summary>The network the agents build for a model: an instance (`sg-lite@intersection`) runs its declared model's.</summary>
    private static string NetworkOf(ModelSpec model) => model.Base;

    public void Infer(Deployment deployment, InferenceJob job)
    {
        ulong id = ++_lastJob;
        long startNs = WireClock.NowNs();
        var links = ReadLinks();
        var trace = new JobTrace(id, deployment.Model, job, startNs, _topology.TierCount,
            k => deployment.LinkAt(k) is var l ? LatencyPredictor.TransferTime(BytesOver(deployment.Model, job, k), links[l].CapacityBps, links[l].ThroughputBps, links[l].PropagationS) : 0,
            HopNames(deployment.Model));
        Traces.Add(trace);
        _jobs[id] = new RunningJob(deployment, job, trace);
        var message = new JobMessage(id, deployment.Id, NetworkOf(deployment.Model), job.Partition.Cuts.ToArray(),
            job.Tasks.Select(t => new TaskExit(t.Task.Name, t.Exit.Index)).ToArray(), 0, [("", TensorConversion.Frame(FrameOf(id)))],
            ReadyNs: startNs, SentNs: WireClock.NowNs());
        if (!_sensor.For(deployment.Model.Name).Send(WireCodec.Encode(message, _hub.NextSequence()), MessageKind.Job))
        {
            GiveUp(id, _jobs[id], "sensor link queue full");
            return;
        }
        _loop.Schedule(JobDeadlineS, () =>
        {
            if (_jobs.TryGetValue(id, out var late)) GiveUp(id, late, $"no result within the job deadline of {JobDeadlineS} s");
        });
    }

    /// <summary>The last tier the job's data reaches: the last one computing a part of it.</summary>
    private static int LastTierOf(RunningJob running) => running.Deployment.Tiers.Count == 0 ? 0 : running.Deployment.Tiers.Max();

    /// <summary>Whether the job's data passes the agent's node: its position is at most the last tier and its node is on the job's path.</summary>
    private static bool Crosses(RunningJob running, AgentEntry agent) =>
        agent.Position >= 0 && LastTierOf(running) >= agent.Position && running.Deployment.NodeAt(agent.Position) == agent.Node;

    /// <summary>
    /// The trace's hop names for a model's path: the chain keeps `link{k}`/`tier{k}` (its files unchanged);
    /// on a tree each hop names its link and node (`link:intersection_edge`, `node:edge`).
    /// </summary>
    private (string[] Links, string[] Nodes)? HopNames(ModelSpec model)
    {
        if (_topology.IsChain) return null;
        var path = _topology.PathOf(model);
        return (Enumerable.Range(0, path.Links.Length).Select(k => Core.Execution.HopNames.Link(_topology, path, k)).ToArray(),
            Enumerable.Range(0, path.Nodes.Length).Select(k => Core.Execution.HopNames.Node(_topology, path, k)).ToArray());
    }

    /// <summary>The job leaves the flight; its requests not yet served end unserved with the reason.</summary>
    private void GiveUp(ulong id, RunningJob running, string reason)
    {
        if (!_jobs.Remove(id)) return;
        running.Job.Fail(reason);
    }

    /// <summary>
    /// Link k's capacity from the scenario (and its events), its throughput as measured by the sending
    /// end: a sensor link by the controller's shapers of that device, a node's link to its parent by the
    /// node's agent (the chain: link k by tier k-1).
    /// </summary>
    public LinkReading[] ReadLinks()
    {
        var readings = new LinkReading[_topology.Links.Count];
        for (int k = 0; k < readings.Length; k++)
        {
            int child = _topology.Links[k].Child;
            double measured = child < 0 ? _sensor.ThroughputBps(k) : _agents.Agents[child].LastStatus?.Links.FirstOrDefault().ThroughputBps ?? 0;
            readings[k] = new LinkReading(_capacity[k], _background[k] + measured, _topology.Links[k].PropagationS);
        }
        return readings;
    }

    /// <summary>Core-seconds node `node`'s agent reported computing so far (the stage reports' ComputeS; docs/topology.md, "Commands on graph scenarios").</summary>
    public double BusyCoreSeconds(int node) => _busyCoreS[node];

    /// <summary>Bytes each link carried so far (sensor link measured here, the others by their sending agent).</summary>
    public IReadOnlyList<long> LinkBytes() =>
        Enumerable.Range(0, _topology.Links.Count)
            .Select(k => _topology.Links[k].Child is var child && child < 0 ? _sensor.BytesSentOver(k) : _agents.Agents[child].LastStatus?.Links.FirstOrDefault().BytesSent ?? 0)
            .ToList();

    /// <summary>A scenario event: new capacity or background on link k; the sending end shapes to capacity - background (returned).</summary>
    public double SetLink(int link, double? capacityBps, double? backgroundBps)
    {
        if (capacityBps is { } c) _capacity[link] = c;
        if (backgroundBps is { } b) _background[link] = b;
        double rate = Math.Max(1e3, _capacity[link] - _background[link]);
        int child = _topology.Links[link].Child;
        if (child < 0) _sensor.SetRate(link, rate);
        else if (!_agents.Agents[child].Lost)
            _hub.Send(_agents.Agents[child].Identity, new LinkSetMessage(_capacity[link], _background[link]));
        return rate;
    }

    private void OnControl(byte[] identity, IWireMessage message)
    {
        if (message is RegisterMessage r)
        {
            if (_agents.Register(identity, r, _loop.Now) == Registration.Restored && _agents.Tier(r.Tier) is { } back)
            {
                _log($"agent {back.Name} registered again: back in service");
                Listener?.TierRestored(back.Node);
            }
            return;
        }
        var agent = _agents.ByIdentity(identity);
        if (agent is null) { _log($"{message.Kind} from an unregistered agent ignored"); return; }
        if (agent.Lost) return;
        agent.LastHeardS = _loop.Now;
        switch (message)
        {
            case StatusMessage s:
                agent.LastStatus = s;
                break;
            case AckMessage a when a.AckedKind is MessageKind.Deploy or MessageKind.Reconfigure:
                if (!_pending.Remove((agent.Node, a.AckedSequence), out var pending)) break;
                if (!a.Ok)
                {
                    pending.Failed = true;
                    _log($"{a.AckedKind} of deployment {a.DeploymentId} failed on {agent.Name}: {a.Error}");
                }
                if (--pending.Waiting == 0 && !pending.Failed) Serve(pending);
                break;
            case AckMessage:
                break;
            default:
                _log($"{message.Kind} is not a message for the controller: ignored");
                break;
        }
    }

    /// <summary>Every agent acknowledged: the deployment serves now, or at the end of the scenario's launch or downtime if that is later.</summary>
    private void Serve(PendingCommand pending)
    {
        double left = pending.ServesFromS - _loop.Now;
        if (left > 0) _loop.Schedule(left, pending.Ready);
        else pending.Ready();
    }

    /// <summary>What the predictor counts crossing link k for this job (tensor bytes; the raw frame on link 0).</summary>
    private static long BytesOver(ModelSpec model, InferenceJob job, int link) =>
        StagePlan.Of(model, job.Tasks, job.Partition).BytesCrossing(model, job.Tasks, link);

    private void OnResult(IWireMessage message, long receivedNs)
    {
        switch (message)
        {
            case ResultMessage r when _jobs.TryGetValue(r.JobId, out var running) && r.TierIndex <= LastTierOf(running):
                Heard(running, r.TierIndex);
                if (r.Slot >= running.Job.Tasks.Count || r.Scores.DType != WireDType.Float32) { _log($"result for slot {r.Slot} of job {r.JobId} ignored"); return; }
                running.Trace.Result(r.Slot, r.TierIndex, r.SentNs, receivedNs, WireClock.NowNs());
                running.Job.TaskDone(r.Slot, _loop.Now);
                ResultArrived?.Invoke(r.JobId, r.Slot, r.Scores.ToFloats());
                break;
            case StageReportMessage s when _jobs.TryGetValue(s.JobId, out var running) && s.TierIndex <= LastTierOf(running):
                Heard(running, s.TierIndex);
                if (s.TierIndex >= _topology.TierCount) return;
                if (s.TierIndex == LastTierOf(running))
                {
                    ulong done = s.JobId;
                    _loop.Schedule(ResultGraceS, () => { if (_jobs.TryGetValue(done, out var j)) GiveUp(done, j, "a result never came"); });
                }
                var work = StagePlan.Of(running.Deployment.Model, running.Job.Tasks, running.Job.Partition).Work(running.Job.Tasks, s.TierIndex);
                running.Trace.Stage(s, work.LookupS);
                // Link k brought the data from the moment tier k-1 (or the sensor) had it to its arrival here.
                double transfer = WireClock.Seconds(s.Times.InReadyNs, s.Times.ReceivedNs);
                if (transfer >= 0) running.Job.TransferDone(s.TierIndex, BytesOver(running.Deployment.Model, running.Job, s.TierIndex), transfer);
                if (!s.Computed) break;
                // The agent's own compute time, on the node that ran the stage: the testbed's busy core-seconds,
                // counted when the report comes in (the simulator counts a stage when it ends).
                _busyCoreS[running.Deployment.NodeAt(s.TierIndex)] += s.ComputeS;
                double runtime = s.RuntimeS;
                // Results travel on the same socket ahead of the report, so they are all in by now.
                if (ResultReturnInStage && running.Trace.LastResultNs(s.TierIndex) is { } resultNs && WireClock.Seconds(s.Times.ReceivedNs, resultNs) is var full && full > runtime)
                    runtime = full;
                // Results travel ahead of the report, so their returns are known now (ResultReturns).
                foreach (double wall in running.Trace.ResultWallsS(s.TierIndex, s.Times.EndNs)) running.Job.ResultReturned(s.TierIndex, wall);
                running.Job.StageDone(s.TierIndex, work.LookupS, runtime);
                break;
            default:
                _log($"{message.Kind} for a job not in flight or from a tier off its path ignored");
                break;
        }
    }

    /// <summary>The agent of the job's stage `tier` (a position on its path) was heard from.</summary>
    private void Heard(RunningJob running, int tier)
    {
        if (tier >= _topology.TierCount) return;
        int node = running.Deployment.NodeAt(tier);
        if (!_agents.Agents[node].Lost) _agents.Agents[node].LastHeardS = _loop.Now;
    }
}
