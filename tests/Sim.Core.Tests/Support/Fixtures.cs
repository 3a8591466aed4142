namespace T2CSim.Tests.Core.Support;

using T2CSim.Core.Domain;

/// <summary>
/// Small inputs the tests write themselves, so no test depends on the measured lookup tables.
/// The two-task table "duo": stem 1..2 shared, task a = stem + a.fc (position 3), task b = stem +
/// b.conv, b.fc (positions 3, 4); each task has an early exit and a final exit.
/// </summary>
public static class Fixtures
{
    public const string DuoTable = """
        # model: duo
        # produced-by: hand-written test fixture
        kind,task,position,name,output_bytes,device_ms,edge_ms,cloud_ms,accuracy
        input,,0,input,1000,,,,
        stem,,1,stem1,4000,10,4,2,
        stem,,2,stem2,2000,20,8,4,
        branch,a,3,a.fc,500,30,12,6,
        branch,b,3,b.conv,1500,40,16,8,
        branch,b,4,b.fc,100,25,10,5,
        exit,a,1,a.exit1,10,5,2,1,0.6
        exit,a,3,a.final,10,3,1.5,0.5,0.8
        exit,b,2,b.exit1,10,6,3,1,0.7
        exit,b,4,b.final,10,2,1,0.5,0.9
        """;

    /// <summary>Links of the thesis, with 4 Mbps of background traffic on the device-edge WiFi.</summary>
    public static Topology DuoTopology() => new(
        [new TierSpec("device", 1, 1), new TierSpec("edge", 2, 2), new TierSpec("cloud", 4, 4)],
        [new LinkSpec("sensor_device", 1e6, 0.001, 0), new LinkSpec("device_edge", 24e6, 0.003, 4e6), new LinkSpec("edge_cloud", 40e6, 0.005, 0)]);

    public static ModelSpec Duo(Topology topology) =>
        LookupTable.Parse(DuoTable.Split('\n'), "duo.csv").ToModelSpec(topology, "duo.csv");

    /// <summary>A job's tasks of `model`, each at its exit number (index into the task's exits), as InferenceJob and StagePlan take them.</summary>
    public static (TaskSpec Task, ExitSpec Exit)[] TasksAt(ModelSpec model, params (string Task, int Exit)[] tasks) =>
        tasks.Select(t => (model.Task(t.Task), model.Task(t.Task).Exits[t.Exit])).ToArray();

    /// <summary>A profile whose rate in hour h is 100 + 10 h requests per hour.</summary>
    public static string RampProfile()
    {
        var lines = new List<string> { "# hand-written test fixture: rate(h) = 100 + 10 h", "hour,requests_per_hour,requests,covered_hours" };
        for (int h = 0; h < 24; h++) lines.Add($"{h},{100 + 10 * h},,");
        return string.Join('\n', lines) + "\n";
    }

    public const string ScenarioYaml = """
        name: fixture
        seed: 7
        duration_s: 60
        repeats: 2
        topology:
          tiers:
            - {name: device, slots: 1, cores: 1}
            - {name: edge, slots: 2, cores: 2}
            - {name: cloud, slots: 4, cores: 4}
          links:
            - {name: sensor_device, capacity_mbps: 1, latency_ms: 1}
            - {name: device_edge, capacity_mbps: 24, latency_ms: 3, background_mbps: 4}
            - {name: edge_cloud, capacity_mbps: 40, latency_ms: 5}
        models:
          - name: duo
            table: tables/duo.csv
            accuracy: {a: {a.exit1: 0.65}}
        workload:
          profile: ramp.csv
          start_hour: 3
          multiplier: 2
          accuracy: {distribution: uniform, low: 0.6, high: 0.9}
          latency_s: {distribution: choice, values: [0.2, 0.3], weights: [3, 1]}
        controller:
          aggregation_period_s: 20
        compute_noise: 0.1
        events:
          - {at_s: 30, link: device_edge, background_mbps: 8}
          - {at_s: 20, link: edge_cloud, capacity_factor: 0.5}
        sweep:
          multipliers: [1, 2]
          algorithms: [NEU, T2C_MHE]
        """;
}

/// <summary>A scratch folder holding the fixture scenario, its table and profile; deleted on dispose.</summary>
public sealed class ScenarioFolder : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "t2c-scenario-" + Guid.NewGuid().ToString("N"));

    public ScenarioFolder(string? yaml = null, string? table = null)
    {
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "tables"));
        File.WriteAllText(Path.Combine(Directory, "tables", "duo.csv"), table ?? Fixtures.DuoTable);
        File.WriteAllText(Path.Combine(Directory, "ramp.csv"), Fixtures.RampProfile());
        File.WriteAllText(ScenarioPath, yaml ?? Fixtures.ScenarioYaml);
    }

    public string ScenarioPath => Path.Combine(Directory, "scenario.yaml");
    public string TablePath => Path.Combine(Directory, "tables", "duo.csv");

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
