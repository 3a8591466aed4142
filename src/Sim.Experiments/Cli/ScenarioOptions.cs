namespace T2CSim.Experiments.Cli;

using System.CommandLine;
using System.Globalization;
using T2CSim.Core;
using T2CSim.Core.Extensions;
using T2CSim.Core.Scenarios;

/// <summary>
/// The options every scenario-driven command shares (run, sweep, plan, hil, validate): the file,
/// `--set key.path=value` overrides, the shortcuts --multiplier, --seed and --duration, and --plugin.
/// </summary>
public sealed class ScenarioOptions
{
    public Option<string> Scenario { get; }
    public Option<string[]> Set { get; } = new("--set") { Description = "Override a scenario field, e.g. --set controller.aggregation_period_s=20 (repeatable).", AllowMultipleArgumentsPerToken = false };
    public Option<double?> Multiplier { get; } = new("--multiplier") { Description = "Workload multiplier of the 311 rate (1X, 20X, ...)." };
    public Option<long?> Seed { get; } = new("--seed") { Description = "Seed of the run (repeat 0)." };
    public Option<double?> Duration { get; } = new("--duration") { Description = "Simulated seconds per run." };
    public Option<string[]> Plugin { get; } = new("--plugin") { Description = "Load a plugin assembly first: its IExtension classes register planners, arrival processes, metrics (repeatable; docs/extending.md).", AllowMultipleArgumentsPerToken = false };
    public Option<long> MaxRequests { get; } = new("--max-requests") { Description = "Refuse a run that could generate more requests than this (memory: ~1 KB each).", DefaultValueFactory = _ => RunLimits.DefaultMaxRequests };

    public ScenarioOptions(string defaultScenario = "scenarios/thesis-planning.yaml")
    {
        Scenario = new Option<string>("--scenario") { Description = $"Scenario YAML file (default {defaultScenario}).", DefaultValueFactory = _ => defaultScenario };
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Scenario);
        command.Options.Add(Set);
        command.Options.Add(Multiplier);
        command.Options.Add(Seed);
        command.Options.Add(Duration);
        command.Options.Add(MaxRequests);
        command.Options.Add(Plugin);
    }

    public Scenario Load(ParseResult parse)
    {
        LoadPlugins(parse);
        var overrides = new List<string>(parse.GetValue(Set) ?? []);
        var inv = CultureInfo.InvariantCulture;
        if (parse.GetValue(Multiplier) is { } m)
        {
            if (!(m > 0)) throw new UserInputException(null, "--multiplier", $"{m.ToString(inv)} is not a positive number");
            overrides.Add("workload.multiplier=" + m.ToString("R", inv));
        }
        if (parse.GetValue(Seed) is { } s) overrides.Add("seed=" + s.ToString(inv));
        if (parse.GetValue(Duration) is { } d)
        {
            if (!(d > 0)) throw new UserInputException(null, "--duration", $"{d.ToString(inv)} is not a positive number of seconds");
            overrides.Add("duration_s=" + d.ToString("R", inv));
        }
        long max = parse.GetValue(MaxRequests);
        if (max < 1) throw new UserInputException(null, "--max-requests", $"{max} is not a positive number of requests");
        return ScenarioLoader.Load(ResolvePath(parse.GetValue(Scenario)!), overrides, new RunLimits(max));
    }

    /// <summary>Loads the --plugin assemblies: before any scenario is read, since one may name their arrival process and the command their algorithm.</summary>
    public void LoadPlugins(ParseResult parse)
    {
        foreach (var plugin in parse.GetValue(Plugin) ?? []) PluginLoader.Load(plugin);
    }

    /// <summary>A relative scenario path is taken from the current folder, else from the checkout.</summary>
    public static string ResolvePath(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path)) return path;
        if (ProjectPaths.Root is { } root && File.Exists(Path.Combine(root, path))) return Path.Combine(root, path);
        return path;
    }
}
