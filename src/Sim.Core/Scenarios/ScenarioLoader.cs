namespace T2CSim.Core.Scenarios;

using YamlDotNet.RepresentationModel;

/// <summary>
/// Loads a scenario: YAML tree, --set overrides, then binding with validation. Every invalid
/// scenario is refused with a one-line UserInputException naming the file, the field path (in the
/// --set syntax) and the problem; relative paths (tables, profile) are relative to the YAML file.
/// </summary>
public static class ScenarioLoader
{
    internal static readonly string[] TopLevelKeys =
        ["name", "description", "seed", "duration_s", "repeats", "topology", "models", "workload", "controller", "compute_noise", "events", "sweep", "testbed"];

    public static Scenario Load(string path, IReadOnlyList<string>? overrides = null, RunLimits? limits = null)
    {
        var file = Path.GetFullPath(path);
        var root = ScenarioYaml.Load(file);
        overrides ??= [];
        ScenarioOverrides.Apply(root, overrides, file);
        var scenario = Bind(root, file, overrides) with { Limits = limits ?? RunLimits.Default };
        scenario.Limits.Check(scenario, scenario.Workload.Multiplier);
        return scenario;
    }

    private static Scenario Bind(YamlMappingNode root, string file, IReadOnlyList<string> overrides)
    {
        var top = YamlMap.Open(file, "", root, TopLevelKeys);
        string name = top.String("name");
        long seed = top.Long("seed");
        double duration = top.Double("duration_s");
        if (!(duration > 0)) throw top.Error("duration_s", $"{duration} is not a positive duration");
        int repeats = top.Int("repeats");
        if (repeats < 1) throw top.Error("repeats", $"{repeats}: at least one run is needed");
        double noise = top.Double("compute_noise", 0);
        if (noise < 0) throw top.Error("compute_noise", $"{noise}: a coefficient of variation cannot be negative");

        var directory = Path.GetDirectoryName(file)!;
        var topology = TopologySection.Bind(top.Map("topology", TopologySection.Keys));
        var models = ModelsSection.Bind(top, "models", topology, directory);
        var workload = WorkloadSection.Bind(top.Map("workload", WorkloadSection.Keys), models, directory, topology);
        var controller = ControllerSection.Bind(top.OptionalMap("controller", ControllerSection.Keys));
        var events = EventsSection.Bind(top, "events", topology);
        var sweep = SweepSection.Bind(top.OptionalMap("sweep", SweepSection.Keys));

        // A testbed description (docs/validation.md) adds the execution-model terms; none: the ideal world.
        var testbed = top.Optional("testbed") is null ? null : Execution.TestbedLoader.Load(ResolveFile(top, "testbed", directory, "testbed description"), topology);
        return new Scenario(name, top.OptionalString("description") ?? "", file, seed, duration, repeats, topology, models, workload,
            controller, noise, events, sweep, overrides.ToArray(), Serialize(root)) { Testbed = testbed };
    }

    private static string Serialize(YamlMappingNode root)
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    /// <summary>A path written in the scenario, resolved against its folder; refused when the file is missing.</summary>
    internal static string ResolveFile(YamlMap map, string key, string directory, string what)
    {
        var written = map.String(key);
        var full = Path.GetFullPath(Path.Combine(directory, written));
        if (Directory.Exists(full)) throw map.Error(key, $"{what} '{written}' is a folder, not a file (looked at {full})");
        if (!File.Exists(full)) throw map.Error(key, $"{what} '{written}' not found (looked at {full})");
        if (InputFile.SpecialKind(full) is { } kind) throw map.Error(key, $"{what} '{written}' is a {kind}, not a regular file");
        return full;
    }
}
