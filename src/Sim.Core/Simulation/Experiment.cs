namespace T2CSim.Core.Simulation;

using T2CSim.Core.Controller;
using T2CSim.Core.Metrics;
using T2CSim.Core.Running;
using T2CSim.Core.Scenarios;

/// <summary>Everything one simulated run produced.</summary>
public sealed record ExperimentResult(RunSummary Summary, RunTiming Timing, RunLog Log, IReadOnlyList<TimelineBin> Timeline, T2CController Controller)
{
    /// <summary>Per node class and link class over the run (docs/topology.md, "Metrics per node class and link").</summary>
    public NodeClassUsage? Nodes { get; init; }
}

/// <summary>
/// One simulated experiment: the <see cref="RunDriver"/>'s run on the simulated continuum (a
/// discrete-event kernel seeded with the run's seed, tiers that may be slowed down, compute noise,
/// the scenario's deployment and reconfiguration times and testbed description).
/// </summary>
public static class Experiment
{
    /// <param name="replication">Which draw of the execution randomness (SimulationOptions.Replication); 0: the plain run.</param>
    public static ExperimentResult Run(Scenario scenario, string algorithm, int repeat = 0, double[]? tierSlowdown = null, Execution.HopRecorder? hops = null, int replication = 0)
    {
        var topology = scenario.Topology;
        var options = new SimulationOptions(
            scenario.ComputeNoiseCv,
            tierSlowdown ?? Enumerable.Repeat(1.0, topology.TierCount).ToArray(),
            scenario.Controller.DeploymentTimeS,
            scenario.Controller.ReconfigurationDowntimeS,
            Testbed: scenario.Testbed,
            Hops: hops,
            Replication: replication);
        var run = RunDriver.Run(scenario, algorithm, repeat, seed => new SimulatedContinuum(new Kernel.Simulation(seed), topology, options));
        return new ExperimentResult(run.Summary, run.Timing, run.Log, run.Timeline, run.Controller) { Nodes = run.Nodes };
    }
}
