namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using System.Globalization;
using T2CSim.Core;
using T2CSim.Core.Metrics;
using T2CSim.Core.Planning;
using T2CSim.Core.Simulation;
using T2CSim.Experiments.Cli;
using T2CSim.Experiments.Results;

/// <summary>
/// `t2c run --scenario FILE --algorithm NAME [--multiplier X] [--seed S] [--replication K] --out DIR [--hops]`: one simulated
/// experiment; writes requests.csv, timeline.csv, summary.csv (and timing.csv; with --hops sim-hops.csv), the per node class, link and
/// device files (RunFolder) and prints a summary.
/// </summary>
public sealed class RunCommand : ICliCommand
{
    public Command Build()
    {
        var scenario = new ScenarioOptions();
        var algorithm = new Option<string>("--algorithm") { Description = $"One of {string.Join(", ", AlgorithmCatalog.Names)}.", Required = true };
        var repeat = new Option<int>("--repeat") { Description = "Which repeat of the scenario (seed + repeat).", DefaultValueFactory = _ => 0 };
        // What `t2c validate --suite` pools per run (SimulatedReplications): the same arrivals, the execution's
        // randomness (compute noise, the testbed's stage spread) from replication K's own streams.
        var replication = new Option<int>("--replication") { Description = "Which replication of the run's execution randomness (the same arrivals; 0: the plain run, as `t2c validate` numbers them).", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "Folder for the results (default results/run/<scenario>-<algorithm>-<multiplier>x)." };
        var hops = new Option<bool>("--hops") { Description = "Also write sim-hops.csv: every job's time per hop (scenarios with a testbed description; docs/validation.md, \"Hop records\")." };
        var command = new Command("run", "Run one simulated experiment and write its results.");
        scenario.AddTo(command);
        command.Options.Add(algorithm);
        command.Options.Add(repeat);
        command.Options.Add(replication);
        command.Options.Add(output);
        command.Options.Add(hops);
        command.SetAction(parse =>
        {
            int k = parse.GetValue(replication);
            if (k < 0) throw new UserInputException(null, "--replication", $"a replication is 0 or more, not {k}");
            var s = scenario.Load(parse);
            var spec = AlgorithmCatalog.Get(parse.GetValue(algorithm)!);
            var recorder = parse.GetValue(hops) ? new Core.Execution.HopRecorder() : null;
            var result = Experiment.Run(s, spec.Name, parse.GetValue(repeat), hops: recorder, replication: k);
            string dir = parse.GetValue(output) ?? Path.Combine("results", "run", $"{s.Name}-{spec.Name}-{s.Workload.Multiplier.ToString(CultureInfo.InvariantCulture)}x");
            RunFolder.Write(dir, s, result.Log, result.Timeline, result.Summary, result.Timing, result.Nodes);
            Print(result.Summary, result.Timing);
            if (result.Nodes is { } usage) PrintNodeClasses(usage);
            if (recorder is not null) Validation.SimHopFile.Write(Path.Combine(dir, "sim-hops.csv"), recorder.Hops);
            Console.WriteLine($"wrote {Path.Combine(dir, "requests.csv")}, timeline.csv, summary.csv, timing.csv, {string.Join(", ", RunFolder.MoreFiles)}{(recorder is null ? "" : ", sim-hops.csv")}");
        });
        return command;
    }

    /// <summary>One line per run: each node class's mean core and slot utilisation (node-classes.csv).</summary>
    internal static void PrintNodeClasses(NodeClassUsage usage) =>
        Console.WriteLine("  node classes: " + string.Join("; ", usage.Summary().Select(f => string.Create(CultureInfo.InvariantCulture,
            $"{f.Class} x{f.Nodes} cores {f.CoreUtilisation * 100:0.0} %, slots {f.SlotsUsedMean:0.##}/{f.Slots} (peak {f.SlotsUsedPeak})"))));

    internal static void Print(RunSummary s, RunTiming t)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"{s.Scenario} {s.Algorithm} {s.Multiplier}x seed {s.Seed}, {s.DurationS} s"));
        Console.WriteLine(string.Create(inv, $"  arrived {s.Arrived} = served {s.Served} + missed {s.Missed} (latency {s.MissedLatency}, accuracy {s.MissedAccuracy}) + unserved {s.Unserved} (queued {s.UnservedQueued}, unfinished {s.UnservedUnfinished}, lost {s.UnservedLost})"));
        Console.WriteLine(string.Create(inv, $"  satisfied ratio {s.SatisfiedRatio:P1}, latency mean {s.MeanLatencyS * 1000:0.#} ms (p95 {s.P95LatencyS * 1000:0.#}), accuracy {s.MeanAccuracy:P1}, queuing {s.MeanQueuingS:0.##} s"));
        Console.WriteLine(string.Create(inv, $"  deployments {s.Deployments} (mean {s.MeanDeploymentTimeS:0.##} s to serve), hitchhiked {s.Hitchhiked}, reconfigurations {s.Reconfigurations}"));
        Console.WriteLine(string.Create(inv, $"  data plane {s.DataPlaneMbps:0.###} Mbps, control {s.ControlMbps:0.####} Mbps; planner {t.PlannerCalls} calls, {t.PlannerCpuS * 1000:0.###} ms CPU; {t.Events} events in {t.WallS:0.###} s"));
    }
}
