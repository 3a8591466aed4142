namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using System.Globalization;
using T2CSim.Core;
using T2CSim.Experiments.Cli;
using T2CSim.Experiments.Results;
using T2CSim.Experiments.Sweeps;

/// <summary>
/// `t2c sweep [--scenario FILE] [--algorithms A,B] [--multipliers 1,20] [--repeats N] [--vary FIELD=v1,v2 ...]
/// [--shard i/N] [--parallel N] [--out DIR] [--no-plots]`: every (algorithm, grid point, multiplier,
/// repeat) of the scenario's sweep as an independent run, spread over the cores; writes runs.csv,
/// summary.csv, timing.csv, timelines.csv, events.csv, node-classes.csv, scenario.yaml and the plots to
/// results/&lt;scenario name&gt; by default. With --shard only a slice of the cells runs (SweepShard),
/// for `t2c merge` to join.
/// </summary>
public sealed class SweepCommand : ICliCommand
{
    public Command Build()
    {
        var scenario = new ScenarioOptions();
        var algorithms = new Option<string?>("--algorithms") { Description = "Comma-separated algorithms (default: the scenario's sweep.algorithms)." };
        var multipliers = new Option<string?>("--multipliers") { Description = "Comma-separated workload multipliers (default: the scenario's sweep.multipliers)." };
        var repeats = new Option<int?>("--repeats") { Description = "Runs per (algorithm, multiplier), seeds seed..seed+N-1 (default: the scenario's repeats)." };
        var parallel = new Option<int>("--parallel") { Description = "Runs at once (default: the processor count).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string?>("--out") { Description = "Folder for the results (default results/<scenario name>)." };
        var noPlots = new Option<bool>("--no-plots") { Description = "Write the CSV files only." };
        var vary = new Option<string[]>("--vary") { Description = "Vary a scenario field over values (a --set path), crossed with the rest: --vary controller.deployment_time_s=2,10,30 (repeatable; default: the scenario's sweep.vary).", AllowMultipleArgumentsPerToken = false };
        var shard = new Option<string?>("--shard") { Description = "Run only slice i of N of the cells (0-based, e.g. 0/4), for `t2c merge`." };
        var command = new Command("sweep", "Run a scenario's sweep over algorithms and workload multipliers; write tidy CSV and plots.");
        scenario.AddTo(command);
        command.Options.Add(algorithms);
        command.Options.Add(multipliers);
        command.Options.Add(repeats);
        command.Options.Add(parallel);
        command.Options.Add(output);
        command.Options.Add(noPlots);
        command.Options.Add(vary);
        command.Options.Add(shard);
        command.SetAction(parse =>
        {
            int workers = parse.GetValue(parallel);
            if (workers < 1) throw new UserInputException(null, "--parallel", $"{workers}: at least one worker is needed");
            var s = scenario.Load(parse);
            var slice = parse.GetValue(shard) is { } text ? SweepShard.Parse(text) : null;
            var varied = parse.GetValue(vary) is { Length: > 0 } v ? v.Select(SweepGrid.Parse).ToList() : null;
            var plan = SweepPlan.From(s, SplitList(parse.GetValue(algorithms)), ParseMultipliers(parse.GetValue(multipliers)), parse.GetValue(repeats), varied);
            string dir = parse.GetValue(output) ?? Path.Combine("results", s.Name);
            string grid = string.Concat(plan.Grid.Fields.Select(f => $" x {f.Values.Count} {f.Field}"));
            string part = slice is null ? "" : $" (shard {slice}: {slice.Of(plan.Cells).Count} of them)";
            Console.WriteLine($"{s.Name}: {plan.Algorithms.Count} algorithms{grid} x {plan.Multipliers.Count} multipliers x {plan.Repeats} repeats = {plan.Cells.Count} runs{part} of {s.DurationS.ToString(CultureInfo.InvariantCulture)} s on {workers} workers");
            var outcome = SweepJob.Execute(plan, dir, workers, plots: !parse.GetValue(noPlots), shard: slice);
            long events = outcome.Runs.Sum(r => r.Timing.Events);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{outcome.Runs.Count} runs in {outcome.Wall.TotalSeconds:0.0} s ({events / Math.Max(outcome.Wall.TotalSeconds, 1e-9):0} events/s)"));
            Console.WriteLine($"wrote {Path.Combine(dir, SweepFiles.Runs)}, {SweepFiles.Summary}, {SweepFiles.Timing}, {SweepFiles.Timelines}, {SweepFiles.Events}, {SweepFiles.NodeClasses}, {SweepFiles.ScenarioCopy}"
                + (outcome.Plots.Count > 0 ? $" and {outcome.Plots.Count} plot files in {Path.Combine(dir, "plots")}" : ""));
        });
        return command;
    }

    internal static List<string>? SplitList(string? text) =>
        text is null ? null : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    internal static List<double>? ParseMultipliers(string? text) =>
        SplitList(text)?.Select(m => double.TryParse(m, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && !double.IsInfinity(v)
            ? v : throw new UserInputException(null, "--multipliers", $"'{m}' is not a positive number")).ToList();
}
