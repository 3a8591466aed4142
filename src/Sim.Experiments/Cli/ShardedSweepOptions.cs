namespace T2CSim.Experiments.Cli;

using System.CommandLine;
using System.Globalization;
using T2CSim.Experiments.Commands;
using T2CSim.Experiments.Deployment;
using T2CSim.Experiments.Sweeps;

/// <summary>
/// The options of the cluster-job generators (`t2c k8s sweep-job`, `t2c slurm sweep-array`): the
/// sweep's own options, passed on to every shard as written, plus the shard count, a name and where
/// results go. The sweep is planned here first, so a bad field or value is refused now, in one line,
/// not in N pods or array tasks later.
/// </summary>
public sealed class ShardedSweepOptions
{
    private readonly ScenarioOptions _scenario = new();
    private readonly Option<string?> _algorithms = new("--algorithms") { Description = "As for t2c sweep." };
    private readonly Option<string?> _multipliers = new("--multipliers") { Description = "As for t2c sweep." };
    private readonly Option<int?> _repeats = new("--repeats") { Description = "As for t2c sweep." };
    private readonly Option<string[]> _vary = new("--vary") { Description = "As for t2c sweep (repeatable).", AllowMultipleArgumentsPerToken = false };
    private readonly Option<int> _shards = new("--shards") { Description = "Number of shards (pods / array tasks).", Required = true };
    private readonly Option<string?> _name = new("--name") { Description = "Job name (default: t2c-<scenario name>)." };
    public Option<string> Output { get; } = new("--out") { Description = "Folder for the generated files.", Required = true };

    public Option<string> Results { get; }

    public ShardedSweepOptions(string defaultResults) =>
        Results = new Option<string>("--results") { Description = $"Results root as the jobs see it (default {defaultResults}).", DefaultValueFactory = _ => defaultResults };

    public void AddTo(Command command)
    {
        _scenario.AddTo(command);
        foreach (var o in new Option[] { _algorithms, _multipliers, _repeats, _vary, _shards, _name, Output, Results }) command.Options.Add(o);
    }

    public ShardedSweep Load(ParseResult parse)
    {
        var scenario = _scenario.Load(parse);
        var varied = parse.GetValue(_vary) is { Length: > 0 } v ? v.Select(SweepGrid.Parse).ToList() : null;
        var plan = SweepPlan.From(scenario, SweepCommand.SplitList(parse.GetValue(_algorithms)), SweepCommand.ParseMultipliers(parse.GetValue(_multipliers)), parse.GetValue(_repeats), varied);
        var inv = CultureInfo.InvariantCulture;
        // The scenario path as written: the jobs resolve it in their own file system (the image's working folder, the cluster's shared disk).
        var args = new List<string> { "--scenario", parse.GetValue(_scenario.Scenario)! };
        foreach (var p in parse.GetValue(_scenario.Plugin) ?? []) args.AddRange(["--plugin", p]);
        foreach (var s in parse.GetValue(_scenario.Set) ?? []) args.AddRange(["--set", s]);
        if (parse.GetValue(_scenario.Multiplier) is { } m) args.AddRange(["--multiplier", m.ToString("R", inv)]);
        if (parse.GetValue(_scenario.Seed) is { } seed) args.AddRange(["--seed", seed.ToString(inv)]);
        if (parse.GetValue(_scenario.Duration) is { } d) args.AddRange(["--duration", d.ToString("R", inv)]);
        args.AddRange(["--algorithms", string.Join(",", plan.Algorithms)]);
        args.AddRange(["--multipliers", string.Join(",", plan.Multipliers.Select(x => x.ToString("R", inv)))]);
        args.AddRange(["--repeats", plan.Repeats.ToString(inv)]);
        foreach (var f in plan.Grid.Fields) args.AddRange(["--vary", $"{f.Field}={string.Join(",", f.Values)}"]);
        int shards = parse.GetValue(_shards);
        if (shards > plan.Cells.Count) throw new T2CSim.Core.UserInputException(null, "--shards", $"{shards} shards for {plan.Cells.Count} runs: some would have nothing to do");
        string name = parse.GetValue(_name) ?? "t2c-" + new string(scenario.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return ShardedSweep.Create(name, args, shards, parse.GetValue(Results)!);
    }
}
