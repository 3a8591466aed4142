namespace T2CSim.Core.Simulation;

using System.Diagnostics;
using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Kernel;
using T2CSim.Core.Metrics;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Workload;

/// <summary>Everything one simulated run produced.</summary>
public sealed record ExperimentResult(RunSummary Summary, RunTiming Timing, RunLog Log, IReadOnlyList<TimelineBin> Timeline, T2CController Controller);

/// <summary>
/// One experiment, CloudSim-Plus style: a scenario, an algorithm and a seed in, the thesis's metrics
/// out. The story: requests arrive from the 311-driven workload and are submitted to the controller;
/// the scenario's timed events change the links; the controller plans, deploys, serves and
/// reconfigures on the simulated continuum until the duration is over.
/// </summary>
public static class Experiment
{
    /// <summary>How often the queue length and the deployed models are sampled for the timeline.</summary>
    public const double SamplePeriodS = 1;

    public static ExperimentResult Run(Scenario scenario, string algorithm, int repeat = 0, double[]? tierSlowdown = null)
    {
        var wall = Stopwatch.StartNew();
        var spec = AlgorithmCatalog.Get(algorithm);
        long seed = scenario.RepeatSeed(repeat);
        var sim = new Simulation(seed);
        var topology = scenario.Topology;
        var options = new SimulationOptions(
            scenario.ComputeNoiseCv,
            tierSlowdown ?? Enumerable.Repeat(1.0, topology.TierCount).ToArray(),
            scenario.Controller.DeploymentTimeS,
            scenario.Controller.ReconfigurationDowntimeS,
            Testbed: scenario.Testbed);
        var world = new SimulatedContinuum(sim, topology, options);
        var controller = new T2CController(world, new LatencyPredictor(topology, scenario.Models, scenario.Testbed), spec, scenario.Controller);

        controller.Start();
        sim.Process(Arrivals(sim, controller, new RequestGenerator(scenario.Workload, sim.Random).Generate(scenario.DurationS)));
        foreach (var e in scenario.Events) sim.Schedule(e.AtS, () => Apply(e, topology, world, controller));
        var samples = new List<(double, int, int)>();
        sim.Process(Sample(sim, controller, samples));
        sim.Run(scenario.DurationS);
        controller.Stop();

        var (summary, timing, timeline) = RunMetrics.Of(scenario, seed, controller, world.BytesDeliveredPerLink(), world.ControlBytes,
            samples, wall.Elapsed.TotalSeconds, sim.ProcessedEvents);
        return new ExperimentResult(summary, timing, controller.Log, timeline, controller);
    }

    private static IEnumerable<Event> Arrivals(Simulation sim, T2CController controller, IEnumerable<Request> requests)
    {
        foreach (var request in requests)
        {
            if (request.ArrivalS > sim.Now) yield return sim.Timeout(request.ArrivalS - sim.Now);
            controller.Submit(request);
        }
    }

    private static IEnumerable<Event> Sample(Simulation sim, T2CController controller, List<(double, int, int)> samples)
    {
        while (true)
        {
            samples.Add((sim.Now, controller.ResourceMonitor.Deployments.Count, controller.RequestManager.Queue.Count));
            yield return sim.Timeout(SamplePeriodS);
        }
    }

    /// <summary>A capacity factor is relative to the scenario's declared capacity, so events never compound.</summary>
    private static void Apply(ScenarioEvent e, Topology topology, SimulatedContinuum world, T2CController controller)
    {
        var spec = topology.Links[e.LinkIndex];
        if (e.CapacityFactor is { } factor)
        {
            world.SetCapacity(e.LinkIndex, spec.CapacityBps * factor);
            controller.Log.Event(world.Now, "link", $"{spec.Name} capacity x{factor} = {spec.CapacityBps * factor / 1e6:0.###} Mbps");
        }
        if (e.BackgroundBps is { } background)
        {
            world.SetBackground(e.LinkIndex, background);
            controller.Log.Event(world.Now, "background", $"{spec.Name} background {background / 1e6:0.###} Mbps");
        }
    }
}
