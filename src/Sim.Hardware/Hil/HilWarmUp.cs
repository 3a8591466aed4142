namespace T2CSim.Hardware.Hil;

using System.Diagnostics;
using T2CSim.Core.Domain;
using T2CSim.Hardware.Agent;
using T2CSim.Hardware.Models;
using T2CSim.Hardware.Transport;

/// <summary>
/// Before the measured run (docs/hardware.md, "Warm-up"): for each scenario model, two warm-up
/// deployments (negative ids) — every tier passing through but the last, cuts (0,0), and every tier
/// computing and forwarding, cuts (1,2,...) — each gets a few synthetic frames over a sensor link of
/// its own; the warm-up waits for every job to finish (a StageReport that forwarded nothing), then shuts
/// the deployments down. So every agent has run the decode, compute, pass-through, forward, link-send,
/// result and report paths once, and every socket has carried a frame, before the controller starts.
/// The agents leave warm-up jobs out of their link counts and jobs done; the controller's plane
/// counters are given back what they counted meanwhile; no controller, clock or JobTrace sees them.
/// On a tree this is done per device path (its agents, its sensor link, the networks of the model
/// instances on that device), so a shared edge is warmed once per device under it.
/// </summary>
public static class HilWarmUp
{
    public const int FramesPerPlacement = 3;
    /// <summary>Warm-up job ids have the top bit set: never an id the run's continuum hands out.</summary>
    public const ulong JobIdBase = 1UL << 63;

    /// <param name="sensorOf">Sensor link k's rate and propagation as the warm-up frames cross it.</param>
    public static void Run(ControlHub hub, AgentDirectory agents, Topology topology, ModelCatalog models, Func<int, (double RateBps, double PropagationS)> sensorOf,
        Action<string> log, double timeoutS = 60)
    {
        int tierCount = topology.TierCount;
        var clock = Stopwatch.StartNew();
        var before = Snapshot(hub.Counters);
        var gate = new object();
        var acks = new Dictionary<(int Deployment, MessageKind Kind), int>();
        var finished = new HashSet<ulong>();
        var failures = new List<string>();
        void OnControl(byte[] _, Envelope __, IWireMessage m)
        {
            if (m is not AckMessage a || a.DeploymentId >= 0) return;
            lock (gate)
            {
                acks[(a.DeploymentId, a.AckedKind)] = acks.GetValueOrDefault((a.DeploymentId, a.AckedKind)) + 1;
                if (!a.Ok) failures.Add($"{a.AckedKind} of warm-up deployment {a.DeploymentId}: {a.Error}");
                Monitor.PulseAll(gate);
            }
        }
        void OnResult(Envelope _, IWireMessage m)
        {
            if (m is not StageReportMessage s || s.JobId < JobIdBase || s.Times.ForwardedNs != 0) return;
            lock (gate) { finished.Add(s.JobId); Monitor.PulseAll(gate); }
        }
        bool WaitFor(Func<bool> done)
        {
            lock (gate)
            {
                while (!done())
                {
                    double left = timeoutS - clock.Elapsed.TotalSeconds;
                    if (left <= 0) return false;
                    Monitor.Wait(gate, TimeSpan.FromSeconds(Math.Min(left, 0.5)));
                }
                return true;
            }
        }

        hub.Control += OnControl;
        hub.Result += OnResult;
        int jobs = 0, deploymentId = 0;
        try
        {
            foreach (var path in topology.Paths)
            {
                var (sensorRateBps, sensorPropagationS) = sensorOf(path.Links[0]);
                var onPath = path.Nodes.Select(n => agents.Agents[n]).ToArray();
                using var sensor = new LinkShaper(agents.Agents[path.Device].DataEndpoint, sensorRateBps, sensorPropagationS, counters: null, log: line => log("[warm-up sensor] " + line), peer: hub.LinkToAgent(path.Device));
                // The networks of the instances bound to this device (the chain: every model), each once.
                var networks = models.Models.Where(m => topology.PathOf(m).Device == path.Device).DistinctBy(m => m.Base).ToArray();
                foreach (var model in networks)
                {
                    var tasks = model.Tasks.Select(t => new TaskExit(t.Name, t.FinalExit.Index)).ToArray();
                    int[][] placements =
                    [
                        new int[tierCount - 1],
                        Enumerable.Range(1, tierCount - 1).Select(k => Math.Min(k, Math.Max(0, model.MaxDepth - 1))).ToArray(),
                    ];
                    foreach (var cuts in placements)
                    {
                        int id = --deploymentId;
                        foreach (var a in onPath)
                            hub.Send(a.Identity, new PartitionCommand(MessageKind.Deploy, id, model.Base, a.Position, cuts, tasks));
                        if (!WaitFor(() => acks.GetValueOrDefault((id, MessageKind.Deploy)) == tierCount))
                            throw new TimeoutException($"warm-up deployment of {model.Name} ({string.Join(",", cuts)}) not acknowledged");
                        var ids = new List<ulong>();
                        for (int i = 0; i < FramesPerPlacement; i++)
                        {
                            ulong job = JobIdBase + (ulong)++jobs;
                            ids.Add(job);
                            long now = WireClock.NowNs();
                            var message = new JobMessage(job, id, model.Base, cuts, tasks, 0, [("", TensorConversion.Frame(SensorFrame.Synthetic(i)))], now, WireClock.NowNs());
                            sensor.Send(WireCodec.Encode(message, hub.NextSequence()), MessageKind.Job);
                        }
                        if (!WaitFor(() => ids.All(finished.Contains)))
                            throw new TimeoutException($"warm-up jobs of {model.Name} ({string.Join(",", cuts)}) did not finish");
                        foreach (var a in onPath) hub.Send(a.Identity, new ShutdownMessage(id));
                        if (!WaitFor(() => acks.GetValueOrDefault((id, MessageKind.Shutdown)) == tierCount))
                            throw new TimeoutException($"warm-up deployment of {model.Name} ({string.Join(",", cuts)}) not shut down");
                    }
                }
            }
            lock (gate)
                if (failures.Count > 0) log($"warm-up: {string.Join("; ", failures)}");
            log($"warm-up: {jobs} jobs through {-deploymentId} deployments in {clock.Elapsed.TotalSeconds:0.00} s");
        }
        catch (TimeoutException e)
        {
            log($"warm-up incomplete after {clock.Elapsed.TotalSeconds:0.0} s ({e.Message}); the first jobs may be slower");
        }
        finally
        {
            hub.Control -= OnControl;
            hub.Result -= OnResult;
            // Nothing of the warm-up is part of the run's byte counts.
            var after = Snapshot(hub.Counters);
            foreach (var plane in Enum.GetValues<Plane>())
                hub.Counters.Discount(plane, after[plane].Sent - before[plane].Sent, after[plane].Received - before[plane].Received);
        }
    }

    private static Dictionary<Plane, (long Sent, long Received)> Snapshot(PlaneCounters c) =>
        Enum.GetValues<Plane>().ToDictionary(p => p, p => (c.SentBytes(p), c.ReceivedBytes(p)));
}
