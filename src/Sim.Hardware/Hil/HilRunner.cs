namespace T2CSim.Hardware.Hil;

using System.Diagnostics;
using System.Globalization;
using T2CSim.Core;
using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Metrics;
using T2CSim.Core.Planning;
using T2CSim.Core.Running;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Workload;
using T2CSim.Hardware.Models;
using T2CSim.Hardware.Profiling;
using T2CSim.Hardware.Transport;

/// <summary>Everything one hardware-in-the-loop run produced (the same pieces as a simulated run).</summary>
/// <param name="Traces">Every job's timestamps, split per hop (docs/hardware.md, "Timing").</param>
public sealed record HilResult(RunSummary Summary, RunTiming Timing, RunLog Log, IReadOnlyList<TimelineBin> Timeline, T2CController Controller, PlaneCounters Counters,
    IReadOnlyList<JobTrace> Traces)
{
    /// <summary>Per node class and link class, from the same RunDriver samples as a simulated run (the agents' reports and link counters).</summary>
    public NodeClassUsage? Nodes { get; init; }
}

/// <summary>
/// One experiment on the loopback testbed: one agent process per node on 127.0.0.1 (the chain's three
/// tiers, or every node of a tree: each node's CPU quota by its class, each outgoing link shaped in user space), the scenario's requests from the same
/// RequestGenerator at their arrival times in real seconds, the same T2CController on a real-time
/// loop, driven by the same <see cref="RunDriver"/> as the simulator (same summary and timeline).
/// </summary>
public static class HilRunner
{
    public static HilResult Run(Scenario scenario, string algorithm, HilOptions options)
    {
        // One agent process per node (docs/topology.md, "Testbeds"): the chain's tiers, or a tree's nodes.
        HilTopology.Check(scenario, options.Testbed is not null);
        foreach (var m in scenario.Models.Models)
            if (!ModelZoo.TryGet(m.Base, out _))
                throw new UserInputException(scenario.SourcePath, "models", $"{m.Base} is not a network the agents can build (networks: {string.Join(", ", ModelZoo.Names)})");
        var topology = scenario.Topology;
        var log = options.Log;

        var testbed = options.Testbed;
        var external = options.ExternalAgents;
        RefuseUnplayableEvents(scenario, external is not null);
        if (testbed is not null && !testbed.Use(topology).IsUp())
        {
            // Up for another topology (a suite of chains and trees): laid out anew for this one, as `t2c testbed up` would.
            if (!testbed.AnyUp())
                throw new UserInputException(null, "--testbed", $"the testbed is not up: run `t2c testbed up --scenario {scenario.SourcePath}` first");
            log($"namespace testbed {testbed.Prefix} was up for another topology: laying it out for this one");
            testbed.Up(topology, log);
        }
        // The testbed may have been brought up for another scenario (a suite): its links take this one's rates.
        for (int k = 0; testbed is not null && k < topology.Links.Count; k++)
            testbed.SetRate(k, topology.Links[k].CapacityBps - topology.Links[k].BackgroundBps);
        using var keys = RunKeys.For(options, topology, log);
        using var hub = new ControlHub(external?.Host ?? testbed?.HostAddress ?? "127.0.0.1", log: line => log("[controller] " + line), port: external?.Port ?? 0,
            keys: keys.Controller);
        var directory = new AgentDirectory(hub, topology, line => log("[controller] " + line));
        if (!topology.IsChain) hub.AgentPositions = AgentDirectory.Positions(topology);
        void Registering(byte[] identity, Envelope _, IWireMessage m)
        {
            if (m is RegisterMessage r) directory.Register(identity, r, 0);
        }
        hub.Control += Registering;

        var agents = new List<AgentProcess>();
        SensorLinks? sensor = null;
        HardwareContinuum? world = null;
        try
        {
            bool quotas = options.CpuQuotas && CpuQuotaCgroup.Available();
            double? hostClock = null;
            AgentProcess StartAgent(int k)
            {
                var tier = topology.Nodes[k];
                var args = new List<string>
                {
                    "--tier", tier.Name, "--control", hub.ControlEndpoint,
                    "--data-bind", testbed is null ? "tcp://127.0.0.1:*" : $"tcp://{testbed.TierAddress(k)}:5560",
                    "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                    "--status-period", options.StatusPeriodS.ToString("R", CultureInfo.InvariantCulture),
                };
                args.AddRange(keys.AgentArguments(k));
                if (HilTopology.UplinkOf(topology, k) is { } uplink)
                {
                    var link = topology.Links[uplink];
                    // In the namespace testbed tc shapes the rate and the agent pays its bucket's lead; the delay is always added in user space.
                    args.AddRange(["--link-mbps", ((link.CapacityBps - link.BackgroundBps) / 1e6).ToString("R", CultureInfo.InvariantCulture),
                        "--link-latency-ms", (link.PropagationS * 1000).ToString("R", CultureInfo.InvariantCulture)]);
                    if (testbed is not null) args.AddRange(["--link-kernel-burst", T2CSim.Hardware.Testbed.TestbedNetwork.BurstBytes.ToString(CultureInfo.InvariantCulture)]);
                }
                // The lookup tables were measured at each tier's instruction set and CPU share
                // (docs/models.md): the agents run under the same caps, or prediction and reality differ.
                // As the profiler's children (docs/models.md): no background JIT or GC thread. Tiered
                // compilation's re-JIT alone took a quarter of the device's 14 % CPU share for the first
                // tens of seconds, throttling every hop through the device.
                var environment = new Dictionary<string, string>(AgentRuntimeEnvironment);
                if (quotas && Testbed.Tiers.FirstOrDefault(t => t.Tier == tier.ClassName) is { } emulation)
                {
                    hostClock ??= options.HostClockGhz ?? HostMachine.MeasureClockGhz();
                    args.AddRange(["--cpu-share", (options.ShareOverride ?? emulation.Share(hostClock.Value)).ToString("R", CultureInfo.InvariantCulture)]);
                    // One CPU per quota'd agent (CpuAffinity explains why), spread over the machine's CPUs.
                    args.AddRange(["--cpu", (k % Math.Min(64, Environment.ProcessorCount)).ToString(CultureInfo.InvariantCulture)]);
                    foreach (var (key, value) in emulation.Isa.Environment) environment[key] = value;
                }
                var command = testbed is null ? options.Agent : options.Agent.InNamespace(testbed.Namespace(k));
                return new AgentProcess(tier.Name, command, args, options.EchoAgentLogs ? log : null, environment);
            }

            IRunWorld StartTestbed(long seed)
            {
                log(testbed is not null
                    ? $"namespace testbed {testbed.Prefix}: agents inside {string.Join(", ", Enumerable.Range(0, topology.NodeCount).Select(testbed.Namespace))}; link rates shaped by tc tbf, propagation delay in user space; CPU quotas {(quotas ? "per tier (cgroup v1)" : "off")}"
                    : string.Create(CultureInfo.InvariantCulture,
                    $"loopback testbed: {topology.NodeCount} agents on 127.0.0.1; links shaped in user space (rate limiter with pipelined sends + scheduled propagation delay); CPU quotas {(quotas ? "per tier (cgroup v1)" : options.CpuQuotas ? "unavailable here: tiers run unthrottled" : "off")}"));
                if (external is not null) log($"waiting for agents started elsewhere to register at {hub.ControlEndpoint} (results {hub.ResultEndpoint})");
                for (int k = 0; k < topology.NodeCount && external is null; k++) agents.Add(StartAgent(k));
                WaitForRegistration(directory, agents, options.RegistrationTimeoutS);
                hub.Control -= Registering;
                log($"agents registered: {string.Join(", ", directory.Agents.Select(a => $"{a.Name} (pid {a.ProcessId})"))}");
                options.Registered?.Invoke(hub, directory);

                LinkSpec SensorLink(int k) =>
                    // Real links between hosts are shaped by the network itself.
                    external is not null ? topology.Links[k] with { CapacityBps = 0, BackgroundBps = 0, PropagationS = 0 } : topology.Links[k];
                // Every agent's whole job path (compute, pass-through, forward, link, result and report) runs
                // once before the clock starts: a cold first forward took 160 ms and skewed the scaling
                // factors for a whole window (docs/hardware.md, "Warm-up"). Kept out of every metric.
                if (options.WarmUp)
                    HilWarmUp.Run(hub, directory, topology, scenario.Models,
                        k => SensorLink(k) is var l ? (testbed is not null ? 0 : l.CapacityBps - l.BackgroundBps, l.PropagationS) : default,
                        line => log("[controller] " + line));
                // A model instance's frames enter at its device, over its device's sensor link (the chain: tier 0, link 0).
                int DeviceOf(string model) => scenario.Models.TryGet(model, out var m) ? topology.PathOf(m).Device : topology.Paths[0].Device;
                int SensorLinkOf(string model) => scenario.Models.TryGet(model, out var m) ? topology.PathOf(m).Links[0] : topology.Paths[0].Links[0];
                sensor = new SensorLinks(topology.SharedSensorLink, (name, model) =>
                {
                    var l = SensorLink(SensorLinkOf(model));
                    int device = DeviceOf(model);
                    return new LinkShaper(directory.Agents[device].DataEndpoint, l.CapacityBps - l.BackgroundBps, l.PropagationS, hub.Counters,
                        line => log($"[sensor {name}] " + line), hub.LinkToAgent(device), testbed is not null ? T2CSim.Hardware.Testbed.TestbedNetwork.BurstBytes : 0);
                }, topology.IsChain ? null : SensorLinkOf);
                var loop = new RealTimeLoop();
                world = new HardwareContinuum(loop, hub, directory, topology, scenario.Models, sensor, options.AgentTimeoutS, line => log("[controller] " + line))
                {
                    ResultReturnInStage = scenario.Controller.LinkScaling,
                    JobDeadlineS = options.JobDeadlineS,
                    DeploymentTimeS = scenario.Controller.DeploymentTimeS,
                    ReconfigurationDowntimeS = scenario.Controller.ReconfigurationDowntimeS,
                };
                return new HilRunWorld(seed, loop, world, topology.NodeCount, testbed, options.Kills, agents, StartAgent, log);
            }

            var run = RunDriver.Run(scenario, algorithm, options.Repeat, StartTestbed);
            foreach (var a in directory.Agents.Where(a => !a.Lost)) hub.Send(a.Identity, new StopMessage());
            if (hub.Counters.RejectedFrames > 0) log($"controller rejected {hub.Counters.RejectedFrames} invalid frames");
            return new HilResult(run.Summary, run.Timing, run.Log, run.Timeline, run.Controller, hub.Counters, world!.Traces) { Nodes = run.Nodes };
        }
        finally
        {
            sensor?.Dispose();
            foreach (var a in agents) a.Dispose();
        }
    }

    /// <summary>
    /// Scenario events the testbed cannot play are refused before any agent starts: a link outage (a
    /// real link cannot be cut here without also cutting the control plane the liveness watch reads),
    /// and a tier outage when the agents were started elsewhere (the run cannot restart them).
    /// </summary>
    private static void RefuseUnplayableEvents(Scenario scenario, bool externalAgents)
    {
        for (int i = 0; i < scenario.Events.Count; i++)
        {
            if (scenario.Events[i] is not Outage outage) continue;
            if (outage.Target == OutageTarget.Link)
                throw new UserInputException(scenario.SourcePath, $"events.{i}.kind",
                    "link_down is simulated only: the testbed cannot cut a link without its control plane (use tier_down, or capacity_factor for a slow link)");
            if (externalAgents)
                throw new UserInputException(scenario.SourcePath, $"events.{i}.kind",
                    "tier_down needs agents this run started (it stops and restarts them); with --listen (agents started elsewhere) stop the agent by hand");
        }
    }

    /// <summary>The .NET runtime settings of every agent the runner starts (those of the profiler's children).</summary>
    public static IReadOnlyDictionary<string, string> AgentRuntimeEnvironment { get; } = new Dictionary<string, string>
    {
        ["DOTNET_TieredCompilation"] = "0",
        ["DOTNET_gcConcurrent"] = "0",
    };

    private static void WaitForRegistration(AgentDirectory directory, List<AgentProcess> agents, double timeoutS)
    {
        var clock = Stopwatch.StartNew();
        while (!directory.AllRegistered)
        {
            if (agents.FirstOrDefault(a => a.HasExited) is { } dead)
                throw new UserInputException(null, "agent " + dead.Tier, $"exited before registering: {dead.Tail()}");
            if (clock.Elapsed.TotalSeconds > timeoutS)
                throw new UserInputException(null, "agents", $"not all registered within {timeoutS} s (missing: {string.Join(", ", directory.Agents.Where(a => !a.Registered).Select(a => a.Name))})");
            Thread.Sleep(50);
        }
        // The Welcomes are on their way; give the agents a moment to connect their next hops.
        Thread.Sleep(200);
    }
}
