namespace T2CSim.Core.Running;

using System.Diagnostics;
using System.Globalization;
using T2CSim.Core.Controller;
using T2CSim.Core.Metrics;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Workload;

/// <summary>
/// One run, the same in the simulator and on the testbed (CloudSim Plus's "simulation" object): a
/// scenario, an algorithm and a seed in, the thesis's metrics out. The story: the algorithm is looked
/// up; the world is made for the run's seed; the T2C controller is made on it and started; requests
/// from the 311-driven workload arrive at their times and are submitted; the scenario's timed events
/// change links or take tiers and links down and back; every second the deployed models and the
/// queue are sampled for the timeline; at the end the controller stops and the metrics are taken.
/// Only <see cref="IRunWorld"/> differs between the worlds.
/// </summary>
public static class RunDriver
{
    /// <summary>How often the queue length and the deployed models are sampled for the timeline.</summary>
    public const double SamplePeriodS = 1;

    /// <param name="makeWorld">Makes the world for the run's seed (the testbed starts its agents here: part of the run's wall time).</param>
    public static RunResult Run(Scenario scenario, string algorithm, int repeat, Func<long, IRunWorld> makeWorld)
    {
        var wall = Stopwatch.StartNew();
        var spec = AlgorithmCatalog.Get(algorithm);
        long seed = scenario.RepeatSeed(repeat);
        var world = makeWorld(seed);
        var controller = new T2CController(world, new LatencyPredictor(scenario.Topology, scenario.Models, scenario.Testbed), spec, scenario.Controller);
        world.Begin(controller);

        controller.Start();
        world.Play(new RequestGenerator(scenario.Workload, world.Random).Generate(scenario.DurationS), controller.Submit);
        foreach (var e in scenario.Events) Schedule(e, scenario, world, controller.Log);
        var samples = new List<(double, int, int)>();
        // Per node class and link class, with the same samples (docs/topology.md, "Metrics per node class and link").
        var usage = new NodeClassUsage(scenario.Topology);
        Func<int, int> slotsUsed = controller.ResourceMonitor.SlotsUsed;
        Func<int, double> busyCoreS = world.BusyCoreSeconds;
        Func<int, long> linkBytes = world.LinkBytes;
        world.Every(SamplePeriodS, () =>
        {
            samples.Add((world.Now, controller.ResourceMonitor.Deployments.Count, controller.RequestManager.Queue.Count));
            usage.Sample(world.Now, slotsUsed, busyCoreS, linkBytes);
        });
        world.RunUntil(scenario.DurationS);
        // The core-seconds and bytes up to the end close the last bin.
        usage.Close(world.Now, busyCoreS, linkBytes);
        controller.Stop();

        var (summary, timing, timeline) = RunMetrics.Of(scenario, seed, controller, world.LinkBytes(), world.ControlBytes,
            samples, wall.Elapsed.TotalSeconds, world.EventsProcessed(controller.Log));
        return new RunResult(summary, timing, controller.Log, timeline, controller) { Nodes = usage };
    }

    private static void Schedule(ScenarioEvent e, Scenario scenario, IRunWorld world, RunLog log)
    {
        switch (e)
        {
            case LinkChange change:
                world.At(change.AtS, () => Apply(change, scenario, world, log));
                break;
            case Outage outage:
                world.At(outage.AtS, () =>
                {
                    log.Event(world.Now, "outage", outage.ForS is { } d ? string.Create(CultureInfo.InvariantCulture, $"{outage} down for {d:0.###} s") : $"{outage} down to the end");
                    world.TakeDown(outage);
                });
                if (outage.ForS is { } forS)
                    world.At(outage.AtS + forS, () =>
                    {
                        log.Event(world.Now, "outage-end", $"{outage} up");
                        world.BringUp(outage);
                    });
                break;
            default:
                throw new ArgumentException($"no run applies a {e.GetType().Name}");
        }
    }

    /// <summary>A capacity factor is relative to the scenario's declared capacity, so events never compound.</summary>
    private static void Apply(LinkChange e, Scenario scenario, IRunWorld world, RunLog log)
    {
        var spec = scenario.Topology.Links[e.LinkIndex];
        double? capacity = e.CapacityFactor is { } f ? spec.CapacityBps * f : null;
        world.ChangeLink(e.LinkIndex, capacity, e.BackgroundBps);
        if (e.CapacityFactor is { } factor)
            log.Event(world.Now, "link", $"{spec.Name} capacity x{factor} = {spec.CapacityBps * factor / 1e6:0.###} Mbps");
        if (e.BackgroundBps is { } background)
            log.Event(world.Now, "background", $"{spec.Name} background {background / 1e6:0.###} Mbps");
    }
}
