namespace T2CSim.Core.Simulation;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Kernel;
using T2CSim.Core.Planning;
using T2CSim.Core.Randomness;
using T2CSim.Core.Running;
using T2CSim.Core.Scenarios;

/// <summary>
/// The simulated thing-to-cloud continuum behind <see cref="IContinuum"/>: tiers whose cores are
/// shared by the partitions on them, partitions that run one inference at a time, links shared by
/// the transfers crossing them, and compute times that wander around the lookup table.
///
/// Each model watches its own sensor (the slides' "Model A (Intersection)", "Model B (Senior
/// house)"), so each model has its own sensor link, with the scenario's sensor-link settings; the
/// links between tiers are shared by everything crossing them.
///
/// An inference is a short story: the sensor frame crosses the model's sensor link; on each tier the job
/// waits for its partition and a core, computes the positions the partition points give that tier
/// (the stem once for all tasks, then each task's branch and, where it exits here, its exit head);
/// the tasks still going continue over the next link; each task is done when its exit head is.
/// What runs where and what crosses each link is the job's <see cref="StagePlan"/>.
///
/// A scenario outage cuts the chain (docs/controller.md, "Failure events"): from the cut tier on,
/// nothing is reachable; jobs in flight whose path reaches past the cut are dropped where they are
/// (what they hold is released) and the controller is told, as on the testbed (TierLost, then
/// TierRestored when the outage ends). In a tree a node or link down cuts only the paths through it
/// (PathCuts; LinkLost/LinkRestored for a link).
/// </summary>
public sealed class SimulatedContinuum : IRunWorld
{
    private readonly Simulation _sim;
    private readonly Topology _topology;
    private readonly SimulationOptions _options;
    private readonly Resource[] _cores;
    // Made on first use: a generated continuum has thousands of nodes, most never computing.
    private readonly RandomStream?[] _noise;
    private readonly Dictionary<(int Deployment, int Tier), Resource> _partitions = [];
    // The same partitions per deployment, indexed by tier, as every inference takes them: one
    // array per deployment instead of one per inference (never changed once made, so jobs in
    // flight keep what they took).
    private readonly Dictionary<int, Resource?[]> _partitionsByTier = [];
    // Partitions hosted per node (what each agent's status report counts).
    private readonly int[] _partitionsOn;
    // Every link of the topology by index (the chain: in chain order); a sensor link is the template
    // of its device's models' own sensor links (or the one they share with shared_sensor_link).
    private readonly SimLink[] _chain;
    private readonly Dictionary<string, SimLink> _sensors = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<SimLink>> _sensorsOf = [];
    private readonly Execution.TestbedDescription? _testbed;
    private readonly Execution.CpuQuotaClock[] _quota;
    // Per node, the stream of its stages' CPU spread (TierExecution.ComputeSigma), made on first use.
    private readonly RandomStream?[] _dispersion;
    // Per node, the stream of the waits of its IO bursts beside a computing worker (TierExecution.BesideIoPeriods),
    // and the bursts waiting now: each runs after its draw or when the worker stops, whichever is first.
    private readonly RandomStream?[] _besideIo;
    private readonly List<Event>?[] _besideWaiting;
    // Per node, the stream of its returns of results sent with the worker idle (TierExecution.ResultAloneS).
    private readonly RandomStream?[] _resultAlone;
    private readonly Execution.TierExecution[] _nodeTerms;
    private readonly Execution.LinkExecution[] _linkTerms;
    private long _controlBytes;
    private long _recordedJobs;
    private readonly PathCuts _cuts;
    // Every job of one shape (model, tasks, partition) runs the same stages: worked out once.
    private readonly StageScripts _scripts = new();
    // Core-seconds each node's cores computed, counted when a stage lets its core go (node-class metrics).
    private readonly double[] _busyCoreS;

    public SimulatedContinuum(Simulation sim, Topology topology, SimulationOptions options)
    {
        _sim = sim;
        _topology = topology;
        _options = options;
        if (options.TierSlowdown.Length != topology.TierCount)
            throw new ArgumentException($"tier slowdown has {options.TierSlowdown.Length} values for {topology.TierCount} tiers");
        _cores = topology.Nodes.Select(t => new Resource(sim, t.Cores)).ToArray();
        _partitionsOn = new int[topology.NodeCount];
        _busyCoreS = new double[topology.NodeCount];
        _noise = new RandomStream?[topology.NodeCount];
        // The ideal world (no testbed description, or one of zeros) keeps the thesis's story untouched.
        _testbed = options.Testbed is { IsIdeal: false } testbed ? testbed : null;
        // Its terms per node by class and per link by kind (the chain: by tier and link, Execution/TestbedPlaces).
        _nodeTerms = _testbed is null ? [] : Execution.TestbedPlaces.PerNode(topology, _testbed);
        _linkTerms = _testbed is null ? [] : Execution.TestbedPlaces.PerLink(topology, _testbed);
        _chain = topology.Links.Select((l, k) => new SimLink(sim, l.Name, l.CapacityBps, l.PropagationS, l.BackgroundBps, InOrder(k))).ToArray();
        _quota = _nodeTerms.Select(t => t.NewClock()).ToArray();
        _dispersion = new RandomStream?[_nodeTerms.Length];
        _besideIo = new RandomStream?[_nodeTerms.Length];
        _besideWaiting = new List<Event>?[_nodeTerms.Length];
        _resultAlone = new RandomStream?[_nodeTerms.Length];
        _cuts = new PathCuts(topology.NodeCount, topology.Links.Count);
        // Every agent (one per node) registers with the controller when the run starts.
        _controlBytes += (long)topology.NodeCount * (ControlMessageSizes.Registration + ControlMessageSizes.Welcome);
    }

    /// <summary>
    /// Link `index` of the chain as a transfer of `model` sees it: index 0 is the model's own sensor
    /// link (made on first use with the scenario's sensor-link settings), or the one sensor link of the
    /// chain when topology.shared_sensor_link is set; the others are shared.
    /// </summary>
    public SimLink Link(int index, string model) => Link(index, model, 0);

    /// <summary>The same for a model whose device's sensor link is topology link `sensorLink` (the chain: 0).</summary>
    private SimLink Link(int index, string model, int sensorLink)
    {
        if (index > 0 || _topology.SharedSensorLink) return _chain[index];
        if (!_sensors.TryGetValue(model, out var link))
        {
            var spec = _chain[sensorLink];
            _sensors[model] = link = new SimLink(_sim, $"{spec.Name}:{model}", spec.CapacityBps, spec.PropagationS, spec.BackgroundBps, InOrder(sensorLink));
            if (!_sensorsOf.TryGetValue(sensorLink, out var copies)) _sensorsOf[sensorLink] = copies = [];
            copies.Add(link);
        }
        return link;
    }

    /// <summary>Position `position` of `model`'s path as a link: its own sensor link at 0, else the topology's link.</summary>
    private SimLink PathLink(ModelSpec model, NodePath path, int position) =>
        position > 0 || _topology.SharedSensorLink ? _chain[path.Links[position]] : Link(0, model.Name, path.Links[0]);

    /// <summary>Whether link k sends its frames one after another (a testbed's FIFO shaper) rather than sharing its rate.</summary>
    private bool InOrder(int k) => k < _linkTerms.Length && _linkTerms[k].InOrder;

    /// <summary>Data bytes delivered over link `index` (for the sensor link: over every model's).</summary>
    public long BytesDelivered(int index)
    {
        if (!IsSensor(index) || _topology.SharedSensorLink) return _chain[index].BytesDelivered;
        if (!_sensorsOf.TryGetValue(index, out var copies)) return 0;
        // A plain loop: node-class sampling reads every sensor link every sample period.
        long sum = 0;
        foreach (var l in copies) sum += l.BytesDelivered;
        return sum;
    }

    private bool IsSensor(int index) => _topology.Links[index].Child < 0;

    public long[] BytesDeliveredPerLink() => Enumerable.Range(0, _chain.Length).Select(BytesDelivered).ToArray();

    /// <summary>A scenario event: link `index` (every sensor link for index 0) gets a new capacity.</summary>
    public void SetCapacity(int index, double capacityBps)
    {
        _chain[index].SetCapacity(capacityBps);
        if (_sensorsOf.TryGetValue(index, out var copies)) foreach (var l in copies) l.SetCapacity(capacityBps);
    }

    /// <summary>A scenario event: link `index` (every sensor link for index 0) gets new background traffic.</summary>
    public void SetBackground(int index, double backgroundBps)
    {
        _chain[index].SetBackground(backgroundBps);
        if (_sensorsOf.TryGetValue(index, out var copies)) foreach (var l in copies) l.SetBackground(backgroundBps);
    }

    public double Now => _sim.Now;
    public long ControlBytes => _controlBytes;

    public void Schedule(double delayS, Action action) => _sim.Schedule(delayS, action);

    public RandomStreams Random => _sim.Random;

    public void Begin(T2CController controller) => Listener = controller;

    /// <summary>Told when an outage cuts a tier off and when it is back (the controller; tests may listen themselves).</summary>
    public IContinuumListener? Listener { get; set; }

    public void At(double timeS, Action action) => _sim.Schedule(timeS - _sim.Now, action);

    public void Play(IEnumerable<Request> requests, Action<Request> submit) => _sim.Process(Arrivals(requests, submit));

    private IEnumerable<Event> Arrivals(IEnumerable<Request> requests, Action<Request> submit)
    {
        foreach (var request in requests)
        {
            if (request.ArrivalS > _sim.Now) yield return _sim.Timeout(request.ArrivalS - _sim.Now);
            submit(request);
        }
    }

    public void Every(double periodS, Action action) => _sim.Process(Periodically(periodS, action));

    private IEnumerable<Event> Periodically(double periodS, Action action)
    {
        while (true)
        {
            action();
            yield return _sim.Timeout(periodS);
        }
    }

    public void ChangeLink(int link, double? capacityBps, double? backgroundBps)
    {
        if (capacityBps is { } c) SetCapacity(link, c);
        if (backgroundBps is { } b) SetBackground(link, b);
    }

    /// <summary>
    /// An outage starts. In the chain it cuts the tier position it names (a link down: the tier it leads
    /// to) and the controller hears TierLost of that tier; in a tree a node down is TierLost of the node
    /// and a link down LinkLost of the link: each cuts only the paths through it.
    /// </summary>
    public void TakeDown(Outage outage)
    {
        if (_topology.IsChain || outage.Target == OutageTarget.Tier)
        {
            if (_cuts.CutNode(outage.FirstTierCut, _sim.Now)) Listener?.TierLost(outage.FirstTierCut);
        }
        else if (_cuts.CutLink(outage.Index, _sim.Now)) Listener?.LinkLost(outage.Index);
    }

    public void BringUp(Outage outage)
    {
        if (_topology.IsChain || outage.Target == OutageTarget.Tier)
        {
            if (_cuts.MendNode(outage.FirstTierCut)) Listener?.TierRestored(outage.FirstTierCut);
        }
        else if (_cuts.MendLink(outage.Index)) Listener?.LinkRestored(outage.Index);
    }


    public void RunUntil(double endS) => _sim.Run(endS);

    public IReadOnlyList<long> LinkBytes() => BytesDeliveredPerLink();

    public long LinkBytes(int link) => BytesDelivered(link);

    public double BusyCoreSeconds(int node) => _busyCoreS[node];

    public long EventsProcessed(RunLog log) => _sim.ProcessedEvents;

    public void Launch(Deployment deployment, Action ready)
    {
        var byTier = new Resource?[_topology.TierCount];
        foreach (var tier in deployment.Tiers)
        {
            _partitions[(deployment.Id, tier)] = byTier[tier] = new Resource(_sim, 1);
            _controlBytes += ControlMessageSizes.Deploy(deployment.Plan.Tasks.Count) + ControlMessageSizes.Ack;
        }
        _partitionsByTier[deployment.Id] = byTier;
        foreach (var tier in deployment.Tiers) _partitionsOn[deployment.NodeAt(tier)]++;
        _sim.Schedule(_options.DeploymentTimeS, ready);
    }

    public void Reconfigure(Deployment deployment, ModelDeployment newPlan, Action ready)
    {
        _controlBytes += deployment.Tiers.Count * (ControlMessageSizes.Reconfigure(newPlan.Tasks.Count) + ControlMessageSizes.Ack);
        _sim.Schedule(_options.ReconfigurationDowntimeS, ready);
    }

    public void Shutdown(Deployment deployment)
    {
        _controlBytes += deployment.Tiers.Count * (ControlMessageSizes.Shutdown + ControlMessageSizes.Ack);
        // Jobs in flight keep their partition objects; only new work can no longer find them.
        foreach (var tier in deployment.Tiers) _partitions.Remove((deployment.Id, tier));
        if (_partitionsByTier.Remove(deployment.Id))
            foreach (var tier in deployment.Tiers) _partitionsOn[deployment.NodeAt(tier)]--;
    }

    private LinkReading[]? _readings;

    public LinkReading[] ReadLinks()
    {
        // Reading the links is each agent (node) sending its status report, with its partition count.
        // Plain loops: a generated continuum reports tens of thousands of links every period.
        for (int k = 0; k < _partitionsOn.Length; k++)
            _controlBytes += ControlMessageSizes.StatusReport(_partitionsOn[k], 1);
        double window = _options.ThroughputWindowS;
        // One array for every report (IContinuum.ReadLinks is read at once): at 20,100 links a new one
        // was 482 KB on the large object heap every status period.
        var readings = _readings ??= new LinkReading[_chain.Length];
        for (int k = 0; k < readings.Length; k++)
        {
            var l = _chain[k];
            readings[k] = new LinkReading(l.CapacityBps, l.MeasuredThroughputBps(window), l.PropagationS);
        }
        // A device's sensor links are reported as one: the mean of what its models' sensor links measure.
        foreach (var (index, copies) in _sensorsOf)
        {
            double sum = 0;
            foreach (var l in copies) sum += l.MeasuredThroughputBps(window);
            readings[index] = readings[index] with { ThroughputBps = sum / copies.Count };
        }
        return readings;
    }

    public void Infer(Deployment deployment, InferenceJob job)
    {
        var partitions = _partitionsByTier.GetValueOrDefault(deployment.Id) ?? new Resource?[_topology.TierCount];
        _sim.Process(_testbed is null ? RunInference(deployment.Model, job, partitions) : RunInferenceOnTestbed(deployment.Model, job, partitions, _testbed));
    }

    private IEnumerable<Event> RunInference(ModelSpec model, InferenceJob job, Resource?[] partitions)
    {
        if (job.Tasks.Count == 0) throw new InvalidOperationException("an inference job needs at least one task");
        // A local whose value is needed after a yield is a field of the iterator object, which lives
        // as long as the job is in flight (under overload a hundred thousand of them, each copied and
        // marked by every collection): what can be read again from the shared script, the
        // partitions or the topology is read again, and the steps are walked by index.
        var script = _scripts.For(model, job.Tasks, job.Partition);
        // Stage k runs on the k-th node of the model's device path and its data crosses the path's k-th link.
        var path = _topology.PathOf(model);
        double sentS = _sim.Now;
        yield return PathLink(model, path, 0).Send(model.InputBytes);
        if (Dropped(job, path, script.LastTier)) yield break;
        job.TransferDone(0, model.InputBytes, _sim.Now - sentS);

        for (int tier = 0; tier <= script.LastTier; tier++)
        {
            if (tier > 0)
            {
                sentS = _sim.Now;
                yield return _chain[path.Links[tier]].Send(script.BytesCrossing(tier));
                if (Dropped(job, path, script.LastTier)) yield break;
                job.TransferDone(tier, script.BytesCrossing(tier), _sim.Now - sentS);
            }
            if (script.Work(tier).IsEmpty) continue;

            double arrivedS = _sim.Now;
            var slot = (partitions[tier] ?? throw new InvalidOperationException($"tier {tier} has no partition of this deployment")).Request();
            yield return slot;
            if (Dropped(job, path, script.LastTier, partitions[tier], slot)) yield break;
            var core = _cores[path.Nodes[tier]].Request();
            yield return core;
            if (Dropped(job, path, script.LastTier, partitions[tier], slot, _cores[path.Nodes[tier]], core)) yield break;
            double coreS = _sim.Now;
            double speed = _options.TierSlowdown[tier] * Noise(path.Nodes[tier]);
            for (int i = 0; i < script.Work(tier).Steps.Count; i++)
            {
                double computeS = script.Work(tier).Steps[i].ComputeS;
                if (computeS > 0) yield return _sim.Timeout(computeS * speed);
                if (Dropped(job, path, script.LastTier, partitions[tier], slot, _cores[path.Nodes[tier]], core)) yield break;
                int doneSlot = script.Work(tier).Steps[i].DoneSlot;
                if (doneSlot >= 0) job.TaskDone(doneSlot, _sim.Now);
            }
            _busyCoreS[path.Nodes[tier]] += _sim.Now - coreS;
            _cores[path.Nodes[tier]].Release(core);
            partitions[tier]!.Release(slot);
            job.StageDone(tier, script.Work(tier).LookupS, _sim.Now - arrivedS);
        }
    }

    /// <summary>
    /// The same story with a testbed's execution-model terms (docs/validation.md): the sender encodes
    /// and hands over each frame (link send), the wire adds its headers and overhead, the receiving
    /// agent decodes and hands the job to its worker (tier receive), the stage computes at the host's
    /// speed under the tier's CPU quota (CpuQuotaClock: the stage's fixed cost, then the table's time x
    /// the CPU share x the compute factor as host CPU),
    /// each finished task's result goes back to the controller (tier result: latency, or beside the next job's stage on the quota) before the forward, and a
    /// tier with no positions still receives and forwards. Every CPU term runs on its tier's quota.
    /// </summary>
    private IEnumerable<Event> RunInferenceOnTestbed(ModelSpec model, InferenceJob job, Resource?[] partitions, Execution.TestbedDescription testbed)
    {
        var script = _scripts.For(model, job.Tasks, job.Partition);
        int lastTier = script.LastTier;
        // The job's hop records (validation runs only: SimulationOptions.Hops), in the testbed trace's terms.
        var hops = _options.Hops;
        long id = hops is null ? 0 : ++_recordedJobs;
        string partitionName = hops is null ? "" : job.Partition.ToString();
        void Record(string hop, string what, double seconds) => hops!.Add(id, model.Name, partitionName, hop, what, seconds);
        // When the upstream had what crosses the next link: as the testbed's trace counts it.
        double upstreamReadyS = _sim.Now;
        // Stage k on node Nodes[k] of the model's device path, its data over link Links[k] (the chain: k and k).
        var path = _topology.PathOf(model);
        for (int tier = 0; tier <= lastTier; tier++)
        {
            long bytes = script.BytesCrossing(tier);
            int node = path.Nodes[tier];
            var link = _linkTerms[path.Links[tier]];
            var terms = _nodeTerms[node];
            string linkHop = hops is null ? "" : Execution.HopNames.Link(_topology, path, tier), nodeHop = hops is null ? "" : Execution.HopNames.Node(_topology, path, tier);
            double readyS = _sim.Now;
            // The sensor's frame is sent by the controller (no quota); the others by the upstream tier.
            yield return Until(tier == 0 ? _sim.Now + link.SendS : IoEnd(path.Nodes[tier - 1], link.SendS));
            double sentS = _sim.Now;
            var simLink = PathLink(model, path, tier);
            double freeBps = Math.Max(0, simLink.CapacityBps - simLink.BackgroundBps);
            yield return simLink.Send(bytes);
            yield return _sim.Timeout(link.WireS + (freeBps > 0 ? (link.WireBytesFactor - 1) * bytes * 8.0 / freeBps : 0));
            // The frame is off the socket when the agent's receiving thread runs: beside a computing worker,
            // a drawn number of periods later or when the worker stops (TierExecution.BesideIoPeriods); the
            // testbed's trace counts that in the link (its wire ends off the data socket).
            bool wokeBeside = false;
            if (terms.IoBesideInPeriods && _cores[node].InUse > 0)
            {
                var run = BesideRun(node);
                yield return run;
                wokeBeside = run.Value is false && _cores[node].InUse > 0;
            }
            if (Dropped(job, path, lastTier)) yield break;
            job.TransferDone(tier, bytes, _sim.Now - readyS);

            double arrivedS = _sim.Now;
            if (hops is not null)
            {
                Record(linkHop, "total", arrivedS - upstreamReadyS);
                Record(linkHop, "send", sentS - upstreamReadyS);
                Record(linkHop, "wire", arrivedS - sentS);
            }
            // Woken beside the worker, its CPU comes off the worker's quota; else it runs as any IO burst.
            if (wokeBeside) _quota[node].Charge(_sim.Now, terms.ReceiveS);
            else yield return Until(IoEnd(node, terms.ReceiveS));
            var work = script.Work(tier);
            if (work.IsEmpty)
            {
                if (hops is not null) Record(nodeHop, "pass", _sim.Now - arrivedS);
                upstreamReadyS = arrivedS;
                continue;
            }
            var partition = partitions[tier] ?? throw new InvalidOperationException($"tier {tier} has no partition of this deployment");
            var slot = partition.Request();
            yield return slot;
            if (Dropped(job, path, lastTier, partition, slot)) yield break;
            var core = _cores[node].Request();
            yield return core;
            if (Dropped(job, path, lastTier, partition, slot, _cores[node], core)) yield break;
            double startS = _sim.Now; // also when the core starts computing (node-class metrics)
            // The testbed's spread of a stage's CPU (TierExecution.StageSpreadS, else ComputeSigma) where fitted, else the scenario's noise.
            double spread = terms.StageSpreadS is { Count: > 0 }
                ? Spread(node, terms, work.LookupS, _options.TierSlowdown[tier] * (terms.StageS + work.LookupS * terms.CpuPerTableSOf(model.Base)))
                : terms.ComputeSigma > 0 ? Dispersion(node, terms.ComputeSigma) : Noise(node);
            double cpuPerTableS = _options.TierSlowdown[tier] * spread * terms.CpuPerTableSOf(model.Base);
            // The stage's fixed cost (tensors in and out, cold caches) comes with its first position; the
            // worker then runs on through the stage's steps (one run of one thread: CpuQuotaClock's continues).
            bool running = false;
            double cpuS = 0; // what the stage charged the node's quota (hops.csv's cpu, as the agent measures it)
            if (terms.StageS > 0)
            {
                double stageCpuS = _options.TierSlowdown[tier] * terms.StageS * (terms.HasSpread ? spread : 1);
                cpuS += stageCpuS;
                yield return Until(_quota[node].Run(_sim.Now, stageCpuS));
                running = true;
            }
            var done = new List<int>();
            foreach (var step in work.Steps)
            {
                if (step.ComputeS > 0)
                {
                    // Null (the clock's own rule: a burst from the last one's end goes on) without a tick: the overrun model as it was.
                    cpuS += step.ComputeS * cpuPerTableS;
                    yield return Until(_quota[node].Run(_sim.Now, step.ComputeS * cpuPerTableS, continues: running && _quota[node].TickS > 0 ? true : null));
                    running = true;
                }
                if (Dropped(job, path, lastTier, partition, slot, _cores[node], core)) yield break;
                if (step.DoneSlot >= 0) done.Add(step.DoneSlot);
            }
            // The host's contention (TierExecution.CpuWaitRatio): the stage's wait for a host CPU, wall time
            // off the quota. On the testbed it falls between the stage's bursts; here after them, with the
            // same total (the quota clock sees the bursts back to back).
            if (terms.CpuWaitRatio > 0 && cpuS > 0)
            {
                yield return _sim.Timeout(terms.CpuWaitRatio * cpuS);
                if (Dropped(job, path, lastTier, partition, slot, _cores[node], core)) yield break;
            }
            upstreamReadyS = _sim.Now;
            if (hops is not null)
            {
                Record(nodeHop, "queue", startS - arrivedS);
                Record(nodeHop, "compute", upstreamReadyS - startS);
                if (cpuS > 0) Record(nodeHop, "cpu", cpuS);
                Record(nodeHop, "lookup", work.LookupS);
            }
            // With the IO thread beside the worker, the worker hands the results over and takes the next job.
            bool beside = terms.IoBesideWorker;
            if (beside)
            {
                _busyCoreS[node] += _sim.Now - startS;
                ReleaseCore(node, core);
                partition.Release(slot);
                job.StageDone(tier, work.LookupS, _sim.Now - arrivedS);
                // The next job waiting for the worker is granted it now, so the results below find the worker
                // computing, as on the testbed. (Its stage is charged to the quota after them when it also
                // waited for a partition slot: its core request is queued behind this Timeout, and the clock
                // then charges its stage against the period the results reached: CpuQuotaClock.Charge.)
                yield return _sim.Timeout(0);
            }
            // Results first (as the agents send them), each handled on the controller ResultS later (with the
            // worker idle, a draw of TierExecution.ResultAloneS where the description has one). After a
            // stage with the worker idle, the return is latency and the forward does not wait for it (the
            // agent pushes its results and forwards at once): the agent's read of its CPU clock at the
            // stage's end has the kernel throttle a spent quota there (round 9), so the result goes with
            // the next period's; charged to the quota after the stage, it waited for the next period
            // whenever the stage had left less than ResultS (simulated medians 7.16 ms on the device, 3.12
            // on the edge, 1.43 on the cloud) where every tier measured 0.5-0.7 ms. Beside a worker that
            // took the next job at once, the IO thread shares the quota with it (IoEnd), before the
            // forward it also sends, as measured: ag-deep's results on v2's busy cloud 2.9 ms
            // (docs/validation.md, "Round 10").
            foreach (int task in done)
            {
                if (beside && _cores[node].InUse > 0 && terms.IoBesideInPeriods)
                {
                    // Beside the worker spending the quota the IO thread runs only a drawn number of periods
                    // later, or once the worker stops (TierExecution.BesideIoPeriods; docs/validation.md,
                    // "Round 13"); the forward does not wait for it (the agent's doesn't).
                    _sim.Process(ReturnResultBeside(job, path, lastTier, node, tier, task, upstreamReadyS,
                        hops is null ? null : (what, seconds) => Record($"result@{nodeHop}", what, seconds)));
                }
                else if (beside && _cores[node].InUse > 0)
                {
                    yield return Until(IoEnd(node, terms.ResultS));
                    if (Dropped(job, path, lastTier)) yield break;
                    ResultHandled(job, tier, task, upstreamReadyS, hops is null ? null : (what, seconds) => Record($"result@{nodeHop}", what, seconds));
                }
                else _sim.Process(ReturnResult(job, path, lastTier, tier, task, ResultAloneS(node), upstreamReadyS,
                    hops is null ? null : (what, seconds) => Record($"result@{nodeHop}", what, seconds)));
            }
            if (!beside)
            {
                _busyCoreS[node] += _sim.Now - startS;
                ReleaseCore(node, core);
                partition.Release(slot);
                job.StageDone(tier, work.LookupS, _sim.Now - arrivedS);
            }
        }
    }

    /// <summary>A result's return as latency: handled on the controller <paramref name="delayS"/> after it left, unless an outage cut the job meanwhile (the job's own process ends it then).</summary>
    private IEnumerable<Event> ReturnResult(InferenceJob job, NodePath path, int lastTier, int tier, int task, double delayS, double leftS, Action<string, double>? record)
    {
        yield return _sim.Timeout(delayS);
        if (_cuts.CutOff(path, lastTier, job.StartS)) yield break;
        ResultHandled(job, tier, task, leftS, record);
    }

    /// <summary>
    /// A result sent beside the worker computing the next job (TierExecution.BesideIoPeriods): the IO thread
    /// runs a drawn number of quota periods later, its CPU then taken from the worker's quota, and the
    /// result is handled; if the worker stops first, the IO runs then, alone: a return after an idle stage.
    /// </summary>
    private IEnumerable<Event> ReturnResultBeside(InferenceJob job, NodePath path, int lastTier, int node, int tier, int task, double leftS, Action<string, double>? record)
    {
        var run = BesideRun(node);
        yield return run;
        var terms = _nodeTerms[node];
        if (run.Value is false && _cores[node].InUse > 0) _quota[node].Charge(_sim.Now, terms.ResultS);
        else yield return _sim.Timeout(ResultAloneS(node));
        if (_cuts.CutOff(path, lastTier, job.StartS)) yield break;
        ResultHandled(job, tier, task, leftS, record);
    }

    /// <summary>
    /// The return of a result node's IO thread sends with the worker idle: a draw of TierExecution.ResultAloneS
    /// from the node's own stream where the description has the distribution, else its ResultS.
    /// </summary>
    private double ResultAloneS(int node)
    {
        var terms = _nodeTerms[node];
        if (terms.ResultAloneS is not { Count: > 0 }) return terms.ResultS;
        var stream = _resultAlone[node] ??= ExecutionStream("result-alone:" + _topology.Nodes[node].Name);
        return terms.ResultAloneAtS(stream.NextDouble());
    }

    /// <summary>
    /// When an IO burst woken beside node's computing worker runs: after a draw of TierExecution.BesideIoPeriods
    /// (the node's own stream; the event's value false), or when the worker stops first (true). Only the
    /// bursts still waiting are held, so a tier that never idles keeps none that have run.
    /// </summary>
    private Event BesideRun(int node)
    {
        var stream = _besideIo[node] ??= ExecutionStream("beside-io:" + _topology.Nodes[node].Name);
        var run = new Event(_sim);
        var waiting = _besideWaiting[node] ??= [];
        waiting.Add(run);
        _sim.Timeout(_nodeTerms[node].BesideIoAtS(stream.NextDouble())).AddCallback(_ =>
        {
            if (run.IsTriggered) return;
            waiting.Remove(run);
            run.Succeed(false);
        });
        return run;
    }

    /// <summary>Releases a core of node; if that leaves its worker idle, the IO bursts waiting beside it (BesideRun) run.</summary>
    private void ReleaseCore(int node, ResourceRequest core)
    {
        _cores[node].Release(core);
        WorkerMayBeIdle(node);
    }

    /// <summary>
    /// The bursts waiting beside node's worker run once it stops: one step later than the release, so the
    /// stage just ended sends its results with the worker idle first, as the agent's worker does before its
    /// receiving thread hands it the next frame.
    /// </summary>
    private void WorkerMayBeIdle(int node)
    {
        if (node < 0 || _besideWaiting.Length == 0 || _cores[node].InUse > 0 || _besideWaiting[node] is not { Count: > 0 } waiting) return;
        var runs = waiting.ToArray();
        waiting.Clear();
        _sim.Timeout(0).AddCallback(_ =>
        {
            foreach (var run in runs)
                if (!run.IsTriggered) run.Succeed(true);
        });
    }

    /// <summary>The controller handles a task's result now: its hop records, the return learned, the task done.</summary>
    private void ResultHandled(InferenceJob job, int tier, int task, double leftS, Action<string, double>? record)
    {
        record?.Invoke("total", _sim.Now - leftS);
        record?.Invoke("latency", _sim.Now - job.StartS);
        job.ResultReturned(tier, _sim.Now - leftS);
        job.TaskDone(task, _sim.Now);
    }

    /// <summary>
    /// When an IO burst of tier k's agent (a receive, a send, a result beside the next job) of <paramref name="cpuS"/> ends.
    /// In line with the worker it runs on the tier's quota clock. With the IO thread beside the worker
    /// (TierExecution.IoShare) and the worker computing, the two threads draw from the agent's one cgroup
    /// quota (CpuQuotaClock.BesideEnd): the IO gets its share of the CPU while the period has quota and
    /// waits, throttled with the worker, when the worker has spent it; the worker's clock pays the CPU
    /// the IO took.
    /// </summary>
    private double IoEnd(int node, double cpuS)
    {
        var nodeTerms = _nodeTerms[node];
        if (!nodeTerms.IoBesideWorker || _cores[node].InUse == 0) return _quota[node].Run(_sim.Now, cpuS);
        double end = _quota[node].BesideEnd(_sim.Now, cpuS, nodeTerms.IoShare);
        _quota[node].Charge(_sim.Now, cpuS);
        return end;
    }

    /// <summary>
    /// Whether an outage cut the job's path: then what it holds is released and its requests still
    /// running end unserved (the controller has already ended them as lost with the tier when it was
    /// told; this covers any left). Free when no outage ever happened.
    /// </summary>
    private bool Dropped(InferenceJob job, NodePath path, int lastTier, Resource? partition = null, ResourceRequest? slot = null, Resource? cores = null, ResourceRequest? core = null)
    {
        if (!_cuts.CutOff(path, lastTier, job.StartS)) return false;
        if (core is not null)
        {
            cores!.Release(core);
            WorkerMayBeIdle(Array.IndexOf(_cores, cores));
        }
        if (slot is not null) partition!.Release(slot);
        job.Lost();
        return true;
    }

    private Event Until(double timeS) => _sim.Timeout(Math.Max(0, timeS - _sim.Now));

    /// <summary>
    /// A stage's CPU multiplier on tier k of a testbed with a fitted spread (TierExecution.ComputeSigma):
    /// lognormal of mean 1 and that sigma, from the tier's own seeded stream (deterministic per seed).
    /// </summary>
    private double Dispersion(int node, double sigma)
    {
        var stream = _dispersion[node] ??= ExecutionStream("dispersion:" + _topology.Nodes[node].Name);
        return Math.Exp(stream.Normal(-sigma * sigma / 2, sigma));
    }

    /// <summary>
    /// A stage's CPU multiplier on tier k of a testbed with a measured spread (TierExecution.StageSpreadS):
    /// an amount of CPU drawn from the empirical distribution (the tier's own seeded stream, the same one
    /// as ComputeSigma's: a tier has one or the other; a long stage's from the long stages' distribution
    /// where the tier has one), added to the stage's <paramref name="cpuS"/> as
    /// the ratio (cpu + amount) / cpu, so that its fixed cost and every position carry their part. A draw
    /// below -cpu leaves the stage nothing to run (ratio 0).
    /// </summary>
    private double Spread(int node, Execution.TierExecution terms, double tableS, double cpuS)
    {
        var stream = _dispersion[node] ??= ExecutionStream("dispersion:" + _topology.Nodes[node].Name);
        double extraS = terms.SpreadAtS(stream.NextDouble(), tableS);
        return cpuS > 0 ? Math.Max(0, 1 + extraS / cpuS) : 1;
    }

    /// <summary>
    /// A stream only the execution draws from (a stage's noise or spread): the replication's own
    /// (SimulationOptions.Replication), so that replications of a run share its arrivals and differ in
    /// their execution.
    /// </summary>
    private RandomStream ExecutionStream(string purpose) => _sim.Random.Stream(RandomStreams.Replicated(purpose, _options.Replication));

    /// <summary>Lognormal with mean 1 and the configured coefficient of variation.</summary>
    private double Noise(int node)
    {
        double cv = _options.ComputeNoiseCv;
        if (cv <= 0) return 1;
        double sigma2 = Math.Log(1 + cv * cv);
        var stream = _noise[node] ??= ExecutionStream("noise:" + _topology.Nodes[node].Name);
        return Math.Exp(stream.Normal(-sigma2 / 2, Math.Sqrt(sigma2)));
    }
}
