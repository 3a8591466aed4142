namespace T2CSim.Experiments.Commands.Bench;

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using T2CSim.Core;
using T2CSim.Experiments.Cli;
using T2CSim.Experiments.Commands;
using T2CSim.Experiments.Sweeps;

/// <summary>
/// `t2c bench sweep`: wall time of the thesis's whole planning-phase evaluation (by default 6
/// algorithms x 5 multipliers x 5 repeats of 5 simulated minutes) on all cores, and the simulation's
/// rate: the events of every run over that wall time. Nothing is written: this times the simulation,
/// not the CSV and plots. Also prints the busiest cells, where optimisation would pay.
/// </summary>
public sealed class SweepBenchCommand : IBenchSubcommand
{
    public Command Build()
    {
        var scenario = new ScenarioOptions();
        var parallel = new Option<int>("--parallel") { Description = "Runs at once (default: the processor count).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var repeats = new Option<int?>("--repeats") { Description = "Runs per (algorithm, multiplier) (default: the scenario's repeats)." };
        var command = new Command("sweep", "Wall time and events per second of the full planning-phase sweep.");
        scenario.AddTo(command);
        command.Options.Add(parallel);
        command.Options.Add(repeats);
        command.SetAction(parse =>
        {
            int workers = parse.GetValue(parallel);
            if (workers < 1) throw new UserInputException(null, "--parallel", $"{workers}: at least one worker is needed");
            Run(SweepPlan.From(scenario.Load(parse), repeats: parse.GetValue(repeats)), workers);
        });
        return command;
    }

    private static void Run(SweepPlan plan, int workers)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = plan.Scenario;
        Console.WriteLine($"t2c bench sweep: {s.Name}, {plan.Algorithms.Count} algorithms x {plan.Multipliers.Count} multipliers x {plan.Repeats} repeats = {plan.Cells.Count} runs of {s.DurationS.ToString(inv)} s, " +
                          $"{workers} workers, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC" +
                          (Debugger.IsAttached || !Optimized ? " (NOT an optimised build: use -c Release)" : ""));
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var runs = SweepRunner.Run(plan, workers);
        double wallS = wall.Elapsed.TotalSeconds;
        double cpuS = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        long events = runs.Sum(r => r.Timing.Events);
        Console.WriteLine(string.Create(inv, $"wall {wallS:0.00} s, CPU {cpuS:0.00} s, {events:N0} events, {events / wallS:N0} events/s ({events / cpuS:N0} per CPU s)"));
        Console.WriteLine("busiest cells (wall s per run, mean over repeats):");
        foreach (var g in runs.GroupBy(r => (r.Cell.Algorithm, r.Cell.Multiplier)).OrderByDescending(g => g.Average(r => r.Timing.WallS)).Take(5))
            Console.WriteLine(string.Create(inv, $"  {g.Key.Algorithm,-9} {g.Key.Multiplier,4}x  {g.Average(r => r.Timing.WallS),7:0.000} s  {g.Average(r => r.Timing.Events),10:N0} events  planner {g.Average(r => r.Timing.PlannerCpuS) * 1000,8:0.0} ms"));
    }

    private static bool Optimized =>
        typeof(SweepBenchCommand).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false) is not [DebuggableAttribute { IsJITOptimizerDisabled: true }];
}
