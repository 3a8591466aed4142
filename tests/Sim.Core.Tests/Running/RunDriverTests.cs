namespace T2CSim.Tests.Core.Running;

using System.Globalization;
using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Core.Randomness;
using T2CSim.Core.Running;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;
using T2CSim.Core.Workload;
using T2CSim.Tests.Core.Support;

/// <summary>
/// The run driver on a world of its own (a timer queue whose inferences take 50 ms): it plays the
/// scenario's requests, events and sampler on whatever world it is given, so the simulator and the
/// testbed cannot drift apart again.
/// </summary>
public sealed class RunDriverTests
{
    /// <summary>A world that keeps a journal of what the driver asked of it.</summary>
    private sealed class JournalWorld(long seed, Topology topology) : IRunWorld
    {
        private readonly PriorityQueue<Action, (double, long)> _timers = new();
        private long _order;

        public List<string> Journal { get; } = [];
        public List<Request> Submitted { get; } = [];
        public RandomStreams Random { get; } = new(seed);
        public double Now { get; private set; }
        public long ControlBytes => 0;

        public void Schedule(double delayS, Action action) => At(Now + delayS, action);
        public void At(double timeS, Action action) => _timers.Enqueue(action, (timeS, _order++));
        public void Begin(T2CController controller) => Journal.Add("begin");
        public void Launch(Deployment deployment, Action ready) => Schedule(0.1, ready);
        public void Reconfigure(Deployment deployment, ModelDeployment newPlan, Action ready) => Schedule(0.1, ready);
        public void Shutdown(Deployment deployment) { }
        public void Infer(Deployment deployment, InferenceJob job) =>
            Schedule(0.05, () => { for (int s = 0; s < job.Tasks.Count; s++) job.TaskDone(s, Now); });
        public LinkReading[] ReadLinks() => topology.Links.Select(l => new LinkReading(l.CapacityBps, l.BackgroundBps, l.PropagationS)).ToArray();

        public void Play(IEnumerable<Request> requests, Action<Request> submit)
        {
            foreach (var r in requests) At(r.ArrivalS, () => { Submitted.Add(r); submit(r); });
        }

        public void Every(double periodS, Action action)
        {
            Journal.Add(Line($"every {periodS} s"));
            void Tick() { action(); Schedule(periodS, Tick); }
            At(Now, Tick);
        }

        public void ChangeLink(int link, double? capacityBps, double? backgroundBps) =>
            Journal.Add(Line($"{Now} s: link {link} capacity {capacityBps?.ToString() ?? "-"} background {backgroundBps?.ToString() ?? "-"}"));
        public void TakeDown(Outage outage) => Journal.Add(Line($"{Now} s: down {outage}"));
        public void BringUp(Outage outage) => Journal.Add(Line($"{Now} s: up {outage}"));

        public void RunUntil(double endS)
        {
            Journal.Add(Line($"run until {endS} s"));
            while (_timers.TryPeek(out _, out var key) && key.Item1 < endS)
            {
                Now = key.Item1;
                _timers.Dequeue()();
            }
            Now = endS;
        }

        public IReadOnlyList<long> LinkBytes() => new long[topology.Links.Count];
        public long EventsProcessed(RunLog log) => 0;

        private static string Line(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
    }

    private static (RunResult Result, JournalWorld World) Drive(Scenario scenario)
    {
        JournalWorld? world = null;
        var result = RunDriver.Run(scenario, "T2C_MH", 0, seed => world = new JournalWorld(seed, scenario.Topology));
        return (result, world!);
    }

    [Test]
    public void The_driver_plays_the_scenario_on_the_world_it_is_given()
    {
        using var folder = new ScenarioFolder();
        var scenario = ScenarioLoader.Load(folder.ScenarioPath, ["workload.multiplier=50"]);
        var (result, world) = Drive(scenario);

        // The fixture's events come sorted: edge_cloud (40 Mbps) halved at 20 s, 8 Mbps background on device_edge at 30 s.
        Assert.That(world.Journal, Is.EqualTo(new[]
        {
            "begin", "every 1 s", "run until 60 s",
            "20 s: link 2 capacity 20000000 background -",
            "30 s: link 1 capacity - background 8000000",
        }));
        Assert.That(result.Log.Events.Where(e => e.Kind is "link" or "background").Select(e => (e.TimeS, e.Kind, e.Detail)), Is.EqualTo(new[]
        {
            (20.0, "link", "edge_cloud capacity x0.5 = 20 Mbps"),
            (30.0, "background", "device_edge background 8 Mbps"),
        }));

        // The run's seed draws the workload: the scenario's requests, each submitted at its arrival time.
        var expected = new RequestGenerator(scenario.Workload, new RandomStreams(scenario.RepeatSeed(0))).Generate(scenario.DurationS).ToList();
        Assert.That(expected, Is.Not.Empty);
        Assert.That(world.Submitted, Is.EqualTo(expected));
        var s = result.Summary;
        Assert.That(s.Arrived, Is.EqualTo(expected.Count));
        Assert.That(s.Served + s.Missed + s.Unserved, Is.EqualTo(s.Arrived));
        Assert.That(s.Served, Is.GreaterThan(0), "the world's 50 ms inferences serve requests");
    }

    [Test]
    public void Both_worlds_receive_the_same_requests()
    {
        using var folder = new ScenarioFolder();
        var scenario = ScenarioLoader.Load(folder.ScenarioPath, ["workload.multiplier=50"]);
        var (_, world) = Drive(scenario);
        var simulated = Experiment.Run(scenario, "T2C_MH");
        Assert.That(simulated.Log.Requests.Select(r => r.Request), Is.EqualTo(world.Submitted));
    }

    [Test]
    public void An_outage_goes_down_at_its_time_and_comes_back_after_its_duration()
    {
        string yaml = Fixtures.ScenarioYaml.Replace("- {at_s: 30, link: device_edge, background_mbps: 8}",
            "- {at_s: 30, kind: tier_down, tier: edge, for_s: 5}\n  - {at_s: 40, kind: link_down, link: edge_cloud}", StringComparison.Ordinal);
        using var folder = new ScenarioFolder(yaml);
        var (result, world) = Drive(ScenarioLoader.Load(folder.ScenarioPath));
        Assert.That(world.Journal.Skip(3), Is.EqualTo(new[]
        {
            "20 s: link 2 capacity 20000000 background -",
            "30 s: down tier edge",
            "35 s: up tier edge",
            "40 s: down link edge_cloud",
        }));
        Assert.That(result.Log.Events.Where(e => e.Kind.StartsWith("outage", StringComparison.Ordinal)).Select(e => (e.TimeS, e.Kind, e.Detail)), Is.EqualTo(new[]
        {
            (30.0, "outage", "tier edge down for 5 s"),
            (35.0, "outage-end", "tier edge up"),
            (40.0, "outage", "link edge_cloud down to the end"),
        }));
    }
}
